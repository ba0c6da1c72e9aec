"""Feedback: each event's survey settings, who was invited, and the answers.

An answer is one rating (1 to 5) and a comment on one target: the event itself ("event") or one
session ("session-<id>"). The unique constraint on (registration, target) is what makes "each
delegate answers once per session" hold when two submits race: the second insert fails and the
service reports the answer already given. After an erasure `registration_id` is NULL, which the
constraint ignores, so the anonymous ratings stay in the figures.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.db import UTCDateTime, db, utcnow
from eventsys.i18n import bilingual

EVENT_TARGET = "event"


def session_target(session_id: int) -> str:
    return f"session-{session_id}"


class FeedbackSurvey(db.Model):
    """One survey per event: when it opens and closes, the organizers' own question, the invitations."""

    __tablename__ = "feedback_surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    opens_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # None: when the event ends
    closes_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # None: not set, nothing is sent
    question_en: Mapped[str] = mapped_column(String(300), default="", server_default="")
    question_th: Mapped[str] = mapped_column(String(300), default="", server_default="")
    invitations_job_id: Mapped[str | None] = mapped_column(String(64))
    invitations_queued: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event = relationship("Event")

    question = bilingual("question")


class FeedbackInvitation(db.Model):
    """A delegate mailed the survey link: written in the transaction that queues the mail, unique per
    event, so sending again (a second click, a retried job) never mails anyone twice."""

    __tablename__ = "feedback_invitations"
    __table_args__ = (UniqueConstraint("event_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    queued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class FeedbackResponse(db.Model):
    """One delegate's answer on one target (the event, or a session)."""

    __tablename__ = "feedback_responses"
    __table_args__ = (
        UniqueConstraint("registration_id", "target"),
        CheckConstraint("rating >= 1 AND rating <= 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(40))  # "event" or "session-<id>"
    # NULL once the delegate's data was erased: the rating stays, nobody can trace it back.
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    extra_answer: Mapped[str] = mapped_column(Text, default="", server_default="")  # the organizers' question
    # "My rapporteur may see my name with my comments": off unless the delegate ticked it.
    named: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    registration = relationship("Registration")
    session = relationship("AgendaSession")
