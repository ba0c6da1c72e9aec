"""Fixtures of the matchmaking tests: an event a month ahead with three 20-minute slots on its first
afternoon and two tables, an organizer, and delegates who opted in (a Thai city representative, a
solution provider, a partner)."""

from __future__ import annotations

import datetime as dt

import pytest

from eventsys.matchmaking import services, setup
from eventsys.registration.models import RegistrationCategory
from eventsys.registration.tokens import manage_token
from tests.conftest import login


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql_only` (the race of twenty accepts needs real concurrent connections):
    their SQLite variant is deselected, never skipped, as in tests/jobs."""
    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        sqlite_variant = params.get("database") == "sqlite"
        (dropped if sqlite_variant and item.get_closest_marker("postgresql_only") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def local(event, hour: int, minute: int = 0, day: int = 0) -> dt.datetime:
    moment = dt.datetime.combine(event.start_date + dt.timedelta(days=day), dt.time(hour, minute), tzinfo=event.zone)
    return moment.astimezone(dt.UTC)


def path(registration, suffix: str = "") -> str:
    return f"/events/{registration.event.slug}/matchmaking/{manage_token(registration)}{suffix}"


@pytest.fixture
def event(make):
    return make.event(slug="ascn-matching-test", length=2, days_ahead=30)


@pytest.fixture
def slots(event):
    setup.add_slot_series(event, local(event, 14), local(event, 15), 20)
    return setup.slots(event)


@pytest.fixture
def tables(event):
    setup.set_tables(event, 2)
    return setup.tables(event)


@pytest.fixture
def organizer(make, event):
    return make.organizer(event, email="organizer@example.org")


@pytest.fixture
def organizer_client(client, organizer):
    login(client, organizer)
    return client


def join(registration, offers: str = "Smart lighting", seeks: str = "City partners"):
    return services.save_profile(registration, offers_en=offers, seeks_en=seeks)


@pytest.fixture
def city(make, event, slots, tables):
    registration = make.registration(
        event,
        first_name="Kittipong",
        last_name="Srisawat",
        local_name="กิตติพงษ์ ศรีสวัสดิ์",
        email="kittipong@example.org",
        language="th",
        category=RegistrationCategory.CITY_REPRESENTATIVE,
        organisation="Phuket City Municipality",
    )
    join(registration, "A city data platform pilot", "Smart mobility partners")
    return registration


@pytest.fixture
def provider(make, event, slots, tables):
    registration = make.registration(
        event,
        first_name="Daniel",
        last_name="Lim",
        email="daniel@example.org",
        category=RegistrationCategory.PRIVATE_SECTOR,
        organisation="Mastercard (City Possible)",
    )
    join(registration, "Digital payments for transit", "Cities ready to pilot")
    return registration


@pytest.fixture
def partner(make, event, slots, tables):
    registration = make.registration(
        event,
        first_name="Sarah",
        last_name="Mitchell",
        email="sarah@example.org",
        category=RegistrationCategory.EXTERNAL_PARTNER,
        organisation="ASEAN-Australia Smart Cities Trust Fund",
    )
    join(registration, "Grants for city projects", "Bankable projects")
    return registration
