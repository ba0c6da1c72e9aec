"""Errors, turned into a friendly page or, under /api/, a JSON body with a reason. Once, here.

A database out of reach (restarting, failed over, a network cut) is not a bug: the request is
answered 503 with Retry-After, "briefly unavailable", logged as one warning line without a
traceback, and the connections it broke are discarded so the next request connects afresh
(docs/operations.md, "Faults").
"""

from __future__ import annotations

import logging

from flask import current_app, g, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)
# Seconds a client (a browser's reader, a door scanner's queue, a load balancer) is asked to wait
# before trying again: about what a PostgreSQL restart or a fail-over takes.
RETRY_AFTER_SECONDS = 5
# SQLSTATEs of a server that cannot serve now: the connection exception class (08...), an
# administrator's or a crash's shutdown (57P01, 57P02), and "starting up / shutting down" (57P03).
_UNAVAILABLE_SQLSTATE_CLASS = "08"
_UNAVAILABLE_SQLSTATES = frozenset({"57P01", "57P02", "57P03"})
# Errors raised on the client's side, which carry no SQLSTATE: the connection could not be made or
# was lost (psycopg's and libpq's words), or SQLite's file is out of reach or held by a writer
# beyond the busy timeout.
_UNAVAILABLE_MESSAGES = (
    "connection failed",
    "could not connect",
    "connection refused",
    "server closed the connection",
    "connection is closed",
    "connection is lost",
    "connection timeout",
    "timeout expired",
    "terminating connection",
    "the database system is",
    "unable to open database file",
    "database is locked",
)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The request could not be understood. Please check what you sent.")),
        401: (_("Sign-in required"), _("Please sign in, or send an API token, to use this.")),
        403: (
            _("Not allowed"),
            _(
                "You do not have permission to see this page. "
                "If you think you should, sign in or ask the event's organizer."
            ),
        ),
        404: (_("Page not found"), _("We could not find that page. It may have moved, or the link may be mistyped.")),
        405: (_("Method not allowed"), _("This address does not accept that kind of request.")),
        413: (_("Too large"), _("What you sent is larger than we accept.")),
        429: (
            _("Too many attempts"),
            _("You have tried this too many times in a short while. Please wait and try again later."),
        ),
        500: (
            _("Something went wrong"),
            _("An unexpected error happened on our side. It has been logged; please try again in a moment."),
        ),
        503: (
            _("Briefly unavailable"),
            _("The service is briefly unavailable; please try again in a moment."),
        ),
    }


# The stable codes of the JSON API's errors, by status (an operation may send a more precise one).
ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}


def error_body(status: int, message: str, *, code: str | None = None, errors: dict | None = None, **extra) -> dict:
    """The one shape of every JSON error: `{"error": code, "message": text, "status": n}`, with
    `errors` (per field, a list of messages) when fields were wrong, and any details after."""
    body = {"error": code or ERROR_CODES.get(status, "error"), "message": str(message), "status": status}
    if errors:
        body["errors"] = {
            str(name): [str(m) for m in (value if isinstance(value, list | tuple) else [value])]
            for name, value in errors.items()
        }
    body.update(extra)
    return body


def json_error_response(status: int, message: str, *, code: str | None = None, headers: dict | None = None, **extra):
    response = jsonify(error_body(status, message, code=code, **extra))
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _field_errors(exc: HTTPException) -> dict | None:
    """The per-field messages of a request body refused by its schema (webargs, under the API)."""
    messages = (getattr(exc, "data", None) or {}).get("messages")
    if not isinstance(messages, dict):
        return None
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        else:
            flat[prefix or "body"] = [str(m) for m in (value if isinstance(value, list) else [value])]

    for location_messages in messages.values():
        walk("", location_messages)
    return flat


def render_error(status: int, detail: str | None = None, *, errors: dict | None = None):
    title, message = _titles().get(status, (_("Error"), ""))
    if wants_json():
        response = jsonify(error_body(status, detail or message, errors=errors))
    else:
        response = make_response(
            render_template("errors/error.html", status=status, title=title, message=detail or message)
        )
    response.status_code = status
    return response


def database_unavailable(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it) says the database cannot be reached now, rather than that
    a statement is wrong: SQLAlchemy saw the connection drop, or the driver's error is one of a
    connection refused, lost, or a server shutting down or starting up."""
    seen = 0
    while exc is not None and seen < 5:  # a service may wrap the driver's error in its own
        if isinstance(exc, DBAPIError):
            if exc.connection_invalidated:
                return True
            sqlstate = getattr(exc.orig, "sqlstate", None)
            if sqlstate:
                return sqlstate.startswith(_UNAVAILABLE_SQLSTATE_CLASS) or sqlstate in _UNAVAILABLE_SQLSTATES
            message = str(exc.orig).lower()
            return any(words in message for words in _UNAVAILABLE_MESSAGES)
        exc, seen = exc.__cause__, seen + 1
    return False


def _discard_database_session() -> None:
    """End the request's transaction and close its connections *invalidated*: a connection the
    outage broke is thrown away instead of going back to the pool, so the next request opens a new
    one (the pool pings the other connections that sat idle before handing them out)."""
    from eventsys.db import db

    try:
        db.session().invalidate()  # the session itself: scoped_session does not pass invalidate() on
    except Exception:  # the session is being thrown away: nothing more to do with it
        log.debug("discarding the database session failed", exc_info=True)


def _render_as_visitor() -> None:
    """The error page shows no one signed in: who is cannot be read without the database, and the
    page's menu asking would fail again inside this handler (a bare 500)."""
    # What Flask-Login's current_user returns (the app's login manager: errors sit below extensions).
    g._login_user = current_app.login_manager.anonymous_user()


def database_unavailable_response(exc: BaseException):
    """503, "briefly unavailable", with Retry-After: an HTML page, or the API's JSON error body."""
    cause = getattr(exc, "orig", None) or exc  # the driver's error: its first line says what happened
    first_line = next(iter(str(cause).strip().splitlines()), "")
    log.warning("database unavailable on %s %s: %s: %s", request.method, request.path, type(cause).__name__, first_line)
    _discard_database_session()
    _render_as_visitor()
    response = render_error(503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return render_error(
            400, _("Your form expired or was sent from another page. Please go back, reload the page and try again.")
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        detail = exc.description if isinstance(exc.description, str) and exc.code not in (404, 500) else None
        if exc.code == 429:
            detail = None
        errors = _field_errors(exc) if wants_json() else None
        if errors:
            detail = "The request is not valid: see errors."
        response = render_error(exc.code or 500, detail if wants_json() else None, errors=errors)
        if exc.code == 401 and wants_json():
            response.headers["WWW-Authenticate"] = 'Bearer realm="eventsys"'
        for name, value in exc.get_headers():
            if name.lower() in ("allow", "retry-after"):
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        if database_unavailable(exc):
            return database_unavailable_response(exc)
        log.exception("unhandled error on %s %s", request.method, request.path)
        from eventsys.db import db

        db.session.rollback()
        return render_error(InternalServerError.code)
