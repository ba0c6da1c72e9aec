"""The audit log's pages: an event's log for its organizers, the whole site's for admins.

Both are read-only: every route here answers GET only (a test checks that no rule under /audit takes
another method), and exporting a log is itself recorded, since the log names people and addresses.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.routing import BuildError

from eventsys.accounts.models import Role
from eventsys.accounts.permissions import admin_required
from eventsys.audit import services
from eventsys.audit.models import AuditEntry
from eventsys.db import db
from eventsys.events.hub import register_manage_link
from eventsys.events.models import Event
from eventsys.events.permissions import event_permission_required
from eventsys.spreadsheets import csv_bytes

bp = Blueprint("audit", __name__)

SHOWN_TARGETS = 10  # per row on the page; the CSV lists them all


def register_links(app) -> None:
    """The event log on each event's hub, for its organizers (the site log is on /manage, for admins)."""
    register_manage_link(app, 90, "audit.event_log", _l("Audit log"), (Role.ORGANIZER,))


# --- the records an entry names, linked while they exist ------------------------------------------


@dataclass(frozen=True)
class TargetKind:
    table: str
    columns: tuple[str, ...]
    label: object  # (row) -> str
    link: object  # (row, event_slug) -> (endpoint, url arguments) or None


def _user_link(row, slug):
    return ("accounts.user_list", {"q": row["email"]}) if current_user.is_admin else None


TARGETS = {
    "registration": TargetKind(
        "registrations",
        ("event_id", "first_name", "last_name"),
        lambda row: f"#{row['id']} {row['first_name']} {row['last_name']}".strip(),
        lambda row, slug: ("registration.organizer_detail", {"slug": slug, "registration_id": row["id"]}),
    ),
    "user": TargetKind("users", ("email",), lambda row: row["email"], _user_link),
    "report": TargetKind(
        "summit_reports",
        ("slug",),
        lambda row: row["slug"],
        lambda row, slug: ("reports.edit_report", {"slug": row["slug"]}),
    ),
    "proceedings_build": TargetKind(
        "proceedings_builds",
        ("event_id", "version"),
        lambda row: _("version %(n)s", n=row["version"]),
        lambda row, slug: ("proceedings.manage", {"slug": slug}),
    ),
    "agenda_publication": TargetKind(
        "agenda_publications",
        ("event_id",),
        lambda row: f"#{row['id']}",
        lambda row, slug: ("agenda.editor", {"slug": slug}),
    ),
    "invitation": TargetKind(
        "invitations",
        ("event_id", "email"),
        lambda row: row["email"],
        lambda row, slug: ("registration.organizer_invitations", {"slug": slug}),
    ),
    "team_invitation": TargetKind(
        "team_invitations",
        ("event_id", "email"),
        lambda row: row.get("email") or f"#{row['id']}",
        lambda row, slug: ("teams.team", {"slug": slug}),
    ),
}


@dataclass
class Target:
    text: str
    url: str | None = None


def _url(link) -> str | None:
    if link is None or any(value is None for value in link[1].values()):
        return None
    try:
        return url_for(link[0], **link[1])
    except BuildError:  # that page does not exist in this installation
        return None


def resolve_targets(entries: list[AuditEntry]) -> dict[int, tuple[list[Target], int]]:
    """Per entry: the records it names (at most SHOWN_TARGETS; a link where the record still exists
    and belongs to the entry's event) and how many more there are. One query per kind of record."""
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        if entry.target_type in TARGETS:
            wanted.setdefault(entry.target_type, set()).update(entry.target_ids[:SHOWN_TARGETS])
    found = {
        kind: services.existing_targets(TARGETS[kind].table, ids, TARGETS[kind].columns) for kind, ids in wanted.items()
    }
    slugs = _current_slugs({entry.event_id for entry in entries if entry.event_id is not None})
    resolved = {}
    for entry in entries:
        kind, targets = TARGETS.get(entry.target_type), []
        for target_id in entry.target_ids[:SHOWN_TARGETS]:
            row = found.get(entry.target_type, {}).get(target_id)
            if kind is None or row is None:
                name = f"{entry.target_type} #{target_id}" if entry.target_type else f"#{target_id}"
                targets.append(Target(name))
                continue
            same_event = "event_id" not in row or row["event_id"] == entry.event_id
            slug = slugs.get(entry.event_id)
            targets.append(Target(kind.label(row), _url(kind.link(row, slug)) if same_event else None))
        resolved[entry.id] = (targets, max(0, len(entry.target_ids) - SHOWN_TARGETS))
    return resolved


def _current_slugs(event_ids: set[int]) -> dict[int, str]:
    if not event_ids:
        return {}
    return dict(db.session.execute(select(Event.id, Event.slug).where(Event.id.in_(event_ids))).all())


# --- pages and exports ----------------------------------------------------------------------------

