"""Fixtures of the projects tests: an event with an open call (two criteria), its team (organizer,
two reviewers, a rapporteur, check-in staff), a city representative reading Thai, and helpers."""

from __future__ import annotations

import datetime as dt

import pytest

from eventsys.accounts.models import Role
from eventsys.db import db, utcnow
from eventsys.demo.seed import seed_reference_data
from eventsys.events.models import City, Topic
from eventsys.projects import services
from eventsys.projects.models import BudgetRange, Project, ProjectStage, ProjectStatus
from eventsys.registration.models import RegistrationCategory
from eventsys.registration.tokens import manage_token
from tests.conftest import login


@pytest.fixture
def event(make):
    seed_reference_data()
    db.session.commit()
    return make.event(slug="ascn-annual-test", length=3, days_ahead=20)


def open_call(
    event, *, days_left: int = 5, criteria=(("Bankability", "ความพร้อมรับการลงทุน", 3, 5), ("Impact", "", 1, 10))
):
    """A call closing `days_left` days from now (negative: closed), with its criteria."""
    closes = (utcnow() + dt.timedelta(days=days_left)).astimezone(event.zone)
    call = services.save_call(
        event,
        closes_on=closes.date(),
        closes_time=closes.time().replace(microsecond=0, tzinfo=None),
        intro_en="Pilot cities present their projects.",
        intro_th="เมืองนำร่องเสนอโครงการ",
    )
    for name_en, name_th, weight, top in criteria:
        services.add_criterion(call, name_en=name_en, name_th=name_th, weight=weight, scale_max=top)
    db.session.commit()
    return call


@pytest.fixture
def call(event):
    return open_call(event)


@pytest.fixture
def organizer(make, event):
    return make.organizer(event, email="organizer@example.org")


@pytest.fixture
def reviewer(make, event):
    return make.with_role(event, Role.REVIEWER, email="reviewer@example.org", name="Reviewer One")


@pytest.fixture
def second_reviewer(make, event):
    return make.with_role(event, Role.REVIEWER, email="reviewer2@example.org", name="Reviewer Two")


@pytest.fixture
def city_rep(make, event):
    return make.registration(
        event,
        first_name="Suwit",
        last_name="Kaewmanee",
        email="suwit@example.org",
        language="th",
        city_slug="phuket",
        category=RegistrationCategory.CITY_REPRESENTATIVE,
    )


def city(slug: str) -> City:
    return db.session.query(City).filter_by(slug=slug).one()


def topic(slug: str) -> Topic:
    return db.session.query(Topic).filter_by(slug=slug).one()


def projects_path(registration, tail: str = "") -> str:
    return f"/events/{registration.event.slug}/registration/{manage_token(registration)}/projects{tail}"


def form_data(**overrides) -> dict:
    """A complete, valid submission form for Phuket."""
    data = {
        "title_en": "Phuket Smart Tourism and Safety Platform",
        "title_th": "แพลตฟอร์มการท่องเที่ยวและความปลอดภัยอัจฉริยะภูเก็ต",
        "city_id": str(city("phuket").id),
        "focus_areas": [str(topic("safety-and-security").id)],
        "dimensions": [str(topic("smart-economy").id), str(topic("smart-living").id)],
        "stage": "pilot",
        "budget_range": "1m_10m",
        "seeking": ["technology", "partner"],
        "description_en": "One platform for beach safety and tourism data.",
        "description_th": "แพลตฟอร์มเดียวเพื่อความปลอดภัยชายหาดและข้อมูลการท่องเที่ยว",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def make_project(
    event,
    registration,
    *,
    status=ProjectStatus.SUBMITTED,
    title="Phuket Smart Tourism",
    city_slug="phuket",
    topics=("safety-and-security", "smart-economy"),
    seeking=("technology",),
    language="th",
) -> Project:
    project = Project(
        event_id=event.id,
        city_id=city(city_slug).id,
        title_en=title,
        title_th="ภูเก็ตอัจฉริยะ",
        description_en="A platform.",
        stage=ProjectStage.PILOT,
        budget_range=BudgetRange.FROM_1M,
        seeking=list(seeking),
        topics=[topic(s) for s in topics],
        status=status,
        submitter_registration_id=registration.id if registration else None,
        language=language,
    )
    db.session.add(project)
    db.session.commit()
    return project


def signed_in(client, user):
    login(client, user)
    return client
