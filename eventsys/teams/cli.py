"""`flask grant EMAIL SLUG ROLE` and `flask revoke EMAIL SLUG ROLE`: an event's roles from the command
line (the secretariat's own hands), and `report:<report-slug> editor` for a summit report's editors.

Both are idempotent: granting a role held already, or revoking one not held, says so and exits 0.
An unknown account, event, report or role is an error (exit 1) that names what exists.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from eventsys.accounts.models import Role, User
from eventsys.db import db
from eventsys.events import services as events
from eventsys.teams import services

REPORT_PREFIX = "report:"
EVENT_ROLES = ", ".join(role.value for role in Role)


def _account(email: str) -> User:
    user = User.by_email(email)
    if user is None:
        raise click.ClickException(
            f"No account for {email.strip().lower()}. Create it first (flask create-user, or an invitation on "
            "the event's team page)."
        )
    return user


def _event(slug: str):
    try:
        return events.get_event(slug, include_unpublished=True)
    except events.EventNotFound:
        raise click.ClickException(f"No event with the slug {slug!r}.") from None


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise click.ClickException(f"Unknown role {value!r} for an event; use one of: {EVENT_ROLES}.") from None


def _report(target: str, role: str) -> services.ReportRef:
    slug = target.removeprefix(REPORT_PREFIX)
    report = services.report_ref(slug)
    if report is None:
        raise click.ClickException(f"No summit report with the slug {slug!r}.")
    if role != services.EDITOR:
        raise click.ClickException(f"Unknown role {role!r} for a summit report; use: {services.EDITOR}.")
    return report


@click.command("grant")
@click.argument("email")
@click.argument("target", metavar="SLUG")
@click.argument("role")
@with_appcontext
def grant_command(email: str, target: str, role: str) -> None:
    """Give ROLE (organizer, rapporteur, checkin_staff, reviewer) on the event SLUG to the account EMAIL;
    with SLUG report:<report-slug> and ROLE editor, make it an editor of that summit report."""
    if target.startswith(REPORT_PREFIX):
        report = _report(target, role)
        user = _account(email)
        if not services.add_report_editor(report, user, actor=None):
            click.echo(f"{user.email} is already an editor of the report {report.slug}: nothing changed.")
            return
        db.session.commit()
        click.echo(f"{user.email} is now an editor of the report {report.slug}.")
        return
    event, wanted = _event(target), _role(role)
    user = _account(email)
    if not services.grant(event, user, [wanted], actor=None, via="command line"):
        click.echo(f"{user.email} already has the role {wanted.value} on {event.slug}: nothing changed.")
        return
    db.session.commit()
    click.echo(f"Granted {wanted.value} on {event.slug} to {user.email}.")


@click.command("revoke")
@click.argument("email")
@click.argument("target", metavar="SLUG")
@click.argument("role")
@with_appcontext
def revoke_command(email: str, target: str, role: str) -> None:
    """Take ROLE on the event SLUG away from the account EMAIL; with SLUG report:<report-slug> and
    ROLE editor, take it off that summit report's editors."""
    if target.startswith(REPORT_PREFIX):
        report = _report(target, role)
        user = _account(email)
        if not services.remove_report_editor(report, user, actor=None):
            click.echo(f"{user.email} is not an editor of the report {report.slug}: nothing changed.")
            return
        db.session.commit()
        click.echo(f"{user.email} is no longer an editor of the report {report.slug}.")
        return
    event, wanted = _event(target), _role(role)
    user = _account(email)
    if not services.revoke(event, user, [wanted], actor=None, keep_an_organizer=False):
        click.echo(f"{user.email} does not have the role {wanted.value} on {event.slug}: nothing changed.")
        return
    db.session.commit()
    click.echo(f"Revoked {wanted.value} on {event.slug} from {user.email}.")
    if wanted == Role.ORGANIZER and not any(m for m in services.team(event) if Role.ORGANIZER in m.roles):
        click.echo(f"Note: {event.slug} has no organizer left; only site admins can manage it now.")
