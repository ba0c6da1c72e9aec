"""Each person's outcome queues: "awaiting my approval" (submitted outcomes they may approve, their
own excepted under separation of duties) and "returned to me" (outcomes of sessions they are
rapporteur of, sent back with a comment); the count beside their name in the navigation; and the
outcomes figure on each event's hub.

The rules are those of permissions.py and services.approval_blocked, written as SQL so that a queue
is one query and the navigation's count two counts, whatever the number of events and sessions.
"""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import aliased, contains_eager

from eventsys.accounts.models import Role
from eventsys.agenda.models import AgendaSession, SessionPerson, SessionRole
from eventsys.db import db
from eventsys.events.dashboard import Figure
from eventsys.events.models import Event, Person
from eventsys.outcomes.models import Outcome, OutcomeStatus, OutcomeVersion

PENDING = (OutcomeStatus.SUBMITTED, OutcomeStatus.RESUBMITTED)


def _sessions_as(user, role: SessionRole):
    return (
        select(SessionPerson.session_id)
        .join(Person, Person.id == SessionPerson.person_id)
        .where(Person.user_id == user.id, SessionPerson.role == role)
    )


def _base():
    return (
        select(Outcome)
        .join(AgendaSession, AgendaSession.id == Outcome.session_id)
        .join(Event, Event.id == AgendaSession.event_id)
        .where(AgendaSession.deleted_at.is_(None))
    )


def _awaiting_where(user) -> list:
    """Submitted, in a session `user` may approve (organizer of its event, its chair, or a site
    admin), and not written in part by `user` when the event separates duties."""
    approved = aliased(OutcomeVersion)
    approved_number = select(approved.number).where(approved.id == Outcome.approved_version_id).scalar_subquery()
    wrote_pending = exists().where(
        OutcomeVersion.outcome_id == Outcome.id,
        OutcomeVersion.author_id == user.id,
        OutcomeVersion.number > func.coalesce(approved_number, 0),
    )
    where = [Outcome.status.in_(PENDING), or_(Event.separation_of_duties.is_(False), ~wrote_pending)]
    if not user.is_admin:
        where.append(
            or_(
                AgendaSession.event_id.in_(user.events_with_role(Role.ORGANIZER)),
                AgendaSession.id.in_(_sessions_as(user, SessionRole.CHAIR)),
            )
        )
    return where


def _returned_where(user) -> list:
    return [Outcome.status == OutcomeStatus.RETURNED, AgendaSession.id.in_(_sessions_as(user, SessionRole.RAPPORTEUR))]


def _rows(where: list, event: Event | None) -> list[Outcome]:
    stmt = _base().where(*where).options(contains_eager(Outcome.session).contains_eager(AgendaSession.event))
    if event is not None:
        stmt = stmt.where(AgendaSession.event_id == event.id)
    return list(db.session.scalars(stmt.order_by(Outcome.updated_at, Outcome.id)).unique())


def awaiting_approval(user, event: Event | None = None) -> list[Outcome]:
    """Oldest first: the outcome waiting longest is the first to approve."""
    return _rows(_awaiting_where(user), event)


def returned_to(user, event: Event | None = None) -> list[Outcome]:
    return _rows(_returned_where(user), event)


def _count(where: list) -> int:
    return db.session.scalar(_base().where(*where).with_only_columns(func.count(Outcome.id))) or 0


def queue_count(user) -> int:
    """What waits for `user`: the navigation's badge. Two counts, once per request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    cached = g.get("outcome_queue_count")
    if cached is None:
        cached = g.outcome_queue_count = _count(_awaiting_where(user)) + _count(_returned_where(user))
    return cached


def outcome_figures(event: Event) -> Figure:
    """The hub's figure: the event's outcomes submitted and not yet approved or returned."""
    count = db.session.scalar(
        _base().where(Event.id == event.id, Outcome.status.in_(PENDING)).with_only_columns(func.count(Outcome.id))
    )
    return Figure(
        "outcomes-awaiting",
        _("Outcomes awaiting approval"),
        count or 0,
        "outcomes.my_queue",
        {"event": event.slug, "_anchor": "awaiting"},
        attention=True,
    )
