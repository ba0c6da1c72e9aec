"""Exhibitors of a Showcase, their staff, and the floor plan: halls and booths on a grid.

An exhibitor is an application until organizers accept it; only accepted ones are public. A booth
belongs to one hall (its position and size in grid cells) and holds at most one exhibitor: the
unique `booth.exhibitor_id` is what keeps two booths from naming the same exhibitor when two
organizers assign at once. Booth numbers are unique per event, so "booth A12" means one place.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.db import UTCDateTime, db, enum_column, utcnow
from eventsys.events.models import City, Event, Topic
from eventsys.i18n import bilingual
from eventsys.registration.models import is_erased_address


class ExhibitorKind(str, enum.Enum):
    CITY = "city"
    AGENCY = "agency"
    COMPANY = "company"
    PARTNER = "partner"


class ExhibitorStatus(str, enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class ExhibitionSettings(db.Model):
    """Per event: whether the application form is open (closed until an organizer opens it)."""

    __tablename__ = "exhibition_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    applications_open: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


exhibitor_topics = Table(
    "exhibitor_topics",
    db.metadata,
    Column("exhibitor_id", ForeignKey("exhibitors.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
)


class Exhibitor(db.Model):
    __tablename__ = "exhibitors"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    status: Mapped[ExhibitorStatus] = mapped_column(enum_column(ExhibitorStatus), default=ExhibitorStatus.PENDING)
    kind: Mapped[ExhibitorKind] = mapped_column(enum_column(ExhibitorKind))
    name_en: Mapped[str] = mapped_column(String(200))
    name_th: Mapped[str] = mapped_column(String(200), default="")
    country_code: Mapped[str] = mapped_column(String(2))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id"))
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_th: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(254))
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    language: Mapped[str] = mapped_column(String(5), default="en")  # the contact's mail language
    # The logo's file under STORAGE_PATH and its content type, as Pillow read it (never the upload's word).
    logo_path: Mapped[str | None] = mapped_column(String(200))
    logo_type: Mapped[str | None] = mapped_column(String(20))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    city: Mapped[City | None] = relationship()
    topics: Mapped[list[Topic]] = relationship(secondary=exhibitor_topics, order_by="Topic.position")
    booth: Mapped[Booth | None] = relationship(back_populates="exhibitor", uselist=False)
    staff: Mapped[list[ExhibitorStaff]] = relationship(back_populates="exhibitor", cascade="all, delete-orphan")

    name = bilingual("name")
    description = bilingual("description")

    @property
    def contact_erased(self) -> bool:
        """The contact person was erased once the event's retention period ended (retention.py)."""
        return is_erased_address(self.contact_email)


class ExhibitorStaff(db.Model):
    """An address an organizer invited to register as this exhibitor's staff (category `exhibitor`).
    Unique per event: one person staffs one exhibitor's booth."""

    __tablename__ = "exhibitor_staff"
    __table_args__ = (UniqueConstraint("event_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    exhibitor_id: Mapped[int] = mapped_column(ForeignKey("exhibitors.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    exhibitor: Mapped[Exhibitor] = relationship(back_populates="staff")


class Hall(db.Model):
    __tablename__ = "exhibition_halls"
    __table_args__ = (
        CheckConstraint("width > 0 AND height > 0", name="hall_size_positive"),
        UniqueConstraint("event_id", "name_en"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_th: Mapped[str] = mapped_column(String(120), default="")
    width: Mapped[int] = mapped_column(Integer)  # in grid cells
    height: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)

    booths: Mapped[list[Booth]] = relationship(
        back_populates="hall", order_by="Booth.number", cascade="all, delete-orphan"
    )

    name = bilingual("name")


class Booth(db.Model):
    __tablename__ = "exhibition_booths"
    __table_args__ = (
        UniqueConstraint("event_id", "number"),
        CheckConstraint("x >= 0 AND y >= 0 AND w > 0 AND h > 0", name="booth_geometry"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    hall_id: Mapped[int] = mapped_column(ForeignKey("exhibition_halls.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(20))
    x: Mapped[int] = mapped_column(Integer)
    y: Mapped[int] = mapped_column(Integer)
    w: Mapped[int] = mapped_column(Integer)
    h: Mapped[int] = mapped_column(Integer)
    exhibitor_id: Mapped[int | None] = mapped_column(ForeignKey("exhibitors.id", ondelete="SET NULL"), unique=True)

    hall: Mapped[Hall] = relationship(back_populates="booths")
    exhibitor: Mapped[Exhibitor | None] = relationship(back_populates="booth")
