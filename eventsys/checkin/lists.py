"""Check-in lists: one per event day and one per agenda session (breaks excepted), made once and
kept in step with the event's days and agenda; found by key for every scan."""

from __future__ import annotations

import datetime as dt
import functools

from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from eventsys.agenda.models import AgendaSession, SessionType
from eventsys.checkin.models import CheckinList
from eventsys.db import db
from eventsys.events.models import Event
from eventsys.i18n import format_clock, format_day_short


class CheckinError(Exception):
    """A domain error with a message for the person who caused it."""


class ListNotFound(CheckinError):
    pass


def day_key(day: dt.date) -> str:
    return f"day-{day.isoformat()}"


def ensure_lists(event: Event) -> list[CheckinList]:
    """One list per event day and one per agenda session (breaks excepted); made once, kept in step."""
    existing = {row.key: row for row in db.session.scalars(select(CheckinList).filter_by(event_id=event.id))}
    wanted = []
    for position, day in enumerate(event.days):
        wanted.append(
            (
                day_key(day),
                {
                    "day": day,
                    "name_en": format_day_short(day, "en"),
                    "name_th": format_day_short(day, "th"),
                    "position": position,
                },
            )
        )
    sessions = db.session.scalars(
        select(AgendaSession)
        .where(AgendaSession.event_id == event.id, AgendaSession.type != SessionType.BREAK)
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    )
    for position, session in enumerate(sessions, start=100):
        clock = format_clock(session.starts_at, event.timezone)
        wanted.append(
            (
                f"session-{session.id}",
                {
                    "session_id": session.id,
                    "day": session.starts_at.astimezone(event.zone).date(),
                    "position": position,
                    "name_en": f"{clock} {session.title_en}"[:300],
                    "name_th": f"{clock} {session.title_th or session.title_en}"[:300],
                },
            )
        )
    changed = False
    for key, values in wanted:
        row = existing.get(key)
        if row is None:
            db.session.add(CheckinList(event_id=event.id, key=key, **values))
            changed = True
        elif row.name_en != values["name_en"] or row.name_th != values["name_th"]:
            row.name_en, row.name_th = values["name_en"], values["name_th"]
            changed = True
    if changed:
        try:
            db.session.commit()
        except IntegrityError:  # another request made them at the same moment
            db.session.rollback()
    return list(
        db.session.scalars(
            select(CheckinList).filter_by(event_id=event.id).order_by(CheckinList.position, CheckinList.id)
        )
    )


def wanted_key(event: Event, key: str | int | None) -> str:
    """The key a scan asks for: the one it names, else today's day list (in the event's time zone)."""
    return day_key(event.local_today()) if key in (None, "") else str(key)


def find_list(event: Event, key: str | int | None, lists: list[CheckinList] | None = None) -> CheckinList:
    """A list by key (or id); without one, today's day list, or the first day during set-up.

    Without `lists`, a list that exists is found with one indexed query (the door's hot path);
    only a key not found yet makes the event's lists (ensure_lists), and then looks again."""
    if lists is None:
        found = db.session.scalar(_list_by_key(), {"event_id": event.id, "key": wanted_key(event, key)})
        if found is not None:
            return found
        lists = ensure_lists(event)
    if key in (None, ""):
        today = day_key(event.local_today())
        return next((row for row in lists if row.key == today), lists[0])
    for row in lists:
        if row.key == str(key) or str(row.id) == str(key):
            return row
    raise ListNotFound(_("No check-in list '%(key)s' for this event.", key=key))


@functools.cache
def _list_by_key():
    return select(CheckinList).where(CheckinList.event_id == bindparam("event_id"), CheckinList.key == bindparam("key"))
