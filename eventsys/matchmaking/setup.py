"""The organizers' side of matchmaking: the opt-in window, the slots and the numbered tables."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.events.models import Event
from eventsys.matchmaking import rules
from eventsys.matchmaking.models import (
    MatchmakingSetup,
    MatchmakingSlot,
    MatchmakingTable,
    Meeting,
    MeetingStatus,
)


class MatchmakingError(Exception):
    """A request that cannot be honoured; its text is what the person reads."""


def setup_for(event: Event) -> MatchmakingSetup | None:
    return db.session.scalar(select(MatchmakingSetup).where(MatchmakingSetup.event_id == event.id))


def slots(event: Event) -> list[MatchmakingSlot]:
    return list(
        db.session.scalars(
            select(MatchmakingSlot).where(MatchmakingSlot.event_id == event.id).order_by(MatchmakingSlot.starts_at)
        )
    )


def tables(event: Event) -> list[MatchmakingTable]:
    return list(
        db.session.scalars(
            select(MatchmakingTable).where(MatchmakingTable.event_id == event.id).order_by(MatchmakingTable.number)
        )
    )


def window(event: Event) -> tuple[dt.datetime | None, dt.datetime | None]:
    """When opting in and requesting are open: the organizer's dates, else from now until the last slot ends."""
    setup = setup_for(event)
    last_end = db.session.scalar(select(func.max(MatchmakingSlot.ends_at)).where(MatchmakingSlot.event_id == event.id))
    opens = setup.opens_at if setup is not None else None
    closes = setup.closes_at if setup is not None and setup.closes_at is not None else last_end
    return opens, closes


def state(event: Event, now: dt.datetime | None = None) -> str:
    """ "off" (no slots or no tables yet), "before", "open" or "closed"."""
    has_slots = db.session.scalar(select(exists().where(MatchmakingSlot.event_id == event.id)))
    has_tables = db.session.scalar(select(exists().where(MatchmakingTable.event_id == event.id)))
    if not (has_slots and has_tables):
        return "off"
    now = now or utcnow()
    opens, closes = window(event)
    if opens is not None and now < opens:
        return "before"
    if closes is not None and now >= closes:
        return "closed"
    return "open"


# Each change an organizer makes here is a `settings.change` entry in the audit log (the setting
# `matchmaking_window`, `matchmaking_slots` or `matchmaking_tables`): who moved the window, added
# or deleted slots, or changed the tables that delegates' meetings are booked on.


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def save_window(
    event: Event, opens_at: dt.datetime | None, closes_at: dt.datetime | None, *, actor=None
) -> MatchmakingSetup:
    if opens_at and closes_at and closes_at <= opens_at:
        raise MatchmakingError(_("The opt-in window must close after it opens."))
    setup = setup_for(event) or MatchmakingSetup(event_id=event.id)
    before = [_iso(setup.opens_at), _iso(setup.closes_at)]
    setup.opens_at, setup.closes_at = opens_at, closes_at
    db.session.add(setup)
    if before != [_iso(opens_at), _iso(closes_at)]:
        record(
            "settings.change",
            actor=actor,
            event=event,
            setting="matchmaking_window",
            value=[_iso(opens_at), _iso(closes_at)],
            before=before,
        )
    db.session.commit()
    return setup


def add_slot_series(
    event: Event, start: dt.datetime, end: dt.datetime, minutes: int, gap: int = 0, *, actor=None
) -> int:
    """Slots from `start` to `end` (aware datetimes); none may overlap an existing slot. Returns how many."""
    spans = rules.slot_series(start, end, minutes, gap)
    if not spans:
        raise MatchmakingError(
            _("No slot fits between the start and the end: make the end later or the slots shorter.")
        )
    existing = [(s.starts_at, s.ends_at) for s in slots(event)]
    if any(rules.overlaps(span, other) for span in spans for other in existing):
        raise MatchmakingError(_("These slots would overlap slots that already exist. Delete those first."))
    db.session.add_all(MatchmakingSlot(event_id=event.id, starts_at=a, ends_at=b) for a, b in spans)
    record(
        "settings.change",
        actor=actor,
        event=event,
        setting="matchmaking_slots",
        added=[[_iso(a), _iso(b)] for a, b in spans],
    )
    db.session.commit()
    return len(spans)


def delete_slot(event: Event, slot_id: int, *, actor=None) -> None:
    slot = db.session.get(MatchmakingSlot, slot_id)
    if slot is None or slot.event_id != event.id:
        raise LookupError(slot_id)
    live = db.session.scalar(
        select(func.count())
        .select_from(Meeting)
        .where(Meeting.slot_id == slot.id, Meeting.status.in_([MeetingStatus.PENDING, MeetingStatus.ACCEPTED]))
    )
    if live:
        raise MatchmakingError(
            _("This slot has meetings requested or accepted; they must be cancelled before it can be deleted.")
        )
    db.session.delete(slot)
    record(
        "settings.change",
        actor=actor,
        event=event,
        setting="matchmaking_slots",
        deleted=[[_iso(slot.starts_at), _iso(slot.ends_at)]],
    )
    db.session.commit()


def set_tables(event: Event, count: int, labels_text: str = "", *, actor=None) -> int:
    """The event's tables become `count` numbered tables (or one per label line). A table that an
    accepted meeting holds is never removed."""
    wanted = dict(rules.table_labels(count, labels_text))
    if not wanted:
        raise MatchmakingError(_("Give at least one table."))
    current = {t.number: t for t in tables(event)}
    before = {number: table.label or "" for number, table in current.items()}
    for number, table in current.items():
        if number not in wanted:
            held = db.session.scalar(select(exists().where(Meeting.table_id == table.id)))
            if held:
                raise MatchmakingError(
                    _("Table %(table)s has meetings; cancel them before removing the table.", table=table.name)
                )
            db.session.delete(table)
    for number, label in wanted.items():
        if number in current:
            current[number].label = label
        else:
            db.session.add(MatchmakingTable(event_id=event.id, number=number, label=label))
    if before != wanted:
        record(
            "settings.change",
            actor=actor,
            event=event,
            setting="matchmaking_tables",
            value=[label or str(number) for number, label in sorted(wanted.items())],
            before=[label or str(number) for number, label in sorted(before.items())],
        )
    db.session.commit()
    return len(wanted)


def grid(event: Event) -> dict:
    """The organizers' grid: slots, tables, and the accepted meeting at each (slot id, table id);
    per slot, how many requests still wait for an answer."""
    accepted = list(
        db.session.scalars(
            select(Meeting).where(Meeting.event_id == event.id, Meeting.status == MeetingStatus.ACCEPTED)
        )
    )
    taken: dict[int, int] = {}
    for meeting in accepted:
        taken[meeting.slot_id] = taken.get(meeting.slot_id, 0) + 1
    pending = dict(
        db.session.execute(
            select(Meeting.slot_id, func.count())
            .where(Meeting.event_id == event.id, Meeting.status == MeetingStatus.PENDING)
            .group_by(Meeting.slot_id)
        ).all()
    )
    return {
        "slots": slots(event),
        "tables": tables(event),
        "cells": {(m.slot_id, m.table_id): m for m in accepted},
        "pending": pending,
        "taken": taken,
    }
