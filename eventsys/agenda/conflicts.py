"""Conflict warnings for the draft agenda. They are shown, never enforced: an organizer may have a
good reason (a room split by a partition, a minister dropping in on two sessions)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from eventsys.agenda.models import AgendaSession, PersonalAgendaItem
from eventsys.db import db
from eventsys.events.models import Event
from eventsys.i18n import format_clock, format_date_range


@dataclass(frozen=True)
class Conflict:
    kind: str  # "room", "person", "dates", "capacity"
    message: str


def signup_counts(session_ids: list[int]) -> dict[int, int]:
    """How many delegates have each session on their agenda (one query)."""
    if not session_ids:
        return {}
    rows = db.session.execute(
        select(PersonalAgendaItem.session_id, func.count())
        .where(PersonalAgendaItem.session_id.in_(session_ids))
        .group_by(PersonalAgendaItem.session_id)
    )
    return dict(rows.all())


def _overlapping_pairs(sessions: list[AgendaSession]):
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.id))
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if second.starts_at >= first.ends_at:
                break
            yield first, second


def _span(event: Event, session: AgendaSession) -> str:
    return f"{format_clock(session.starts_at, event.timezone)}–{format_clock(session.ends_at, event.timezone)}"


def find_conflicts(event: Event, sessions: list[AgendaSession]) -> dict[int, list[Conflict]]:
    """Warnings per session id, for the draft `sessions` of `event` (people and rooms loaded)."""
    found: dict[int, list[Conflict]] = defaultdict(list)

    by_room: dict[int, list[AgendaSession]] = defaultdict(list)
    by_person: dict[int, list[AgendaSession]] = defaultdict(list)
    names: dict[int, str] = {}
    for session in sessions:
        if session.room_id:
            by_room[session.room_id].append(session)
        for sp in session.people:
            if session not in by_person[sp.person_id]:
                by_person[sp.person_id].append(session)
            names[sp.person_id] = sp.person.display_name

    for group in by_room.values():
        for first, second in _overlapping_pairs(group):
            room = first.room.name
            found[first.id].append(
                Conflict(
                    "room",
                    _(
                        "%(room)s is double-booked: “%(other)s” (%(time)s) is there at the same time.",
                        room=room,
                        other=second.title,
                        time=_span(event, second),
                    ),
                )
            )
            found[second.id].append(
                Conflict(
                    "room",
                    _(
                        "%(room)s is double-booked: “%(other)s” (%(time)s) is there at the same time.",
                        room=room,
                        other=first.title,
                        time=_span(event, first),
                    ),
                )
            )

    for person_id, group in by_person.items():
        for first, second in _overlapping_pairs(group):
            for this, other in ((first, second), (second, first)):
                found[this.id].append(
                    Conflict(
                        "person",
                        _(
                            "%(person)s is in two places at once: also in “%(other)s” (%(time)s).",
                            person=names[person_id],
                            other=other.title,
                            time=_span(event, other),
                        ),
                    )
                )

    dates = format_date_range(event.start_date, event.end_date)
    for session in sessions:
        local_start = session.starts_at.astimezone(event.zone).date()
        local_end = session.ends_at.astimezone(event.zone).date()
        if local_start < event.start_date or local_end > event.end_date:
            found[session.id].append(
                Conflict("dates", _("This session is outside the event's dates (%(dates)s).", dates=dates))
            )

    counts = signup_counts([s.id for s in sessions if s.room_id])
    for session in sessions:
        for conflict in _capacity_warnings(session, counts.get(session.id, 0)):
            found[session.id].append(conflict)
    return dict(found)


def _capacity_warnings(session: AgendaSession, count: int) -> list[Conflict]:
    """Warnings before a room is oversubscribed, not only after: a sign-up limit above the room's
    seats lets it overfill, and sign-ups that have reached the seats leave no room for one more."""
    room = session.room
    if room is None or not room.capacity:
        return []
    warnings = []
    limit = session.signup_capacity if session.signup_required else None
    if limit and limit > room.capacity:
        warnings.append(
            Conflict(
                "capacity",
                _(
                    "The sign-up limit (%(limit)d) is above the %(capacity)d seats of %(room)s.",
                    limit=limit,
                    room=room.name,
                    capacity=room.capacity,
                ),
            )
        )
    if count > room.capacity:
        warnings.append(
            Conflict(
                "capacity",
                _(
                    "%(count)d delegates have signed up, but %(room)s holds %(capacity)d.",
                    count=count,
                    room=room.name,
                    capacity=room.capacity,
                ),
            )
        )
    elif count == room.capacity:
        warnings.append(
            Conflict(
                "capacity",
                _(
                    "%(room)s is full: %(count)d delegates have signed up for its %(capacity)d seats.",
                    count=count,
                    room=room.name,
                    capacity=room.capacity,
                ),
            )
        )
    return warnings
