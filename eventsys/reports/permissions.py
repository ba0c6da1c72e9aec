"""Who may do what with a summit report.

- start a report: site admins and anyone who organizes at least one event;
- edit it (sections, citations, text): its editor (the organizer who started it), the editors granted
  on its page or with `flask grant EMAIL report:<slug> editor` (eventsys.teams), and site admins;
- publish or withdraw it: its editor who started it and site admins (granted editors compile only);
- read it: everyone once it is published; before that only those who may edit it (to anyone else a
  draft does not exist: 404, never 403).

The services enforce the same rules (`can_*`, pure functions of the user and the report); the `may_*`
rules at the end are them for routes (`permission_required`): they take the route's report `slug`.
"""

from __future__ import annotations

from sqlalchemy import select

from eventsys.accounts.models import Role
from eventsys.accounts.permissions import refuse
from eventsys.db import db
from eventsys.reports.models import SummitReport
from eventsys.teams.services import is_report_editor


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_create(user) -> bool:
    return _signed_in(user) and (user.is_admin or bool(user.events_with_role(Role.ORGANIZER)))


def _owns(user, report: SummitReport) -> bool:
    return _signed_in(user) and (user.is_admin or user.id == report.editor_id)


def can_edit(user, report: SummitReport) -> bool:
    return _owns(user, report) or is_report_editor(user, report)


def can_publish(user, report: SummitReport) -> bool:
    return _owns(user, report)


def can_view(user, report: SummitReport) -> bool:
    return report.is_published or can_edit(user, report)


def _report_or_404(user, slug: str) -> SummitReport:
    report = db.session.scalar(select(SummitReport).where(SummitReport.slug == slug))
    if report is None or not can_view(user, report):
        refuse(404, f"No report with slug '{slug}'.")
    return report


def may_create(user) -> bool:
    return can_create(user)


def may_edit(user, slug: str, **_values) -> bool:
    """The editor's workbench and every change to the report's sections and items."""
    return can_edit(user, _report_or_404(user, slug))


def may_publish(user, slug: str) -> bool:
    return can_publish(user, _report_or_404(user, slug))
