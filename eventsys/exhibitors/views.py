"""The exhibitors area's blueprint. Its routes are split by audience: views_public.py (the
application form, the directory, each exhibitor's page, the floor plan) and views_manage.py (the
organizers' applications, booths, staff and the floor plan editor)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("exhibitors", __name__)

# Imported last: they add their routes to the blueprint above.
from eventsys.exhibitors import views_manage, views_public  # noqa: E402,F401  (imported for their routes, once the blueprint above exists)
