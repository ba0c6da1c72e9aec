"""The matchmaking area's blueprint. Its routes are split by audience: views_personal.py (a delegate's
meetings, directory and requests, by their signed link) and views_manage.py (the organizers' slots,
tables, grid and printable list)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("matchmaking", __name__)

# Imported last: they add their routes to the blueprint above.
from eventsys.matchmaking import views_manage, views_personal  # noqa: E402,F401  (imported for their routes, once the blueprint above exists)
