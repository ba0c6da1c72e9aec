"""The feedback area's blueprint. Its routes are split by audience: views_personal.py (a delegate's
survey, by their signed manage link) and views_manage.py (the organizers' settings and results)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("feedback", __name__)

# Imported last: they add their routes to the blueprint above.
from eventsys.feedback import views_manage, views_personal  # noqa: E402,F401  (imported for their routes, once the blueprint above exists)
