"""Check-in: lists (one per event day, one per agenda session), who is checked in on each, and
every scan the door staff made, refused ones included."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.db import UTCDateTime, db, utcnow
from eventsys.events.models import enum_column
from eventsys.i18n import bilingual


class CheckinList(db.Model):
    """A door to count people through: an event day or one agenda session."""

    __tablename__ = "checkin_lists"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))  # "day-2026-12-24" or "session-17": what scanners send
    day: Mapped[dt.date | None] = mapped_column(Date)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"))
    name_en: Mapped[str] = mapped_column(String(300))
    name_th: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    session = relationship("AgendaSession")

    name = bilingual("name")


class Checkin(db.Model):
    """A delegate on a list: once per list (the unique constraint decides races)."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("list_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("checkin_lists.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    checked_out_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    checkin_list: Mapped[CheckinList] = relationship()
    registration = relationship("Registration")


class ScanResult(str, enum.Enum):
    CHECKED_IN = "checked_in"
    ALREADY_CHECKED_IN = "already_checked_in"
    CHECKED_OUT = "checked_out"
    NOT_CHECKED_IN = "not_checked_in"  # a check-out of someone who is not in
    WRONG_EVENT = "wrong_event"
    REVOKED = "revoked"
    NOT_CONFIRMED = "not_confirmed"
    INVALID = "invalid"


class Scan(db.Model):
    """Every scan uploaded, accepted or refused. The scanner's nonce makes an upload idempotent."""

    __tablename__ = "checkin_scans"
    __table_args__ = (UniqueConstraint("event_id", "nonce"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    list_id: Mapped[int | None] = mapped_column(ForeignKey("checkin_lists.id", ondelete="SET NULL"))
    nonce: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(200), default="")
    method: Mapped[str] = mapped_column(String(10), default="qr")  # "qr" or "manual"
    direction: Mapped[str] = mapped_column(String(3), default="in")  # "in" or "out"
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"), index=True)
    badge_serial: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[ScanResult] = mapped_column(enum_column(ScanResult))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    device: Mapped[str] = mapped_column(String(200), default="")

    registration = relationship("Registration")
    user = relationship("User")
