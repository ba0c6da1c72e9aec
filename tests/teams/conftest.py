"""Fixtures of the teams tests: an event with its organizer, and mails read back from the outbox."""

from __future__ import annotations

import re

import pytest

from eventsys.accounts.models import Role
from tests.outcomes.conftest import as_user, cast, quick_password_hashing, reference  # noqa: F401  (pytest finds fixtures by name in conftest)

LINK = re.compile(r"http://localhost(/team/invitations/[^\s?]+\?lang=(?:en|th))")


@pytest.fixture
def event(make):
    return make.event(
        "ascn-annual-meeting-test", title_en="ASCN Annual Meeting (test)", title_th="การประชุมประจำปี ASCN (ทดสอบ)"
    )


@pytest.fixture
def organizer(make, event):
    return make.organizer(event, email="organizer@example.org")


@pytest.fixture
def organizer_client(client, organizer):
    from tests.conftest import login

    login(client, organizer)
    return client


def invitation_path(mail) -> str:
    """The acceptance link of an invitation mail, as a path for the test client."""
    found = LINK.findall(mail.body_text)
    assert len(found) == 1, mail.body_text
    return found[0]


def invite(client, event, email, *roles: Role, language="en"):
    return client.post(
        f"/manage/events/{event.slug}/team/invite",
        data={"email": email, "roles": [role.value for role in roles], "language": language},
    )
