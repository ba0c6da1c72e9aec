"""The call for city projects: one call per event with its review criteria, the projects cities
submit to it, the reviewers' scores, and the action items that name a project.

A project carried to a later event's call is a new row of that event pointing at the one it was
carried from (`previous_id`): each meeting keeps its own submission, status and decision, and the
chain of rows is the project's history across meetings.

The unique constraint on (project, reviewer) is what keeps "one review per reviewer per project"
when two saves of a first review race: the second insert fails and the service updates the row
the first one wrote (services_review.save_review).
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.db import UTCDateTime, db, enum_column, utcnow
from eventsys.i18n import bilingual


class ProjectStage(str, enum.Enum):
    IDEA = "idea"
    PLANNING = "planning"
    PILOT = "pilot"
    SCALING = "scaling"
    OPERATING = "operating"


class BudgetRange(str, enum.Enum):
    """Bands in US dollars: what a solution provider or a fund needs to know first."""

    UNDER_100K = "under_100k"
    FROM_100K = "100k_1m"
    FROM_1M = "1m_10m"
    FROM_10M = "10m_50m"
    OVER_50M = "over_50m"


class ProjectStatus(str, enum.Enum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    DECLINED = "declined"


SEEKING = ("finance", "technology", "partner")


class ProjectCall(db.Model):
    """An event's call: open until `closes_at` (an instant; organizers give it in the event's zone)."""

    __tablename__ = "project_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    closes_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    intro_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    intro_th: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event = relationship("Event")
    criteria: Mapped[list[ReviewCriterion]] = relationship(
        back_populates="call", order_by="ReviewCriterion.position, ReviewCriterion.id", cascade="all, delete-orphan"
    )

    intro = bilingual("intro")


class ReviewCriterion(db.Model):
    """What reviewers score: each on a scale from 1 to `scale_max`, counted `weight` times."""

    __tablename__ = "project_review_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("project_calls.id", ondelete="CASCADE"), index=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_th: Mapped[str] = mapped_column(String(200), default="", server_default="")
    weight: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    scale_max: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    call: Mapped[ProjectCall] = relationship(back_populates="criteria")

    name = bilingual("name")


project_topics = Table(
    "project_topics",
    db.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
)


class Project(db.Model):
    """One city's project as submitted to one event's call."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), index=True)
    title_en: Mapped[str] = mapped_column(String(250))
    title_th: Mapped[str] = mapped_column(String(250), default="", server_default="")
    description_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_th: Mapped[str] = mapped_column(Text, default="", server_default="")
    stage: Mapped[ProjectStage] = mapped_column(enum_column(ProjectStage))
    budget_range: Mapped[BudgetRange] = mapped_column(enum_column(BudgetRange))
    seeking: Mapped[list] = mapped_column(JSON, default=list)  # values of SEEKING
    status: Mapped[ProjectStatus] = mapped_column(enum_column(ProjectStatus), default=ProjectStatus.SUBMITTED)
    # Who submitted it: the city representative's registration (their signed manage link), and the
    # account that registration belongs to, if any. NULL once the registration is gone.
    submitter_registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL"), index=True
    )
    submitter_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")  # the decision mail's
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"), index=True)
    pitch_session_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The decision the submitter was last mailed: notifying again mails only a changed decision.
    notified_status: Mapped[str | None] = mapped_column(String(24))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event = relationship("Event")
    city = relationship("City")
    topics = relationship("Topic", secondary=project_topics, order_by="Topic.position")
    submitter_registration = relationship("Registration")
    submitter_user = relationship("User", foreign_keys=[submitter_user_id])
    previous: Mapped[Project | None] = relationship(remote_side="Project.id")
    pitch_session = relationship("AgendaSession")
    reviews: Mapped[list[ProjectReview]] = relationship(
        back_populates="project", order_by="ProjectReview.id", cascade="all, delete-orphan"
    )
    action_links: Mapped[list[ProjectActionLink]] = relationship(
        back_populates="project", order_by="ProjectActionLink.id", cascade="all, delete-orphan"
    )

    title = bilingual("title")
    description = bilingual("description")

    def topic_slugs(self, scheme: str) -> list[str]:
        return [t.slug for t in self.topics if t.scheme.value == scheme]


class ProjectReview(db.Model):
    """One reviewer's scores (criterion id → score) and comment on one project."""

    __tablename__ = "project_reviews"
    __table_args__ = (UniqueConstraint("project_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    scores: Mapped[dict] = mapped_column(JSON, default=dict)  # {"<criterion id>": score}
    comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    project: Mapped[Project] = relationship(back_populates="reviews")
    reviewer = relationship("User")


class ProjectActionLink(db.Model):
    """An action item of an approved session outcome that names a project. Items live in the
    outcome's JSON with a stable id, so the link is (session, item id)."""

    __tablename__ = "project_action_links"
    __table_args__ = (UniqueConstraint("project_id", "session_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[Project] = relationship(back_populates="action_links")
