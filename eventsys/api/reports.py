"""JSON API of the reports area (routes on eventsys.api.bp)."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from eventsys.accounts.permissions import public
from eventsys.api import bp, json_error
from eventsys.reports import services


@bp.get("/reports/<slug>")
@public
def get_report(slug: str):
    try:
        report = services.get_report(slug, current_user)
    except services.ReportNotFound:
        return json_error(404, f"No published report with slug '{slug}'.")
    return jsonify(services.report_as_json(report))
