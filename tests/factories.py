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


def user(email: str | None = None, name: str = "Test User", *, is_admin: bool = False,
         password: str = PASSWORD, locale: str | None = None) -> User:
    n = next(_seq)
    account = User(email=(email or f"user{n}@example.org").lower(), name=name, is_admin=is_admin, locale=locale)
    account.set_password(password)
    db.session.add(account)
    db.session.commit()
    return account


def event(slug: str | None = None, *, days_ahead: int = 30, length: int = 2,
          mode: RegistrationMode = RegistrationMode.OPEN, capacity: int | None = None,
          title_en: str = "ASCN Roundtable (test)", title_th: str = "การประชุมโต๊ะกลม ASCN (ทดสอบ)",
          **fields) -> Event:
    n = next(_seq)
    start = utcnow().date() + dt.timedelta(days=days_ahead)
    row = Event(slug=slug or f"test-event-{n}", kind=fields.pop("kind", EventKind.ROUNDTABLE),
                title_en=title_en, title_th=title_th, start_date=start,
                end_date=start + dt.timedelta(days=length - 1), registration_mode=mode, capacity=capacity,
                venue_en=fields.pop("venue_en", "BITEC, Bangkok"),
                venue_th=fields.pop("venue_th", "ไบเทค กรุงเทพฯ"), **fields)
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
