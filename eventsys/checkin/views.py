"""Door staff and organizer pages: the phone scanner, search by name, the live attendance dashboard."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, render_template, request
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.checkin import attendance, services
from eventsys.events.permissions import event_permission_required
from eventsys.spreadsheets import csv_bytes

bp = Blueprint("checkin", __name__, url_prefix="/events/<slug>/checkin")


def _list_or_404(event, key, lists=None):
    try:
        return services.find_list(event, key, lists)
    except services.ListNotFound:
        abort(404)


@bp.get("/")
@event_permission_required(Role.ORGANIZER, Role.CHECKIN_STAFF)
def scanner(event):
    lists = services.ensure_lists(event)
    current = _list_or_404(event, request.args.get("list"), lists)
    return render_template("checkin/scanner.html", event=event, lists=lists, current=current)


@bp.get("/search")
@event_permission_required(Role.ORGANIZER, Role.CHECKIN_STAFF)
def search(event):
    people = attendance.search_registrations(event, request.args.get("q", ""))
    return jsonify({"results": [services.registration_json(person) for person in people]})


@bp.get("/dashboard")
@event_permission_required(Role.ORGANIZER, Role.CHECKIN_STAFF)
def dashboard(event):
    lists = services.ensure_lists(event)
    current = _list_or_404(event, request.args.get("list"), lists)
    return render_template(
        "checkin/dashboard.html",
        event=event,
        current=current,
        figures=attendance.attendance(event, current, lists),
        scans=attendance.recent_scans(event),
        result_label=result_label,
    )


@bp.get("/attendance.json")
@event_permission_required(Role.ORGANIZER, Role.CHECKIN_STAFF)
def attendance_json(event):
    lists = services.ensure_lists(event)
    return jsonify(attendance.attendance(event, _list_or_404(event, request.args.get("list"), lists), lists))


@bp.get("/attendance.csv")
@event_permission_required(Role.ORGANIZER, Role.CHECKIN_STAFF)
def attendance_csv(event):
    key = request.args.get("list")
    checkin_list = _list_or_404(event, key) if key else None
    body = csv_bytes(attendance.export_rows(event, checkin_list))
    attendance.record_attendance_export(event, checkin_list, actor=current_user)
    name = f"attendance-{event.slug}{'-' + checkin_list.key if checkin_list else ''}.csv"
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'})


def result_label(result) -> str:
    from flask_babel import gettext as _

    from eventsys.checkin.models import ScanResult

    return {
        ScanResult.CHECKED_IN: _("Checked in"),
        ScanResult.ALREADY_CHECKED_IN: _("Already checked in"),
        ScanResult.CHECKED_OUT: _("Checked out"),
        ScanResult.NOT_CHECKED_IN: _("Not checked in"),
        ScanResult.WRONG_EVENT: _("Wrong event"),
        ScanResult.REVOKED: _("Badge revoked"),
        ScanResult.NOT_CONFIRMED: _("Not confirmed"),
        ScanResult.INVALID: _("Invalid code"),
    }[result]
