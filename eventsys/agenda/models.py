"""The programme: rooms, tracks, sessions and the people in them.

`AgendaSession.id` is the stable identity of a session: outcomes, reports, personal agendas and
check-in lists refer to it, whatever happens to drafts and published versions.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.db import UTCDateTime, db, enum_column, utcnow
from eventsys.events.models import Event, Person, Topic
from eventsys.i18n import bilingual


class Room(db.Model):
    __tablename__ = "rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_th: Mapped[str] = mapped_column(String(120), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)

    name = bilingual("name")


class Track(db.Model):
    __tablename__ = "tracks"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_th: Mapped[str] = mapped_column(String(120), default="")
    colour: Mapped[str] = mapped_column(String(7), default="#1452b8")  # "#rrggbb"
    position: Mapped[int] = mapped_column(Integer, default=0)

    name = bilingual("name")


class SessionType(str, enum.Enum):
    PLENARY = "plenary"
    ROUNDTABLE = "roundtable"
    PANEL = "panel"
    WORKSHOP = "workshop"
    EXHIBITION = "exhibition"
    BREAK = "break"
    NETWORKING = "networking"
    # A city presents an accepted project of the call (eventsys/projects links the two).
    PITCH = "pitch"


class SessionRole(str, enum.Enum):
    CHAIR = "chair"
    MODERATOR = "moderator"
    SPEAKER = "speaker"
    PANELLIST = "panellist"
    RAPPORTEUR = "rapporteur"  # the person must be linked to a user account (Person.user_id)


session_topics = Table(
    "session_topics",
    db.metadata,
    Column("session_id", ForeignKey("agenda_sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
)


class AgendaSession(db.Model):
    __tablename__ = "agenda_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    type: Mapped[SessionType] = mapped_column(enum_column(SessionType))
    title_en: Mapped[str] = mapped_column(String(300))
    title_th: Mapped[str] = mapped_column(String(300), default="")
    abstract_en: Mapped[str] = mapped_column(Text, default="")
    abstract_th: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"), index=True)
    track_id: Mapped[int | None] = mapped_column(ForeignKey("tracks.id", ondelete="SET NULL"))
    signup_required: Mapped[bool] = mapped_column(Boolean, default=False)
    signup_capacity: Mapped[int | None] = mapped_column(Integer)
    # Optimistic locking: a save based on an older version is refused, never silently applied.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Removing a session from the draft only marks it: its id stays valid for everything that
    # refers to it, and the published version disappears at the next "Publish".
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012  (SQLAlchemy reads it as a plain dict)

    event: Mapped[Event] = relationship()
    room: Mapped[Room | None] = relationship()
    track: Mapped[Track | None] = relationship()
    people: Mapped[list[SessionPerson]] = relationship(
        back_populates="session", order_by="SessionPerson.position", cascade="all, delete-orphan"
    )
    topics: Mapped[list[Topic]] = relationship(secondary=session_topics, order_by="Topic.position")

    title = bilingual("title")
    abstract = bilingual("abstract")

    def people_with_role(self, role: SessionRole) -> list[Person]:
        return [sp.person for sp in self.people if sp.role == role]

    @property
    def rapporteur_user_ids(self) -> set[int]:
        return {
            sp.person.user_id
            for sp in self.people
            if sp.role == SessionRole.RAPPORTEUR and sp.person.user_id is not None
        }


class SessionPerson(db.Model):
    __tablename__ = "session_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[SessionRole] = mapped_column(enum_column(SessionRole))
    position: Mapped[int] = mapped_column(Integer, default=0)

    session: Mapped[AgendaSession] = relationship(back_populates="people")
    person: Mapped[Person] = relationship()


class PublishedSession(db.Model):
    """What delegates see of one session: the draft as it was at the last "Publish".

    `data` is a self-contained snapshot (titles, times, room, track, people, topics), so the public
    pages, exports and API read one row per session and never the draft.
    """

    __tablename__ = "published_sessions"

    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"), primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    data: Mapped[dict] = mapped_column(JSON)
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class AgendaPublication(db.Model):
    """One press of "Publish": when, by whom, how much changed."""

    __tablename__ = "agenda_publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sessions_changed: Mapped[int] = mapped_column(Integer, default=0)
    mails_queued: Mapped[int] = mapped_column(Integer, default=0)


class PersonalAgendaItem(db.Model):
    """A session a delegate put on their own agenda (a sign-up where the session requires one)."""

    __tablename__ = "personal_agenda_items"
    __table_args__ = (UniqueConstraint("registration_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class CalendarFeed(db.Model):
    """A private iCalendar feed URL of one delegate's agenda. Only the token's SHA-256 is stored."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
