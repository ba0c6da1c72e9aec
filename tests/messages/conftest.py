"""An event with its organizer signed in, and delegates to write to."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest

from eventsys.mail.models import OutboxMail
from eventsys.mail.services import build_message
from tests.conftest import login


@pytest.fixture
def event(make):
    return make.event("ascn-mail-roundtable")


@pytest.fixture
def organizer(make, event):
    return make.organizer(event, email="organizer@example.org")


@pytest.fixture
def organizer_client(client, organizer):
    login(client, organizer)
    return client


def parsed(mail: OutboxMail):
    """The outbox row as a mail program reads it."""
    return BytesParser(policy=policy.default).parsebytes(bytes(build_message(mail)))


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()
