"""The events area's two blueprints: `events` (the public home page and event pages, in
views_public.py) and `manage` (organizers' pages under /manage, in views_manage.py)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("events", __name__)
manage_bp = Blueprint("manage", __name__, url_prefix="/manage")

# Imported last: they add their routes to the blueprints above.
from eventsys.events import views_manage, views_public  # noqa: E402,F401  (imported for their routes, once the blueprint above exists)
