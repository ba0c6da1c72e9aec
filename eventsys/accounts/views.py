"""The accounts area's blueprint; its routes live in the views_* modules imported below."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("accounts", __name__)

# Imported last: they add their routes to the blueprint above.
from eventsys.accounts import (  # noqa: E402,F401  (imported for their routes, once the blueprint above exists)
    views_manage,
    views_personal,
    views_personal_signin,
    views_public,
)
