"""The outbox: every mail is a row first, so a crash or an SMTP outage loses nothing."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eventsys.db import UTCDateTime, db, enum_column, utcnow


class MailStatus(str, enum.Enum):
    QUEUED = "queued"  # waiting for (another) attempt
    SENT = "sent"
    FAILED = "failed"  # gave up after MAIL_MAX_ATTEMPTS; kept, and `flask mail retry` requeues it


class OutboxMail(db.Model):
    __tablename__ = "outbox_mails"
    __table_args__ = (Index("ix_outbox_mails_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="en")
    template: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[MailStatus] = mapped_column(enum_column(MailStatus), default=MailStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[str | None] = mapped_column(String(200))
