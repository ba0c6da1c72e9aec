"""The documents area's blueprints. Its routes are split by audience: views_manage.py (organizers,
under /events/<slug>/documents), views_public.py (anyone: /verify/<code>) and views_personal.py (a
delegate's own documents under their manage link)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("documents", __name__, url_prefix="/events/<slug>/documents")
verify = Blueprint("verify", __name__)
personal = Blueprint("documents_personal", __name__)

# Imported last: they add their routes to the blueprints above.
from eventsys.documents import views_manage, views_personal, views_public  # noqa: E402,F401  (imported for their routes, once the blueprints above exist)
