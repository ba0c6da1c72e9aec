"""Fixtures of the registration tests: events in each mode, an organizer, a valid payload."""

from __future__ import annotations

import pytest

from eventsys.events.models import RegistrationMode
from tests.conftest import login


def payload(**changes) -> dict:
    """A valid registration, as the API (and services.register) take it."""
    data = {
        "first_name": "Kanokwan",
        "last_name": "Srisuk",
        "local_name": "กนกวรรณ ศรีสุข",
        "email": "Kanokwan.Srisuk@Example.org",
        "organisation": "Bangkok Metropolitan Administration",
        "position": "Director",
        "country": "TH",
        "city": "bangkok",
        "category": "city_representative",
        "dietary": "Halal",
        "accessibility": "",
        "answers": {},
        "consent": True,
    }
    data.update(changes)
    return data


@pytest.fixture
def reference(app):
    """Member states, cities and partners (the demo's reference data): the form's lists."""
    from eventsys.db import db
    from eventsys.demo.seed import seed_reference_data

    seed_reference_data()
    db.session.commit()
    return app


@pytest.fixture
def open_event(make, reference):
    return make.event("open-roundtable", capacity=100)


@pytest.fixture
def moderated_event(make, reference):
    return make.event("closed-roundtable", mode=RegistrationMode.MODERATED, capacity=20)


@pytest.fixture
def invitation_event(make, reference):
    return make.event("invited-roundtable", mode=RegistrationMode.INVITATION, capacity=20)


@pytest.fixture
def organizer_client(client, make, open_event):
    login(client, make.organizer(open_event, email="organizer@example.org"))
    return client
