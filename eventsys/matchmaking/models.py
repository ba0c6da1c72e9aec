"""Matchmaking: an event's settings, its slots and numbered tables, the delegates who opted in, the
meetings they request, and the bookings that make double-booking impossible.

The database is the last word on "never double-booked": an accepted meeting holds its table
(unique slot and table on the meeting: NULL for every meeting that holds none, and NULLs never
collide on SQLite or PostgreSQL) and one `MatchmakingBooking` per person (unique slot and person).
Two accepts racing for one table or one person cannot both commit, whatever the service checked.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.db import UTCDateTime, db, enum_column, utcnow
from eventsys.i18n import bilingual


class MatchmakingSetup(db.Model):
    """One per event: when delegates may opt in and request meetings (the opt-in window)."""

    __tablename__ = "matchmaking_setups"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    opens_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # None: open now
    closes_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # None: until the last slot
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class MatchmakingSlot(db.Model):
    __tablename__ = "matchmaking_slots"
    __table_args__ = (
        UniqueConstraint("event_id", "starts_at"),
        CheckConstraint("ends_at > starts_at", name="slot_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class MatchmakingTable(db.Model):
    """A numbered table; its label (e.g. "Table 3 · Hall A") is what the printed list shows."""

    __tablename__ = "matchmaking_tables"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(80), default="", server_default="")

    @property
    def name(self) -> str:
        return self.label or str(self.number)


class MatchmakingParticipant(db.Model):
    """A delegate who opted in, with what they offer and seek (English and Thai)."""

    __tablename__ = "matchmaking_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), unique=True)
    offers_en: Mapped[str] = mapped_column(String(500), default="", server_default="")
    offers_th: Mapped[str] = mapped_column(String(500), default="", server_default="")
    seeks_en: Mapped[str] = mapped_column(String(500), default="", server_default="")
    seeks_th: Mapped[str] = mapped_column(String(500), default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    registration = relationship("Registration")

    offers = bilingual("offers")
    seeks = bilingual("seeks")


class MeetingStatus(str, enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class Meeting(db.Model):
    """A request for a 1:1 meeting in a slot; accepted, it holds a table (and two bookings)."""

    __tablename__ = "matchmaking_meetings"
    __table_args__ = (
        UniqueConstraint("slot_id", "table_id"),  # one meeting per table and slot (NULL: no table)
        CheckConstraint("requester_id <> invitee_id", name="two_people"),
        Index("ix_matchmaking_meetings_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    slot_id: Mapped[int] = mapped_column(ForeignKey("matchmaking_slots.id", ondelete="CASCADE"), index=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    invitee_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    # The accepted project this meeting is about, when the invitee submitted it for their city.
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[MeetingStatus] = mapped_column(enum_column(MeetingStatus), default=MeetingStatus.PENDING)
    table_id: Mapped[int | None] = mapped_column(ForeignKey("matchmaking_tables.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))

    slot = relationship("MatchmakingSlot")
    table = relationship("MatchmakingTable")
    requester = relationship("Registration", foreign_keys=[requester_id])
    invitee = relationship("Registration", foreign_keys=[invitee_id])
    project = relationship("Project")

    def other_side(self, registration_id: int):
        return self.invitee if registration_id == self.requester_id else self.requester


class MatchmakingBooking(db.Model):
    """A person taken in a slot by an accepted meeting: two per meeting, gone when it is cancelled."""

    __tablename__ = "matchmaking_bookings"
    __table_args__ = (UniqueConstraint("slot_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("matchmaking_slots.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("matchmaking_meetings.id", ondelete="CASCADE"), index=True)
