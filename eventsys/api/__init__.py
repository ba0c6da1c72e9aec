"""The JSON API, /api/v1: thin views over the areas' services. It owns no logic.

Who sends a request is Flask-Login's `current_user`: taken from the browser's sign-in cookies
(the session, or "remember me") when it has them, and only otherwise from an
`Authorization: Bearer <token>` header (accounts/__init__.py, load_user_from_bearer). So cookies do
authenticate API calls, writes included: the check-in scanner page, signed in, calls
POST /events/<slug>/checkins and GET /events/<slug>/checkin-keys from the same origin with its
cookies. Scripts and other clients use bearer tokens. Each endpoint declares who may call it with the
decorators of eventsys/accounts/permissions.py and eventsys/events/permissions.py, as pages do;
under /api their refusals are JSON (401 for no one, then 403 or 404) of the shape `json_error` gives.
Reads of public data and POST /events/<slug>/registrations are `public`.

The blueprint is exempt from CSRF tokens (a bearer-token client has no page to take one from);
`require_json_for_writes` below is what keeps cookie-authenticated writes from being forged.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

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


from eventsys.api import agenda, badges, checkin, events, outcomes, registration, reports  # noqa: E402,F401  (imported for their routes, once the blueprint above exists)
