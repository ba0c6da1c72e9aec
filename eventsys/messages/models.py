"""Mail to participants: a campaign is one message an organizer sent to the registrations a filter
chose; each of them gets one row in campaign_recipients, which is what makes sending idempotent."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.db import UTCDateTime, db, enum_column, utcnow


class CampaignStatus(str, enum.Enum):
    SENDING = "sending"  # the job is queuing its mails
    DONE = "done"  # every recipient has a mail in the outbox (or was skipped)
    FAILED = "failed"  # the job stopped; starting it again continues where it stopped


class RecipientOutcome(str, enum.Enum):
    QUEUED = "queued"  # a mail is in the outbox
    OPTED_OUT = "opted_out"  # the delegate asked for no more announcements
    ERASED = "erased"  # their personal data is gone


class MailCampaign(db.Model):
    __tablename__ = "mail_campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    subject_en: Mapped[str] = mapped_column(String(300))
    body_en: Mapped[str] = mapped_column(Text)
    subject_th: Mapped[str] = mapped_column(String(300), default="")  # empty: Thai readers get the English
    body_th: Mapped[str] = mapped_column(Text, default="")
    filters: Mapped[dict] = mapped_column(JSON, default=dict)  # filters.RecipientFilter.to_json()
    # Who the filter chose when the organizer pressed "Send": what the preview counted is what goes
    # out, whoever registers while the job runs.
    registration_ids: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[CampaignStatus] = mapped_column(enum_column(CampaignStatus), default=CampaignStatus.SENDING)
    job_id: Mapped[str | None] = mapped_column(String(36))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Counted by the job as it goes (the rows of campaign_recipients are the truth).
    queued_count: Mapped[int] = mapped_column(Integer, default=0)
    opted_out_count: Mapped[int] = mapped_column(Integer, default=0)
    erased_count: Mapped[int] = mapped_column(Integer, default=0)

    created_by = relationship("User")

    @property
    def recipient_count(self) -> int:
        return len(self.registration_ids or ())

    @property
    def skipped_count(self) -> int:
        return self.opted_out_count + self.erased_count


class CampaignRecipient(db.Model):
    """One registration's part in a campaign: a mail queued, or why none was. Unique per campaign, so
    a job run twice (a retry, a second worker) never mails anyone twice."""

    __tablename__ = "campaign_recipients"
    __table_args__ = (UniqueConstraint("campaign_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("mail_campaigns.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[RecipientOutcome] = mapped_column(enum_column(RecipientOutcome, 16))
    # The outbox row (a plain integer, like the outbox's own references: an erasure deletes mails).
    mail_id: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(5), default="en")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
