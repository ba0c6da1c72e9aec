"""Small factories for tests: rows that read like the domain, with sensible defaults."""

from __future__ import annotations

import datetime as dt
import itertools

from eventsys.accounts.models import Role, User
from eventsys.accounts.services import grant_role
from eventsys.db import db, utcnow
from eventsys.events.models import Event, EventKind, RegistrationMode

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def user(
    email: str | None = None,
    name: str = "Test User",
    *,
    is_admin: bool = False,
    password: str = PASSWORD,
    locale: str | None = None,
) -> User:
    n = next(_seq)
    account = User(email=(email or f"user{n}@example.org").lower(), name=name, is_admin=is_admin, locale=locale)
    account.set_password(password)
    db.session.add(account)
    db.session.commit()
    return account


def event(
    slug: str | None = None,
    *,
    days_ahead: int = 30,
    length: int = 2,
    mode: RegistrationMode = RegistrationMode.OPEN,
    capacity: int | None = None,
    title_en: str = "ASCN Roundtable (test)",
    title_th: str = "การประชุมโต๊ะกลม ASCN (ทดสอบ)",
    **fields,
) -> Event:
    n = next(_seq)
    start = utcnow().date() + dt.timedelta(days=days_ahead)
    row = Event(
        slug=slug or f"test-event-{n}",
        kind=fields.pop("kind", EventKind.ROUNDTABLE),
        title_en=title_en,
        title_th=title_th,
        start_date=start,
        end_date=start + dt.timedelta(days=length - 1),
        registration_mode=mode,
        capacity=capacity,
        venue_en=fields.pop("venue_en", "BITEC, Bangkok"),
        venue_th=fields.pop("venue_th", "ไบเทค กรุงเทพฯ"),
        **fields,
    )
    db.session.add(row)
    db.session.commit()
    return row


def organizer(event_row: Event, email: str | None = None) -> User:
    account = user(email=email, name="Event Organizer")
    grant_role(account, event_row, Role.ORGANIZER)
    db.session.commit()
    return account


def with_role(event_row: Event, role: Role, email: str | None = None, name: str = "Staff") -> User:
    account = user(email=email, name=name)
    grant_role(account, event_row, role)
    db.session.commit()
    return account


def registration(
    event_row: Event,
    *,
    first_name: str = "Somchai",
    last_name: str = "Jaidee",
    email: str | None = None,
    status=None,
    category=None,
    country_code: str = "TH",
    local_name: str = "",
    city_slug: str | None = None,
    **fields,
):
    """A registration row made directly (not through the registration service)."""
    from sqlalchemy import select

    from eventsys.events.models import City
    from eventsys.registration.models import Registration, RegistrationCategory, RegistrationStatus

    n = next(_seq)
    city = db.session.scalar(select(City).filter_by(slug=city_slug)) if city_slug else None
    row = Registration(
        event_id=event_row.id,
        first_name=first_name,
        last_name=last_name,
        local_name=local_name,
        email=(email or f"delegate{n}@example.org").lower(),
        country_code=country_code,
        city=city,
        category=category or RegistrationCategory.CITY_REPRESENTATIVE,
        status=status or RegistrationStatus.CONFIRMED,
        consent_at=utcnow(),
        **fields,
    )
    db.session.add(row)
    db.session.commit()
    return row


def person(name: str = "Nuttapon Nimmanphatcharin", local_name: str = "ดร.ณัฐพล นิมมานพัชรินทร์", **fields):
    from eventsys.events.models import Person

    row = Person(name=name, local_name=local_name, **fields)
    db.session.add(row)
    db.session.commit()
    return row


def room(event_row: Event, name_en: str = "MR 210", capacity: int | None = 100, **fields):
    from eventsys.agenda.models import Room

    row = Room(event_id=event_row.id, name_en=name_en, capacity=capacity, **fields)
    db.session.add(row)
    db.session.commit()
    return row


def session(
    event_row: Event,
    title_en: str = "Draft ASCN Terms of Reference",
    *,
    day: int = 0,
    start: str = "09:00",
    minutes: int = 90,
    room_row=None,
    type=None,
    **fields,
):
    """An agenda session on the event's `day` (0-based), `start` local time, lasting `minutes`."""
    from zoneinfo import ZoneInfo

    from eventsys.agenda.models import AgendaSession, SessionType

    hour, minute = (int(x) for x in start.split(":"))
    local = dt.datetime.combine(
        event_row.start_date + dt.timedelta(days=day), dt.time(hour, minute), tzinfo=ZoneInfo(event_row.timezone)
    )
    row = AgendaSession(
        event_id=event_row.id,
        type=type or SessionType.ROUNDTABLE,
        title_en=title_en,
        starts_at=local.astimezone(dt.UTC),
        ends_at=(local + dt.timedelta(minutes=minutes)).astimezone(dt.UTC),
        room=room_row,
        **fields,
    )
    db.session.add(row)
    db.session.commit()
    return row


def add_person_to_session(session_row, person_row, role) -> None:
    from eventsys.agenda.models import SessionPerson

    db.session.add(SessionPerson(session=session_row, person=person_row, role=role, position=len(session_row.people)))
    db.session.commit()
