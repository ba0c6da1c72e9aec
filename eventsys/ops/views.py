"""Operators' endpoints: `/healthz` (the process answers), `/readyz` (it can serve: database, Redis,
schema), `/metrics` (Prometheus). Outside rate limits, CSRF, sessions and sign-in: load balancers and
Prometheus call them every few seconds, and none of them reads or sets a cookie."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from eventsys.accounts.permissions import public
from eventsys.errors import json_error_response
from eventsys.ops import metrics as exporter
from eventsys.ops import readiness

bp = Blueprint("ops", __name__)


@bp.route("/healthz", methods=["GET"])
@public
def healthz():
    return jsonify(status="ok")


@bp.route("/readyz", methods=["GET"])
@public
def readyz():
    checks = readiness.readiness()
    ready = all(check.ok for check in checks)
    body = {"status": "ok" if ready else "unavailable", "checks": {c.name: c.as_json() for c in checks}}
    if not ready:
        failing = next(c for c in checks if not c.ok)
        body["reason"] = f"{failing.name}: {failing.reason}"
    response = jsonify(body)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/metrics", methods=["GET"])
@public  # its own rule: the loopback address or the METRICS_TOKEN bearer (eventsys.ops.metrics)
def metrics():
    if not exporter.may_scrape():
        return json_error_response(
            403, "Metrics are served to the loopback address, or with Authorization: Bearer <METRICS_TOKEN>."
        )
    body, content_type = exporter.exposition()
    return Response(body, content_type=content_type, headers={"Cache-Control": "no-store"})
