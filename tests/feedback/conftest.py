"""Fixtures of the feedback tests: an event that ended yesterday, two sessions, an organizer, delegates
(one reading Thai), check-ins, and an open survey."""

from __future__ import annotations

import datetime as dt

import pytest

from eventsys.checkin.models import Checkin, CheckinList
from eventsys.db import db, utcnow
from eventsys.feedback import services
from eventsys.registration.tokens import manage_token
from tests.conftest import login


@pytest.fixture
def event(make):
    return make.event(slug="ascn-roundtable-past", length=2, days_ahead=-3)


@pytest.fixture
def opening(make, event):
    return make.session(event, "Opening plenary", title_th="พิธีเปิด", start="09:00", minutes=60)


@pytest.fixture
def workshop(make, event):
    return make.session(event, "City Data Platform workshop", title_th="อบรมแพลตฟอร์มข้อมูลเมือง", day=1, start="10:00")


@pytest.fixture
def organizer(make, event):
    return make.organizer(event, email="organizer@example.org")


@pytest.fixture
def organizer_client(client, organizer):
    login(client, organizer)
    return client


@pytest.fixture
def delegate(make, event):
    return make.registration(
        event, first_name="Somchai", last_name="Jaidee", email="somchai@example.org", language="th"
    )


@pytest.fixture
def other(make, event):
    return make.registration(event, first_name="Maria", last_name="Santos", email="maria@example.org", language="en")


def check_in(registration, session=None) -> None:
    """A check-in on the event's first day, or at `session`'s door."""
    key = f"session-{session.id}" if session is not None else f"day-{registration.event.start_date.isoformat()}"
    found = db.session.query(CheckinList).filter_by(event_id=registration.event_id, key=key).one_or_none()
    if found is None:
        found = CheckinList(
            event_id=registration.event_id,
            key=key,
            session_id=session.id if session is not None else None,
            day=None if session is not None else registration.event.start_date,
            name_en=key,
        )
        db.session.add(found)
        db.session.flush()
    db.session.add(Checkin(list_id=found.id, registration_id=registration.id))
    db.session.commit()


def open_survey(event, *, days_left: int = 7, question_en: str = "", question_th: str = ""):
    """Open since yesterday, closing `days_left` days from today (local)."""
    today = utcnow().astimezone(event.zone).date()
    survey = services.save_settings(
        event,
        opens_on=today - dt.timedelta(days=1),
        closes_on_day=today + dt.timedelta(days=days_left),
        question_en=question_en,
        question_th=question_th,
    )
    db.session.commit()
    return survey


def survey_path(registration, lang: str | None = None) -> str:
    path = f"/events/{registration.event.slug}/registration/{manage_token(registration)}/feedback"
    return path + (f"?lang={lang}" if lang else "")


@pytest.fixture
def survey(event):
    return open_survey(event)
