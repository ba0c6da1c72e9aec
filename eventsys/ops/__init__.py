"""The operations area: health and readiness probes, request logs with request ids, Prometheus
metrics (docs/operations.md). Set up first by the factory, so its timing covers every other hook."""

from __future__ import annotations

import logging

from flask import Flask, request

from eventsys.ops import request_log
from eventsys.ops.metrics import observe_request

# Probes and scrapes come every few seconds: logged only when they fail.
QUIET_ENDPOINTS = frozenset({"ops.healthz", "ops.readyz", "ops.metrics"})
PROBE_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class _NoSessionForProbes:
    """The app's session interface, except that probes get the null session: no cookie is read or
    written for them, and nothing they run (Flask-Login's remember-cookie hook) marks the response
    `Vary: Cookie`."""

    def __init__(self, inner) -> None:
        self._inner = inner

    def __getattr__(self, name: str):
        return getattr(self._inner, name)

    def open_session(self, app, request):
        if request.path in PROBE_PATHS:
            return self._inner.make_null_session(app)
        return self._inner.open_session(app, request)


def _finish(response):
    response = request_log.finish_request(response, quiet=request.endpoint in QUIET_ENDPOINTS)
    seconds = request_log.seconds_so_far()
    if seconds is not None:
        observe_request(request.endpoint, request.method, response.status_code, seconds)
    return response


def init_app(app: Flask) -> None:
    from eventsys.extensions import csrf, limiter
    from eventsys.ops.views import bp

    request_log.configure_logging(app.config.get("LOG_FORMAT", "text"))
    if not app.config.get("LOG_REQUESTS", True):
        request_log.request_log.setLevel(logging.WARNING)
    # First of the before_request functions, so the duration covers theirs (the address checks...).
    app.before_request_funcs.setdefault(None, []).insert(0, request_log.start_request)
    # after_request functions run in reverse order of registration: registered first, this one runs
    # last, after the other areas' and the security headers'.
    app.after_request(_finish)
    app.session_interface = _NoSessionForProbes(app.session_interface)
    csrf.exempt(bp)
    limiter.exempt(bp)
    app.register_blueprint(bp)
