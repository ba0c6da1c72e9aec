"""JSON API of the reports area (routes on eventsys.api.bp)."""

from __future__ import annotations

from flask_login import current_user

from eventsys.accounts.permissions import public
from eventsys.api import bp, json_error, schemas, scope
from eventsys.reports import services


@bp.route("/reports/<slug>", methods=["GET"])
@scope("read")
@public
@bp.response(200, schemas.Report)
@bp.alt_response(404, schema=schemas.Error, description="No published report with this slug.")
def get_report(slug: str):
    """A published summit report: its sections, and each cited outcome or recommendation with the
    session it comes from."""
    try:
        report = services.get_report(slug, current_user)
    except services.ReportNotFound:
        return json_error(404, f"No published report with slug '{slug}'.")
    return services.report_as_json(report)
