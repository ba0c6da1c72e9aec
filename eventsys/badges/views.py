"""The badges area's blueprints. Its routes are split by audience: views_manage.py (the organizers'
badge pages under /events/<slug>/badges) and views_personal.py (a delegate's e-ticket, under their
manage link /events/<slug>/registration/<token>/, outside that prefix: hence a blueprint of its own)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("badges", __name__, url_prefix="/events/<slug>/badges")
tickets = Blueprint("tickets", __name__)

# Imported last: they add their routes to the blueprints above.
from eventsys.badges import views_manage, views_personal  # noqa: E402,F401  (imported for their routes, once the blueprints above exist)
