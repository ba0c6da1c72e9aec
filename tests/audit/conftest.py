"""Fixtures of the audit tests: an event in Bangkok time with its team, another event with its own
organizer, and `entries()` to read the log as the database holds it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.accounts.models import Role

# A documentation address (RFC 5737): what the log must record as "from which address".
ADDRESS = "203.0.113.9"


@pytest.fixture
def event(make):
    return make.event("ascn-audit-test", title_en="ASCN Audit Roundtable (test)", timezone="Asia/Bangkok")


@pytest.fixture
def other_event(make):
    return make.event("ascn-other-test", title_en="Another Roundtable (test)")


@pytest.fixture
def organizer(make, event):
    return make.organizer(event, email="organizer@example.org")


@pytest.fixture
def other_organizer(make, other_event):
    return make.organizer(other_event, email="other-organizer@example.org")


@pytest.fixture
def rapporteur(make, event):
    return make.with_role(event, Role.RAPPORTEUR, email="rapporteur@example.org", name="Rapporteur")


@pytest.fixture
def door_staff(make, event):
    return make.with_role(event, Role.CHECKIN_STAFF, email="door@example.org", name="Door Staff")


@pytest.fixture
def admin(make):
    return make.user(email="admin@example.org", name="Site Admin", is_admin=True)


@pytest.fixture
def from_address(client):
    """The test client's requests come from ADDRESS."""
    client.environ_base["REMOTE_ADDR"] = ADDRESS
    return client


@pytest.fixture
def entries(db):
    """The audit entries, oldest first (optionally of one action), read afresh from the database."""
    from eventsys.audit.models import AuditEntry

    def read(action: str | None = None):
        db.session.expire_all()
        query = select(AuditEntry).order_by(AuditEntry.id)
        if action is not None:
            query = query.where(AuditEntry.action == action)
        return list(db.session.scalars(query))

    return read
