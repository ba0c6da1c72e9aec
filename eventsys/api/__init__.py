"""The JSON API, /api/v1: thin views over the areas' services. It owns no logic.

Who sends a request is Flask-Login's `current_user`: taken from the browser's sign-in cookies
(the session, or "remember me") when it has them, and only otherwise from an
`Authorization: Bearer <token>` header (accounts/__init__.py, load_user_from_bearer). So cookies do
authenticate API calls, writes included: the check-in scanner page, signed in, calls
POST /events/<slug>/checkins and GET /events/<slug>/checkin-keys from the same origin with its
cookies. Scripts and other clients use bearer tokens. Endpoints that need someone are wrapped in
`require_login`; reads of public data and POST /events/<slug>/registrations need no one.

The blueprint is exempt from CSRF tokens (a bearer-token client has no page to take one from);
`require_json_for_writes` below is what keeps cookie-authenticated writes from being forged.
"""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, jsonify, request
from flask_login import current_user

from eventsys.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


def json_error(status: int, message: str, **extra):
    body = {"error": message, "status": status}
    body.update(extra)
    return jsonify(body), status


@bp.before_request
def require_json_for_writes():
    # A cross-site page can only send application/json after a CORS preflight, which this app never
    # grants (it sends no Access-Control-Allow-* header), and a plain cross-site form cannot send it
    # at all; so requiring it on every write stops forged writes riding on a signed-in browser's
    # cookie, without CSRF tokens.
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and not request.is_json:
        return json_error(415, "Send a JSON body with Content-Type: application/json.")


def require_login(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return json_error(401, "Authentication required: send Authorization: Bearer <token>.")
        return view(*args, **kwargs)

    return wrapper


from eventsys.api import agenda, badges, checkin, events, outcomes, registration, reports  # noqa: E402,F401  (imported for their routes, once the blueprint above exists)
