"""Who a mail to participants goes to: the organizer's filter, kept with the campaign as JSON, and the
choices the compose form offers (only countries, cities and sessions the event actually has).

Every condition narrows the set; an empty condition (no state ticked, no country) does not filter.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import exists, func, select

from eventsys.agenda.models import AgendaSession, PersonalAgendaItem
from eventsys.checkin.models import Checkin
from eventsys.db import db
from eventsys.events.models import City, Event
from eventsys.i18n import country_name
from eventsys.i18n.collation import sort_key
from eventsys.registration.choices import category_label, status_label
from eventsys.registration.models import Registration, RegistrationCategory, RegistrationStatus

CHECKED_IN_ANY = ""
CHECKED_IN_YES = "yes"
CHECKED_IN_NO = "no"


@dataclass(frozen=True)
class RecipientFilter:
    statuses: tuple[str, ...] = (RegistrationStatus.CONFIRMED.value,)
    categories: tuple[str, ...] = ()
    country: str = ""  # ISO 3166 alpha-2
    city: str = ""  # a City slug
    checked_in: str = CHECKED_IN_ANY  # "yes": on any check-in list of the event; "no": on none
    session_id: int | None = None  # signed up for (put on their agenda) this session

    @classmethod
    def from_json(cls, data: dict | None) -> RecipientFilter:
        """Tolerant: what is not understood is dropped (a stored filter outlives code changes)."""
        data = data or {}
        statuses = {s.value for s in RegistrationStatus}
        categories = {c.value for c in RegistrationCategory}
        session_id = data.get("session_id")
        return cls(
            statuses=tuple(s for s in data.get("statuses") or () if s in statuses),
            categories=tuple(c for c in data.get("categories") or () if c in categories),
            country=str(data.get("country") or "").upper()[:2],
            city=str(data.get("city") or "")[:60],
            checked_in=data.get("checked_in") if data.get("checked_in") in (CHECKED_IN_YES, CHECKED_IN_NO) else "",
            session_id=session_id if isinstance(session_id, int) else None,
        )

    def to_json(self) -> dict:
        data = asdict(self)
        data["statuses"], data["categories"] = list(self.statuses), list(self.categories)
        return data

    def statement(self, event: Event):
        """The registrations chosen, oldest first (a stable order: the preview's "first recipient")."""
        stmt = select(Registration).where(Registration.event_id == event.id)
        if self.statuses:
            stmt = stmt.where(Registration.status.in_([RegistrationStatus(s) for s in self.statuses]))
        if self.categories:
            stmt = stmt.where(Registration.category.in_([RegistrationCategory(c) for c in self.categories]))
        if self.country:
            stmt = stmt.where(Registration.country_code == self.country)
        if self.city:
            stmt = stmt.where(Registration.city_id == select(City.id).where(City.slug == self.city).scalar_subquery())
        if self.checked_in:
            on_a_list = exists().where(Checkin.registration_id == Registration.id)
            stmt = stmt.where(on_a_list if self.checked_in == CHECKED_IN_YES else ~on_a_list)
        if self.session_id is not None:
            stmt = stmt.where(
                exists().where(
                    PersonalAgendaItem.registration_id == Registration.id,
                    PersonalAgendaItem.session_id == self.session_id,
                )
            )
        return stmt.order_by(Registration.created_at, Registration.id)

    def registration_ids(self, event: Event) -> list[int]:
        return list(db.session.scalars(self.statement(event).with_only_columns(Registration.id)))

    def describe(self, event: Event) -> list[str]:
        """The filter in words, for the campaign's page (in the reader's language)."""
        from flask_babel import gettext as _

        parts = []
        if self.statuses:
            parts.append(_("State: %(states)s", states=", ".join(status_label(s) for s in self.statuses)))
        if self.categories:
            parts.append(
                _("Category: %(categories)s", categories=", ".join(category_label(c) for c in self.categories))
            )
        if self.country:
            parts.append(_("Country: %(country)s", country=country_name(self.country)))
        if self.city:
            city = db.session.scalar(select(City).where(City.slug == self.city))
            parts.append(_("City: %(city)s", city=city.name if city else self.city))
        if self.checked_in == CHECKED_IN_YES:
            parts.append(_("Checked in"))
        elif self.checked_in == CHECKED_IN_NO:
            parts.append(_("Not checked in"))
        if self.session_id is not None:
            session = db.session.get(AgendaSession, self.session_id)
            title = session.title if session is not None and session.event_id == event.id else f"#{self.session_id}"
            parts.append(_("Signed up for: %(session)s", session=title))
        return parts or [_("Every registration")]


def country_choices(event: Event) -> list[tuple[str, str]]:
    """(code, name) of the countries the event's delegates come from, by name."""
    codes = db.session.scalars(
        select(Registration.country_code).where(Registration.event_id == event.id).distinct()
    ).all()
    return sorted(((code, country_name(code)) for code in codes if code), key=lambda choice: sort_key(choice[1]))


def city_choices(event: Event) -> list[tuple[str, str]]:
    """(slug, name) of the ASCN cities the event's delegates come from, by name."""
    cities = db.session.scalars(
        select(City).where(City.id.in_(select(Registration.city_id).where(Registration.event_id == event.id)))
    ).all()
    return sorted(((city.slug, city.name) for city in cities), key=lambda choice: choice[1])


def session_choices(event: Event) -> list[tuple[int, str, int]]:
    """(id, title, how many signed up) of the event's sessions, in programme order."""
    signed_up = (
        select(func.count())
        .select_from(PersonalAgendaItem)
        .where(PersonalAgendaItem.session_id == AgendaSession.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(AgendaSession, signed_up)
        .where(AgendaSession.event_id == event.id)
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    ).all()
    return [(session.id, session.title, count) for session, count in rows]
