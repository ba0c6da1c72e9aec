"""Fixtures of the agenda tests: an event with rooms, an organizer, sessions, a delegate."""

from __future__ import annotations

import pytest

from tests.conftest import login


@pytest.fixture
def event(make):
    return make.event(slug="ascn-roundtable-test", length=2, days_ahead=30)


@pytest.fixture
def hall(make, event):
    return make.room(event, "Grand Hall 203", capacity=300, name_th="แกรนด์ฮอลล์ 203")


@pytest.fixture
def small_room(make, event):
    return make.room(event, "Meeting Room 211", capacity=2, name_th="ห้องประชุม 211", position=1)


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
def publish(app):
    from eventsys.agenda.publishing import publish as do_publish

    return do_publish
