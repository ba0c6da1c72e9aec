"""Session outcomes: one Outcome per agenda session, every saved state kept as an OutcomeVersion.

The content of a version is one JSON document (see `content.py` for its shape): summary, key
messages, recommendations and action items, each item with its own stable id so a summit report
can cite one recommendation and a follow-up page can track one action item across meetings.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.db import UTCDateTime, db, enum_column, utcnow


class OutcomeStatus(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"  # sent back to the rapporteurs with a comment
    RESUBMITTED = "resubmitted"  # submitted again after a return
    APPROVED = "approved"


class ReviewAction(str, enum.Enum):
    SUBMITTED = "submitted"
    RESUBMITTED = "resubmitted"
    RETURNED = "returned"
    APPROVED = "approved"


class Outcome(db.Model):
    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"), unique=True)
    status: Mapped[OutcomeStatus] = mapped_column(enum_column(OutcomeStatus), default=OutcomeStatus.DRAFT)
    # The number of the latest version; an edit based on an older number is refused (two rapporteurs).
    current_number: Mapped[int] = mapped_column(Integer, default=0)
    # What the public sees: the last approved version, kept while a revision is drafted.
    approved_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("outcome_versions.id", use_alter=True, ondelete="SET NULL")
    )
    return_comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    session = relationship("AgendaSession")
    versions: Mapped[list[OutcomeVersion]] = relationship(
        back_populates="outcome",
        order_by="OutcomeVersion.number",
        cascade="all, delete-orphan",
        foreign_keys="OutcomeVersion.outcome_id",
    )
    approved_version: Mapped[OutcomeVersion | None] = relationship(foreign_keys=[approved_version_id], post_update=True)
    reviews: Mapped[list[OutcomeReview]] = relationship(
        back_populates="outcome", order_by="OutcomeReview.id", cascade="all, delete-orphan"
    )

    @property
    def current_version(self) -> OutcomeVersion | None:
        return self.versions[-1] if self.versions else None

    def version(self, number: int) -> OutcomeVersion | None:
        return next((v for v in self.versions if v.number == number), None)


class OutcomeVersion(db.Model):
    __tablename__ = "outcome_versions"
    __table_args__ = (UniqueConstraint("outcome_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    outcome: Mapped[Outcome] = relationship(back_populates="versions", foreign_keys=[outcome_id])
    author = relationship("User")


class OutcomeReview(db.Model):
    """One step of the workflow: who submitted, returned (with the comment) or approved which version."""

    __tablename__ = "outcome_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    action: Mapped[ReviewAction] = mapped_column(enum_column(ReviewAction))
    version_number: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    outcome: Mapped[Outcome] = relationship(back_populates="reviews")
    user = relationship("User")


__all__ = ["Outcome", "OutcomeReview", "OutcomeStatus", "OutcomeVersion", "ReviewAction"]
