"""Errors, turned into a friendly page or, under /api/, a JSON body with a reason. Once, here."""

from __future__ import annotations

import logging

from flask import jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


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
        log.exception("unhandled error on %s %s", request.method, request.path)
        from eventsys.db import db

        db.session.rollback()
        return render_error(InternalServerError.code)
