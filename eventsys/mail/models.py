"""The outbox: every mail is a row first, so a crash or an SMTP outage loses nothing."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eventsys.db import UTCDateTime, db, enum_column, utcnow


class MailStatus(str, enum.Enum):
    QUEUED = "queued"  # waiting for (another) attempt
    SENT = "sent"
    FAILED = "failed"  # gave up after MAIL_MAX_ATTEMPTS; kept, and `flask mail retry` requeues it


class OutboxMail(db.Model):
    __tablename__ = "outbox_mails"
    __table_args__ = (
        Index("ix_outbox_mails_due", "status", "next_attempt_at"),
        Index("ix_outbox_mails_event", "event_id", "status", "id"),
        Index("ix_outbox_mails_campaign", "campaign_id", "registration_id"),
    )

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
    # What the mail is about, for the organizers' outbox page and for mail to many. Plain integers,
    # not foreign keys: the outbox sits below the areas that own these rows, and a mail's record
    # outlives a deleted event (erasure deletes the mails of a person by address).
    event_id: Mapped[int | None] = mapped_column(Integer)
    registration_id: Mapped[int | None] = mapped_column(Integer)
    campaign_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(80), default="")  # e.g. "registration.confirmed"
    # Specs of attachments built at delivery (mail/attachments.py) and extra headers (List-Unsubscribe).
    attachments: Mapped[list | None] = mapped_column(JSON, default=list)
    headers: Mapped[dict | None] = mapped_column(JSON, default=dict)


class EventMailText(db.Model):
    """An event's own subject and body for one kind of mail in one language (mail/texts.py)."""

    __tablename__ = "event_mail_texts"
    __table_args__ = (UniqueConstraint("event_id", "kind", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
