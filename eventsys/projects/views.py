"""The projects area's blueprint. Its routes are split by audience: views_public.py (accepted
projects, anyone), views_personal.py (a city representative's own submissions, by their signed
manage link), views_manage.py (the call, the list and each project's page for the team) and
views_manage_decide.py (reviewers' scores, the organizers' decisions, pitch sessions, action items)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("projects", __name__)

# Imported last: they add their routes to the blueprint above.
from eventsys.projects import views_manage, views_manage_decide, views_personal, views_public  # noqa: E402,F401  (imported for their routes, once the blueprint above exists)
