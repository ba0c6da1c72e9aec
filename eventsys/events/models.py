"""The ASCN world every area leans on: member states, cities, partners, topics, organisations,
people, event series and events."""

from __future__ import annotations

import datetime as dt
import enum
from zoneinfo import ZoneInfo

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.db import UTCDateTime, db, enum_column, utcnow
from eventsys.i18n import bilingual, country_name


class MemberState(db.Model):
    __tablename__ = "member_states"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)  # ISO 3166-1 alpha-2
    name_en: Mapped[str] = mapped_column(String(80))
    name_th: Mapped[str] = mapped_column(String(80), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    cities: Mapped[list[City]] = relationship(back_populates="member_state", order_by="City.name_en")

    name = bilingual("name")


class City(db.Model):
    __tablename__ = "cities"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_th: Mapped[str] = mapped_column(String(120), default="")
    member_state_code: Mapped[str] = mapped_column(ForeignKey("member_states.code"), index=True)
    is_ascn_pilot: Mapped[bool] = mapped_column(Boolean, default=True)

    member_state: Mapped[MemberState] = relationship(back_populates="cities")

    name = bilingual("name")


class PartnerCountry(db.Model):
    """An ASCN external partner (names come from pycountry, in the reader's language)."""

    __tablename__ = "partner_countries"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    since_year: Mapped[int | None] = mapped_column(Integer)
    note_en: Mapped[str] = mapped_column(String(200), default="")
    note_th: Mapped[str] = mapped_column(String(200), default="")

    note = bilingual("note")

    @property
    def name(self) -> str:
        return country_name(self.code)


class TopicScheme(str, enum.Enum):
    FOCUS_AREA = "focus_area"  # the six ASCN framework focus areas
    SMART_CITY_DIMENSION = "smart_city_dimension"  # Thailand's seven smart-city dimensions


class Topic(db.Model):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    scheme: Mapped[TopicScheme] = mapped_column(enum_column(TopicScheme))
    name_en: Mapped[str] = mapped_column(String(120))
    name_th: Mapped[str] = mapped_column(String(120), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    name = bilingual("name")


class OrganisationKind(str, enum.Enum):
    MINISTRY = "ministry"
    AGENCY = "agency"
    CITY = "city"
    INTERGOVERNMENTAL = "intergovernmental"
    PARTNER_GOVERNMENT = "partner_government"
    COMPANY = "company"
    ACADEMIA = "academia"
    OTHER = "other"


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_th: Mapped[str] = mapped_column(String(200), default="")
    acronym: Mapped[str] = mapped_column(String(30), default="")
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind), default=OrganisationKind.OTHER)
    country_code: Mapped[str | None] = mapped_column(String(2))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))

    parent: Mapped[Organisation | None] = relationship(remote_side="Organisation.id")

    name = bilingual("name")

    @property
    def label(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Person(db.Model):
    """Someone who appears in the programme or the records: a name in Latin script, and optionally
    the same name in a local script (Thai, Khmer, Lao, Burmese...)."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    local_name: Mapped[str] = mapped_column(String(160), default="")
    honorific: Mapped[str] = mapped_column(String(40), default="")
    position_en: Mapped[str] = mapped_column(String(200), default="")
    position_th: Mapped[str] = mapped_column(String(200), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    country_code: Mapped[str | None] = mapped_column(String(2))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    organisation: Mapped[Organisation | None] = relationship()

    position = bilingual("position")

    @property
    def display_name(self) -> str:
        """Thai readers see the local-script name first where one exists."""
        from eventsys.i18n import current_language

        if current_language() == "th" and self.local_name:
            return self.local_name
        return f"{self.honorific} {self.name}".strip()


class EventSeries(db.Model):
    __tablename__ = "event_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title_en: Mapped[str] = mapped_column(String(200))
    title_th: Mapped[str] = mapped_column(String(200), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_th: Mapped[str] = mapped_column(Text, default="")

    events: Mapped[list[Event]] = relationship(back_populates="series", order_by="Event.start_date")

    title = bilingual("title")
    description = bilingual("description")


class EventKind(str, enum.Enum):
    ROUNDTABLE = "roundtable"
    ANNUAL_MEETING = "annual_meeting"
    SHOWCASE = "showcase"
    CONFERENCE = "conference"


class RegistrationMode(str, enum.Enum):
    OPEN = "open"  # confirmed at once
    MODERATED = "moderated"  # pending until an organizer decides
    INVITATION = "invitation"  # only through a signed invitation link


class RegistrationWindow(str, enum.Enum):
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("event_series.id"), index=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind))
    title_en: Mapped[str] = mapped_column(String(250))
    title_th: Mapped[str] = mapped_column(String(250), default="")
    theme_en: Mapped[str] = mapped_column(String(250), default="")
    theme_th: Mapped[str] = mapped_column(String(250), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_th: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Bangkok")
    venue_en: Mapped[str] = mapped_column(String(250), default="")
    venue_th: Mapped[str] = mapped_column(String(250), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id"))
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    is_published: Mapped[bool] = mapped_column(Boolean, default=True)
    registration_mode: Mapped[RegistrationMode] = mapped_column(
        enum_column(RegistrationMode), default=RegistrationMode.OPEN
    )
    registration_opens_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    capacity: Mapped[int | None] = mapped_column(Integer)  # None: no limit
    privacy_notice_url: Mapped[str] = mapped_column(String(400), default="")
    # Separation of duties: an outcome is approved by someone who wrote none of its pending versions.
    separation_of_duties: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Thailand's PDPA: anonymise the registrations this many days after the last day (None: keep
    # them until erased one by one). `flask retention` applies it; the worker runs it daily.
    retention_days: Mapped[int | None] = mapped_column(Integer)
    # The event's colour in its mails (header band, buttons); the ASCN blue unless organizers choose.
    brand_colour: Mapped[str] = mapped_column(String(7), default="#1452b8", server_default="#1452b8")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    series: Mapped[EventSeries | None] = relationship(back_populates="events")
    city: Mapped[City | None] = relationship()
    hosts: Mapped[list[EventHost]] = relationship(
        back_populates="event", order_by="EventHost.position", cascade="all, delete-orphan"
    )

    title = bilingual("title")
    theme = bilingual("theme")
    description = bilingual("description")
    venue = bilingual("venue")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local_today(self, now: dt.datetime | None = None) -> dt.date:
        return (now or utcnow()).astimezone(self.zone).date()

    def is_past(self, now: dt.datetime | None = None) -> bool:
        return self.end_date < self.local_today(now)

    @property
    def retention_ends_on(self) -> dt.date | None:
        """The last day the registrations are kept; they are anonymised from the day after."""
        if self.retention_days is None:
            return None
        return self.end_date + dt.timedelta(days=self.retention_days)

    def is_past_retention(self, now: dt.datetime | None = None) -> bool:
        ends = self.retention_ends_on
        return ends is not None and ends < self.local_today(now)

    def registration_window(self, now: dt.datetime | None = None) -> RegistrationWindow:
        """Whether registration is open now. Without an explicit window it closes when the event ends."""
        now = now or utcnow()
        if self.registration_opens_at and now < self.registration_opens_at:
            return RegistrationWindow.NOT_YET_OPEN
        if self.registration_closes_at:
            return RegistrationWindow.OPEN if now < self.registration_closes_at else RegistrationWindow.CLOSED
        return RegistrationWindow.CLOSED if self.is_past(now) else RegistrationWindow.OPEN

    @property
    def days(self) -> list[dt.date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=i) for i in range(count)]


class EventHost(db.Model):
    """A host or co-host organisation of an event, in the order the event names them."""

    __tablename__ = "event_hosts"
    __table_args__ = (UniqueConstraint("event_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    role_en: Mapped[str] = mapped_column(String(200), default="")  # e.g. "through depa"
    role_th: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="hosts")
    organisation: Mapped[Organisation] = relationship()

    role = bilingual("role")
