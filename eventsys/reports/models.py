"""Summit reports: ordered sections of cited outcomes and recommendations, with connecting text.

A cited item records the outcome version it quoted, so a later re-approved revision shows up as
"out of date" instead of silently changing what the report said.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.db import UTCDateTime, db, utcnow
from eventsys.i18n import bilingual


class SummitReport(db.Model):
    __tablename__ = "summit_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("event_series.id", ondelete="SET NULL"))
    title_en: Mapped[str] = mapped_column(String(250))
    title_th: Mapped[str] = mapped_column(String(250), default="")
    target_en: Mapped[str] = mapped_column(String(200), default="")  # e.g. "35th ASEAN Summit"
    target_th: Mapped[str] = mapped_column(String(200), default="")
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    introduction_en: Mapped[str] = mapped_column(Text, default="")
    introduction_th: Mapped[str] = mapped_column(Text, default="")
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    series = relationship("EventSeries")
    editor = relationship("User")
    sections: Mapped[list[ReportSection]] = relationship(
        back_populates="report", order_by="ReportSection.position", cascade="all, delete-orphan"
    )

    title = bilingual("title")
    target = bilingual("target")
    introduction = bilingual("introduction")


class ReportSection(db.Model):
    __tablename__ = "report_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("summit_reports.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title_en: Mapped[str] = mapped_column(String(250))
    title_th: Mapped[str] = mapped_column(String(250), default="")
    text_en: Mapped[str] = mapped_column(Text, default="")  # the section's opening text
    text_th: Mapped[str] = mapped_column(Text, default="")

    report: Mapped[SummitReport] = relationship(back_populates="sections")
    items: Mapped[list[ReportItem]] = relationship(
        back_populates="section", order_by="ReportItem.position", cascade="all, delete-orphan"
    )

    title = bilingual("title")
    text = bilingual("text")


class ReportItem(db.Model):
    """A citation: a whole approved outcome, or one recommendation of it (`recommendation_id`)."""

    __tablename__ = "report_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("report_sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[str | None] = mapped_column(String(40))
    cited_version_id: Mapped[int] = mapped_column(ForeignKey("outcome_versions.id"))
    connecting_en: Mapped[str] = mapped_column(Text, default="")  # the editor's text leading into it
    connecting_th: Mapped[str] = mapped_column(Text, default="")

    section: Mapped[ReportSection] = relationship(back_populates="items")
    outcome = relationship("Outcome")
    cited_version = relationship("OutcomeVersion")

    connecting = bilingual("connecting")
