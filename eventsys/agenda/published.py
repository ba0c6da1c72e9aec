"""Reading the published agenda: what delegates, exports and the API see.

A published session is a JSON snapshot (see publishing.snapshot). `PublishedSessionView` gives it
the same attribute names a template would use on a draft session (title, starts_at, room.name...),
answering in the reader's language. The whole published agenda of an event is one SQL query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from eventsys.agenda.models import PublishedSession, SessionRole, SessionType
from eventsys.db import db
from eventsys.events.models import Event
from eventsys.i18n import pick


class _Named:
    """A snapshot dict with `name_en`/`name_th` keys, read as `.name` in the reader's language."""

    def __init__(self, data: dict):
        self.data = data

    def __getattr__(self, key):
        try:
            return self.data[key]
        except KeyError:
            raise AttributeError(key) from None

    @property
    def name(self) -> str:
        return pick(self.data.get("name_en"), self.data.get("name_th"))

    def __eq__(self, other):
        return isinstance(other, _Named) and self.data.get("id") == other.data.get("id")

    def __hash__(self):
        return hash(self.data.get("id"))


class PublishedPerson:
    def __init__(self, data: dict):
        self.data = data
        self.person_id: int = data["person_id"]
        self.role = SessionRole(data["role"])
        self.user_id: int | None = data.get("user_id")

    @property
    def display_name(self) -> str:
        if pick("en", "th") == "th" and self.data.get("local_name"):
            return self.data["local_name"]
        return f"{self.data.get('honorific', '')} {self.data['name']}".strip()

    @property
    def latin_name(self) -> str:
        return f"{self.data.get('honorific', '')} {self.data['name']}".strip()

    @property
    def position(self) -> str:
        return pick(self.data.get("position_en"), self.data.get("position_th"))

    @property
    def organisation(self) -> str:
        return pick(self.data.get("organisation_en"), self.data.get("organisation_th"))


class PublishedSessionView:
    def __init__(self, session_id: int, data: dict, event_id: int | None = None):
        self.id = session_id
        self.event_id = event_id
        self.data = data
        self.type = SessionType(data["type"])
        self.starts_at = dt.datetime.fromisoformat(data["starts_at"])
        self.ends_at = dt.datetime.fromisoformat(data["ends_at"])
        self.room = _Named(data["room"]) if data.get("room") else None
        self.track = _Named(data["track"]) if data.get("track") else None
        self.topics = [_Named(t) for t in data.get("topics", [])]
        self.people = [PublishedPerson(p) for p in data.get("people", [])]
        self.signup_required: bool = data.get("signup_required", False)
        self.signup_capacity: int | None = data.get("signup_capacity")
        self.title_en: str = data["title_en"]
        self.title_th: str = data.get("title_th", "")
        self.abstract_en: str = data.get("abstract_en", "")
        self.abstract_th: str = data.get("abstract_th", "")

    @property
    def title(self) -> str:
        return pick(self.title_en, self.title_th)

    @property
    def abstract(self) -> str:
        return pick(self.abstract_en, self.abstract_th)

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def local_day(self, zone) -> dt.date:
        return self.starts_at.astimezone(zone).date()

    def people_with_role(self, role: SessionRole) -> list[PublishedPerson]:
        return [p for p in self.people if p.role == role]

    def topic_slugs(self) -> set[str]:
        return {t.slug for t in self.topics}


def published_sessions(event: Event) -> list[PublishedSessionView]:
    rows = db.session.execute(
        select(PublishedSession.session_id, PublishedSession.data)
        .where(PublishedSession.event_id == event.id)
        .order_by(PublishedSession.starts_at, PublishedSession.session_id)
    )
    views = [PublishedSessionView(session_id, data) for session_id, data in rows]
    return sorted(views, key=lambda v: (v.starts_at, v.room.position if v.room else 10_000, v.id))


def published_session(session_id: int, event: Event | None = None) -> PublishedSessionView | None:
    row = db.session.get(PublishedSession, session_id)
    if row is None or (event is not None and row.event_id != event.id):
        return None
    return PublishedSessionView(row.session_id, row.data, row.event_id)


@dataclass
class AgendaFilters:
    type: str = ""
    track: int | None = None
    topic: str = ""

    @property
    def active(self) -> bool:
        return bool(self.type or self.track or self.topic)

    def apply(self, sessions: list[PublishedSessionView]) -> list[PublishedSessionView]:
        chosen = sessions
        if self.type:
            chosen = [s for s in chosen if s.type.value == self.type]
        if self.track:
            chosen = [s for s in chosen if s.track and s.track.id == self.track]
        if self.topic:
            chosen = [s for s in chosen if self.topic in s.topic_slugs()]
        return chosen


def group_by_day(event: Event, sessions: list[PublishedSessionView]) -> list[tuple[dt.date, list]]:
    days: dict[dt.date, list] = {}
    for session in sessions:
        days.setdefault(session.local_day(event.zone), []).append(session)
    return sorted(days.items())


def group_by(sessions: list[PublishedSessionView], key: str) -> list[tuple[_Named | None, list]]:
    """Sessions under their room or track (in the organizers' order; those without one last)."""
    groups: dict = {}
    for session in sessions:
        groups.setdefault(getattr(session, key), []).append(session)
    return sorted(groups.items(), key=lambda item: (item[0] is None, item[0].position if item[0] else 0))


def distinct(sessions: list[PublishedSessionView], key: str) -> list[_Named]:
    seen: dict = {}
    for session in sessions:
        values = session.topics if key == "topics" else [getattr(session, key)]
        for value in values:
            if value is not None:
                seen.setdefault(value, value)
    return sorted(seen.values(), key=lambda v: (v.data.get("scheme", ""), v.data.get("position", 0)))
