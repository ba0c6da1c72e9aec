"""One log line per request, and a request id that follows it through the logs and back to the client.

The line goes through the standard `logging` module (logger `eventsys.request`) to stderr, where
gunicorn, systemd or a container runtime collect it: JSON (LOG_FORMAT=json, production's default),
one object per line, or readable text in development. Every other record logged by the app during a
request (errors with their traceback included) carries the same `request_id`.

The request id is the client's or the proxy's `X-Request-ID` when it is sane (8 to 128 characters of
letters, digits and `._:+/=-`), else a new random one; every response echoes it in `X-Request-ID`.

Cost: tens of microseconds per request, against a budget of about 2 ms (one `perf_counter`, one random
id, one log record and `json.dumps` of a small dict); tests/ops/test_request_log.py measures it. The user id is logged only when the request already
loaded the user (Flask-Login's `g._login_user`): logging never costs a database query.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time

from flask import g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:+/=-]{8,128}")
# Path segments that are credentials (a delegate's signed manage link, a calendar feed's secret):
# logged as the parameter's name, never its value.
SECRET_VIEW_ARGS = ("token", "secret")
HANDLER_MARK = "_eventsys_log_handler"

request_log = logging.getLogger("eventsys.request")


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (test runners swap it), like logging.lastResort."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:  # StreamHandler.__init__ assigns it; the property decides
        pass


class RequestIdFilter(logging.Filter):
    """Gives every record the current request's id ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request.environ.get(ID_KEY, "-") if has_request_context() else "-"
        return True


def _utc_time(record: logging.LogRecord) -> str:
    """ISO 8601 in UTC with milliseconds: 2026-12-01T13:37:37.018Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request_id, message, the request's fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": _utc_time(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
        }
        fields = getattr(record, "fields", None)
        if fields:
            entry.update(fields)
        else:
            entry["message"] = record.getMessage()
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Readable lines for a developer's terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.request_id = getattr(record, "request_id", "-")
        return super().format(record)


def configure_logging(log_format: str) -> None:
    """One stderr handler on the `eventsys` logger for the whole process (tests build many apps: the
    last app's format wins). Records still propagate to the root logger, so pytest's caplog sees them."""
    root = logging.getLogger("eventsys")
    handler = next((h for h in root.handlers if getattr(h, HANDLER_MARK, False)), None)
    if handler is None:
        handler = _StderrHandler()
        setattr(handler, HANDLER_MARK, True)
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    request_log.setLevel(logging.INFO)
    # Alembic's env.py calls logging.config.fileConfig, which disables every logger that exists by
    # then; an app built after a migration in the same process (the tests) must still log, errors first.
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if name.startswith("eventsys") and isinstance(logger, logging.Logger):
            logger.disabled = False


def incoming_or_new_request_id(value: str | None) -> str:
    if value and SANE_REQUEST_ID.fullmatch(value):
        return value
    return secrets.token_hex(16)


def logged_path(req) -> str:
    """The path without its query string, and without the secrets some paths carry."""
    path = req.path
    arguments = req.view_args
    if arguments:
        for name in SECRET_VIEW_ARGS:
            value = arguments.get(name)
            if value:
                path = path.replace(str(value), f"<{name}>")
    return path


def _signed_in_user_id():
    user = g.get("_login_user")
    return getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None


# Kept in the WSGI environ rather than `g`: nothing else clears it during the request.
ID_KEY = "eventsys.request_id"
STARTED_KEY = "eventsys.request_started"


def current_request_id(req=None) -> str:
    """This request's id, made on first use."""
    req = req or request._get_current_object()
    environ = req.environ
    request_id = environ.get(ID_KEY)
    if request_id is None:
        request_id = environ[ID_KEY] = incoming_or_new_request_id(req.headers.get(REQUEST_ID_HEADER))
    return request_id


def start_request() -> None:
    req = request._get_current_object()
    req.environ[STARTED_KEY] = time.perf_counter()
    current_request_id(req)


def seconds_so_far(req=None) -> float | None:
    started = (req or request).environ.get(STARTED_KEY)
    return None if started is None else time.perf_counter() - started


def finish_request(response, *, quiet: bool = False):
    """Echo the request id; log the request (a `quiet` one only when it failed)."""
    req = request._get_current_object()  # one proxy lookup, not one per field
    request_id = current_request_id(req)
    response.headers[REQUEST_ID_HEADER] = request_id
    status = response.status_code
    level = logging.ERROR if status >= 500 else logging.WARNING if quiet and status >= 400 else logging.INFO
    if (not quiet or status >= 400) and request_log.isEnabledFor(level):
        seconds = seconds_so_far(req)
        fields = {
            "method": req.method,
            "path": logged_path(req),
            "endpoint": req.endpoint,
            "status": status,
            "duration_ms": round((seconds or 0.0) * 1000, 2),
            "remote_addr": req.remote_addr,
            "user_id": _signed_in_user_id(),
        }
        # makeRecord + handle rather than .log(): the same filters and handlers, without the stack
        # walk that finds the caller's file and line (a request line has no use for them).
        record = request_log.makeRecord(
            request_log.name,
            level,
            __file__,
            0,
            "%s %s %s %.1fms",
            (fields["method"], fields["path"], status, fields["duration_ms"]),
            None,
            extra={"fields": fields, "request_id": request_id},
        )
        request_log.handle(record)
    return response
