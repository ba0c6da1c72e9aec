"""The JSON API, /api/v1: thin views over the areas' services. It owns no logic."""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, jsonify, request
from flask_login import current_user

from eventsys.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Bearer tokens, not cookies, authenticate API writes; see require_json_for_writes below.
csrf.exempt(bp)


def json_error(status: int, message: str, **extra):
    body = {"error": message, "status": status}
    body.update(extra)
    return jsonify(body), status


@bp.before_request
def require_json_for_writes():
    # A cross-site form cannot send application/json without a CORS preflight (which we never
    # grant), so requiring it on writes keeps cookie-authenticated requests safe without CSRF tokens.
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and not request.is_json:
        return json_error(415, "Send a JSON body with Content-Type: application/json.")


def require_login(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return json_error(401, "Authentication required: send Authorization: Bearer <token>.")
        return view(*args, **kwargs)

    return wrapper


from eventsys.api import agenda, badges, checkin, events, outcomes, registration, reports  # noqa: E402,F401,I001
