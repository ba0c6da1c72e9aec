"""What the teams area does: who holds which role on an event, granting and revoking roles (team page,
invitations, command line), and who compiles a summit report besides the organizer who started it.

Every grant and revocation is written to the audit log in the same transaction (`role.grant`,
`role.revoke`), named after the organizer who decided it (None: the command line).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from eventsys.accounts.models import EventRole, Role, User
from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.teams import linking  # noqa: F401  (registers the person-account links at import)
from eventsys.teams.models import ReportEditor

EDITOR = "editor"  # the one role a summit report has besides its owner


class TeamError(Exception):
    """A domain error of this area; its message is shown to the person."""

    status = 400


def ordered(roles) -> list[Role]:
    """Roles without repeats, in Role's order (organizer, rapporteur, check-in staff, reviewer)."""
    wanted = {Role(role) for role in roles}
    return [role for role in Role if role in wanted]


# --- an event's team --------------------------------------------------------------------------


@dataclass
class Member:
    user: User
    grants: list[EventRole]  # in Role's order

    @property
    def roles(self) -> list[Role]:
        return [grant.role for grant in self.grants]


def team(event) -> list[Member]:
    """Everyone with a role on `event`, by name, each with their grants (when and by whom)."""
    grants = db.session.scalars(
        select(EventRole)
        .where(EventRole.event_id == event.id)
        .options(selectinload(EventRole.user), selectinload(EventRole.granted_by))
    ).all()
    members: dict[int, Member] = {}
    for grant in grants:
        members.setdefault(grant.user_id, Member(grant.user, [])).grants.append(grant)
    order = list(Role)
    for member in members.values():
        member.grants.sort(key=lambda grant: order.index(grant.role))
    return sorted(members.values(), key=lambda m: ((m.user.name or m.user.email).casefold(), m.user.email))


def roles_of(user: User, event) -> list[Role]:
    return ordered(grant.role for grant in user.roles if grant.event_id == event.id)


def grant(event, user: User, roles, *, actor, **detail) -> list[Role]:
    """Give `user` each of `roles` on `event` they do not hold yet; returns those newly granted.
    The caller commits."""
    held = set(roles_of(user, event))
    new = [role for role in ordered(roles) if role not in held]
    if not new:
        return []
    granted_by = actor.id if actor is not None and getattr(actor, "is_authenticated", False) else None
    now = utcnow()
    for role in new:
        db.session.add(EventRole(user=user, event_id=event.id, role=role, granted_at=now, granted_by_id=granted_by))
    db.session.flush()
    record(
        "role.grant",
        actor=actor,
        event=event,
        target_type="user",
        targets=[user.id],
        email=user.email,
        roles=[role.value for role in new],
        **detail,
    )
    return new


def _organizers(event) -> int:
    return db.session.scalar(
        select(func.count()).where(EventRole.event_id == event.id, EventRole.role == Role.ORGANIZER)
    )


def revoke(event, user: User, roles, *, actor, keep_an_organizer: bool = True) -> list[Role]:
    """Take `roles` on `event` away from `user`; returns those they held. With `keep_an_organizer`
    the last organizer's role is refused (the team page: someone must remain who can manage the
    event). The caller commits."""
    wanted = set(ordered(roles))
    grants = [grant for grant in user.roles if grant.event_id == event.id and grant.role in wanted]
    if not grants:
        return []
    if keep_an_organizer and any(g.role == Role.ORGANIZER for g in grants) and _organizers(event) <= 1:
        raise TeamError(
            _("An event needs at least one organizer: invite another organizer before removing the last one.")
        )
    removed = ordered(grant.role for grant in grants)
    for grant in grants:
        user.roles.remove(grant)
    db.session.flush()
    record(
        "role.revoke",
        actor=actor,
        event=event,
        target_type="user",
        targets=[user.id],
        email=user.email,
        roles=[role.value for role in removed],
    )
    return removed


def member(event, user_id: int) -> User | None:
    """The account `user_id` if it holds a role on `event` (the team page acts on members only)."""
    user = db.session.get(User, user_id)
    return user if user is not None and roles_of(user, event) else None


# --- summit-report editors --------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRef:
    """What this area needs of a summit report: the reports area stands above this one (its edit
    rule asks `is_report_editor`), so the few columns are read from its table by name."""

    id: int
    slug: str
    title_en: str
    owner_id: int | None  # the organizer who started it (SummitReport.editor_id)


def report_ref(slug: str) -> ReportRef | None:
    reports = db.metadata.tables["summit_reports"]
    row = db.session.execute(
        select(reports.c.id, reports.c.slug, reports.c.title_en, reports.c.editor_id).where(reports.c.slug == slug)
    ).first()
    return ReportRef(*row) if row else None


def _signed_in(user) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def is_report_editor(user, report) -> bool:
    """Whether `user` was made an editor of `report` (any object with the report's `id`)."""
    if not _signed_in(user) or not user.is_active:
        return False
    return (
        db.session.scalar(
            select(ReportEditor.id).where(ReportEditor.report_id == report.id, ReportEditor.user_id == user.id)
        )
        is not None
    )


def can_manage_report_editors(user, report) -> bool:
    """Site admins, and organizers (of any event) who own or edit this report."""
    if not _signed_in(user):
        return False
    if user.is_admin:
        return True
    owner_id = getattr(report, "owner_id", getattr(report, "editor_id", None))
    return bool(user.events_with_role(Role.ORGANIZER)) and (user.id == owner_id or is_report_editor(user, report))


def report_editors(report) -> list[ReportEditor]:
    return list(
        db.session.scalars(
            select(ReportEditor)
            .where(ReportEditor.report_id == report.id)
            .options(selectinload(ReportEditor.user), selectinload(ReportEditor.granted_by))
            .order_by(ReportEditor.granted_at, ReportEditor.id)
        )
    )


def add_report_editor(report: ReportRef, user: User, *, actor) -> bool:
    """Make `user` an editor of `report`; False if they already are. The caller commits."""
    if is_report_editor(user, report):
        return False
    granted_by = actor.id if _signed_in(actor) else None
    db.session.add(ReportEditor(report_id=report.id, user_id=user.id, granted_by_id=granted_by))
    db.session.flush()
    record(
        "role.grant",
        actor=actor,
        target_type="user",
        targets=[user.id],
        email=user.email,
        roles=[EDITOR],
        report=report.slug,
    )
    return True


def remove_report_editor(report: ReportRef, user: User, *, actor) -> bool:
    """Take `user` off `report`'s editors; False if they were not one. The caller commits."""
    result = db.session.execute(
        delete(ReportEditor).where(ReportEditor.report_id == report.id, ReportEditor.user_id == user.id)
    )
    if not result.rowcount:
        return False
    record(
        "role.revoke",
        actor=actor,
        target_type="user",
        targets=[user.id],
        email=user.email,
        roles=[EDITOR],
        report=report.slug,
    )
    return True
