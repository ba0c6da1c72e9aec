"""The agenda area's blueprint. Its routes are split by audience: views_public.py (the published
agenda, session pages and exports), views_personal.py (a delegate's personal agenda and calendar
feed), views_manage.py and views_manage_people.py (the organizers' editor under /manage)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("agenda", __name__)

# Imported last: they add their routes to the blueprint above.
from eventsys.agenda import views_manage, views_manage_people, views_personal, views_public  # noqa: E402,F401  (imported for their routes, once the blueprint above exists)
