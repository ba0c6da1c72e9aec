"""`flask grant` and `flask revoke`: idempotent, with clear errors, audited as the command line."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.accounts.models import Role, User
from eventsys.audit.models import AuditEntry
from eventsys.db import db
from eventsys.teams.models import ReportEditor


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def roles(email, event):
    db.session.expire_all()
    return sorted(r.role.value for r in User.by_email(email).roles if r.event_id == event.id)


@pytest.fixture
def staff(make):
    return make.user(email="door@example.org", name="Door Staff")


def test_grant_then_grant_again_says_it_was_there(app, event, staff):
    result = run(app, "grant", "Door@Example.org", event.slug, "checkin_staff")
    assert (result.exit_code, result.output) == (0, f"Granted checkin_staff on {event.slug} to door@example.org.\n")
    assert roles("door@example.org", event) == ["checkin_staff"]
    grant = User.by_email("door@example.org").roles[0]
    assert (grant.granted_by_id, grant.granted_at is not None) == (None, True)

    again = run(app, "grant", "door@example.org", event.slug, "checkin_staff")
    assert (again.exit_code, again.output) == (
        0,
        f"door@example.org already has the role checkin_staff on {event.slug}: nothing changed.\n",
    )
    assert roles("door@example.org", event) == ["checkin_staff"]
    [entry] = db.session.scalars(select(AuditEntry)).all()
    assert (entry.action, entry.actor_id, entry.actor_label.startswith("command line"), entry.event_slug) == (
        "role.grant",
        None,
        True,
        event.slug,
    )
    assert entry.detail == {"email": "door@example.org", "roles": ["checkin_staff"], "via": "command line"}


def test_revoke_then_revoke_again_says_it_was_not_there(app, event, staff):
    run(app, "grant", "door@example.org", event.slug, "rapporteur")
    result = run(app, "revoke", "door@example.org", event.slug, "rapporteur")
    assert (result.exit_code, result.output) == (0, f"Revoked rapporteur on {event.slug} from door@example.org.\n")
    assert roles("door@example.org", event) == []
    again = run(app, "revoke", "door@example.org", event.slug, "rapporteur")
    assert (again.exit_code, again.output) == (
        0,
        f"door@example.org does not have the role rapporteur on {event.slug}: nothing changed.\n",
    )
    assert [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))] == [
        "role.grant",
        "role.revoke",
    ]


def test_revoking_the_last_organizer_on_the_command_line_warns(app, event, organizer):
    result = run(app, "revoke", organizer.email, event.slug, "organizer")
    assert result.exit_code == 0
    assert result.output == (
        f"Revoked organizer on {event.slug} from organizer@example.org.\n"
        f"Note: {event.slug} has no organizer left; only site admins can manage it now.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("grant", "door@example.org", "no-such-event", "organizer"),
            "Error: No event with the slug 'no-such-event'.\n",
        ),
        (
            ("grant", "door@example.org", "{slug}", "speaker"),
            "Error: Unknown role 'speaker' for an event; use one of: organizer, rapporteur, checkin_staff, reviewer.\n",
        ),
        (
            ("grant", "ghost@example.org", "{slug}", "organizer"),
            "Error: No account for ghost@example.org. Create it first (flask create-user, or an invitation on the "
            "event's team page).\n",
        ),
        (
            ("revoke", "door@example.org", "no-such-event", "organizer"),
            "Error: No event with the slug 'no-such-event'.\n",
        ),
        (
            ("revoke", "door@example.org", "{slug}", "admin"),
            "Error: Unknown role 'admin' for an event; use one of: organizer, rapporteur, checkin_staff, reviewer.\n",
        ),
        (
            ("revoke", "ghost@example.org", "{slug}", "organizer"),
            "Error: No account for ghost@example.org. Create it first (flask create-user, or an invitation on the "
            "event's team page).\n",
        ),
        (
            ("grant", "door@example.org", "report:no-such-report", "editor"),
            "Error: No summit report with the slug 'no-such-report'.\n",
        ),
        (
            ("grant", "door@example.org", "report:ascn-report", "organizer"),
            "Error: Unknown role 'organizer' for a summit report; use: editor.\n",
        ),
        (
            ("revoke", "ghost@example.org", "report:ascn-report", "editor"),
            "Error: No account for ghost@example.org. Create it first (flask create-user, or an invitation on the "
            "event's team page).\n",
        ),
    ],
)
def test_errors_are_clear_and_exit_non_zero(app, event, staff, report, args, message):
    result = run(app, *(a.format(slug=event.slug) for a in args))
    assert (result.exit_code, result.output) == (1, message)
    assert db.session.scalars(select(AuditEntry)).all() == []


@pytest.fixture
def report(make):
    from eventsys.reports.models import SummitReport

    owner = make.user(email="report-owner@example.org", name="Report Owner")
    row = SummitReport(slug="ascn-report", title_en="ASCN report to the Summit", editor_id=owner.id)
    db.session.add(row)
    db.session.commit()
    return row


def test_report_editors_from_the_command_line(app, report, staff):
    result = run(app, "grant", "door@example.org", "report:ascn-report", "editor")
    assert (result.exit_code, result.output) == (0, "door@example.org is now an editor of the report ascn-report.\n")
    assert [(e.report_id, e.user_id, e.granted_by_id) for e in db.session.scalars(select(ReportEditor))] == [
        (report.id, staff.id, None)
    ]
    again = run(app, "grant", "door@example.org", "report:ascn-report", "editor")
    assert (again.exit_code, again.output) == (
        0,
        "door@example.org is already an editor of the report ascn-report: nothing changed.\n",
    )
    removed = run(app, "revoke", "door@example.org", "report:ascn-report", "editor")
    assert (removed.exit_code, removed.output) == (
        0,
        "door@example.org is no longer an editor of the report ascn-report.\n",
    )
    assert db.session.scalars(select(ReportEditor)).all() == []
    not_there = run(app, "revoke", "door@example.org", "report:ascn-report", "editor")
    assert (not_there.exit_code, not_there.output) == (
        0,
        "door@example.org is not an editor of the report ascn-report: nothing changed.\n",
    )
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.event_id, e.detail) for e in entries] == [
        ("role.grant", None, {"email": "door@example.org", "roles": ["editor"], "report": "ascn-report"}),
        ("role.revoke", None, {"email": "door@example.org", "roles": ["editor"], "report": "ascn-report"}),
    ]


def test_a_granted_role_opens_the_event_pages(app, client, event, staff):
    from tests.conftest import login

    run(app, "grant", "door@example.org", event.slug, Role.CHECKIN_STAFF.value)
    login(client, staff)
    assert client.get(f"/events/{event.slug}/checkin/").status_code == 200
    run(app, "revoke", "door@example.org", event.slug, Role.CHECKIN_STAFF.value)
    assert client.get(f"/events/{event.slug}/checkin/").status_code == 403
