"""Models of the proceedings area: the organizer's foreword and each built book file."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.db import UTCDateTime, db, enum_column, utcnow
from eventsys.events.models import Event
from eventsys.i18n import bilingual


class Foreword(db.Model):
    """The foreword that opens an event's proceedings, written by the organizers (en/th)."""

    __tablename__ = "proceedings_forewords"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    text_en: Mapped[str] = mapped_column(Text, default="")
    text_th: Mapped[str] = mapped_column(Text, default="")
    signed_by: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    text = bilingual("text")


class BuildStatus(str, enum.Enum):
    BUILDING = "building"
    READY = "ready"  # the file is complete and in place: the only state ever served
    FAILED = "failed"


class ProceedingsBuild(db.Model):
    """One attempt at building the book. A READY build points to a complete file; a later
    BUILDING or FAILED attempt never touches it, so the last good book stays downloadable."""

    __tablename__ = "proceedings_builds"
    __table_args__ = (UniqueConstraint("event_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    status: Mapped[BuildStatus] = mapped_column(enum_column(BuildStatus), default=BuildStatus.BUILDING)
    version: Mapped[int | None] = mapped_column(Integer)  # numbered when READY: 1, 2, 3...
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    options_hash: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    file_path: Mapped[str] = mapped_column(String(400), default="")  # relative to the instance folder
    size: Mapped[int] = mapped_column(Integer, default=0)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    # The book carries the DRAFT watermark (not all outcomes were approved, or it was asked for).
    draft: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    job_id: Mapped[str | None] = mapped_column(String(36))
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The registrations the book lists as participants (None: built before this was recorded).
    registration_ids: Mapped[list | None] = mapped_column(JSON)
    # Withdrawn because a person in it had their data erased: its file is deleted, it is never
    # served or published again (proceedings.services.retire_builds_showing).
    retired_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()

    @property
    def language(self) -> str:
        return (self.options or {}).get("language", "en")