DETAIL_LABELS = {
    "decision": _l("Decision"),
    "reason": _l("Reason"),
    "export": _l("File"),
    "rows": _l("Rows"),
    "filters": _l("Filters"),
    "email": _l("E-mail"),
    "role": _l("Role"),
    "status": _l("Status"),
    "confirmed": _l("Confirmed"),
    "waitlisted": _l("Waitlisted"),
    "rejected": _l("Rejected"),
    "promoted": _l("Promoted from the waiting list"),
    "skipped": _l("Unchanged"),
    "badges": _l("Badges"),
    "reprints": _l("Reprints"),
    "direction": _l("Direction"),
    "list": _l("Check-in list"),
    "version": _l("Version"),
    "sessions_changed": _l("Sessions changed"),
    "mails": _l("Mails sent"),
    "method": _l("Method"),
    "scope": _l("Scope"),
    "layout": _l("Sheet"),
    "report": _l("Summit report"),
    "draft": _l("Draft"),
    "scanned_at": _l("Scanned at"),
    "category": _l("Category"),
    "created": _l("Created"),
    "updated": _l("Updated"),
    "refused_lines": _l("Refused lines"),
}
# Details that list registrations (by id): shown as #id.
ID_LISTS = ("confirmed", "waitlisted", "rejected", "promoted", "skipped", "created", "updated")


def detail_items(entry: AuditEntry) -> list[tuple[str, str]]:
    """(label, value) of an entry's details, for the page."""

    def text(value, ids: bool = False) -> str:
        if isinstance(value, list):
            shown = ", ".join(f"#{v}" if ids else str(v) for v in value[:SHOWN_TARGETS])
            return shown + (f" (+{len(value) - SHOWN_TARGETS})" if len(value) > SHOWN_TARGETS else "")
        if isinstance(value, dict):
            return ", ".join(f"{k}={v}" for k, v in value.items())
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return str(value)

    return [
        (str(DETAIL_LABELS.get(key, key)), text(value, ids=key in ID_LISTS))
        for key, value in (entry.detail or {}).items()
    ]


def _local(moment: dt.datetime, zone) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def _page(filt: services.AuditFilter, *, event: Event | None):
    event_id = event.id if event is not None else None
    page = services.page_of(filt, event_id=event_id)
    zone = event.zone if event is not None else dt.UTC
    return render_template(
        "audit/log.html",
        event=event,
        filt=filt,
        page=page,
        targets=resolve_targets(page.items),
        detail_items=detail_items,
        when=lambda entry: _local(entry.at, zone),
        zone_name=event.timezone if event is not None else "UTC",
        action_label=services.action_label,
        actions=sorted(services.ACTIONS, key=services.action_label),
        actors=services.actors(event_id=event_id),
        events=services.logged_events() if event is None else [],
        no_event=services.NO_EVENT,
        endpoint="audit.event_log" if event is not None else "audit.site_log",
        csv_endpoint="audit.event_log_csv" if event is not None else "audit.site_log_csv",
    )


def _csv(filt: services.AuditFilter, *, event: Event | None) -> Response:
    """The whole filtered log as CSV. Reading it out reveals names and addresses, so the export is
    itself an entry of the log (as pretix logs its exports), committed before the file leaves."""
    event_id = event.id if event is not None else None
    rows = services.all_of(filt, event_id=event_id)
    zone = event.zone if event is not None else dt.UTC
    zone_name = event.timezone if event is not None else "UTC"
    table = [
        [
            _("When (UTC)"),
            _("When (%(zone)s)", zone=zone_name),
            _("Done by"),
            _("Action code"),
            _("Action"),
            _("Event"),
            _("Records"),
            _("IP address"),
            _("Details"),
        ]
    ]
    for entry in rows:
        table.append(
            [
                _local(entry.at, dt.UTC),
                _local(entry.at, zone),
                entry.actor_label,
                entry.action,
                services.action_label(entry.action),
                entry.event_slug,
                f"{entry.target_type}: {' '.join(entry.target_ids)}" if entry.target_ids else "",
                entry.ip_address,
                json.dumps(entry.detail, ensure_ascii=False, sort_keys=True) if entry.detail else "",
            ]
        )
    services.record(
        "audit.export",
        actor=current_user,
        event=event,
        rows=len(rows),
        filters=filt.args(page=1) or None,
    )
    db.session.commit()
    name = f"audit-{event.slug}.csv" if event is not None else "audit-site.csv"
    return Response(
        csv_bytes(table),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/manage/events/<slug>/audit")
@event_permission_required(Role.ORGANIZER)
def event_log(event):
    return _page(services.AuditFilter.from_args(request.args, event.zone), event=event)


@bp.get("/manage/events/<slug>/audit.csv")
@event_permission_required(Role.ORGANIZER)
def event_log_csv(event):
    return _csv(services.AuditFilter.from_args(request.args, event.zone), event=event)


@bp.get("/manage/audit")
@admin_required
def site_log():
    return _page(services.AuditFilter.from_args(request.args, site=True), event=None)


@bp.get("/manage/audit.csv")
@admin_required
def site_log_csv():
    return _csv(services.AuditFilter.from_args(request.args, site=True), event=None)
