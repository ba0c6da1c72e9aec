"""Bulk decisions on the organizer's list: all matching a filter (across pages, the filter sent and
read again at submit), mails held for a minute, and the undo within that minute."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from urllib.parse import urlsplit

from sqlalchemy import select

from eventsys.audit.models import AuditEntry
from eventsys.db import db, utcnow
from eventsys.mail.models import OutboxMail
from eventsys.mail.services import deliver_due
from eventsys.registration.models import Registration, RegistrationCategory
from eventsys.registration.models import RegistrationStatus as S
from tests.conftest import login

LIST = "/manage/events/closed-roundtable/registrations"


def bulk_action(html: str) -> str:
    return unescape(re.search(r'<form method="post" id="bulk-form" action="([^"]+)"', html).group(1))


def flashes(client) -> str:
    return client.get(LIST + "?lang=en").get_data(as_text=True)


def test_all_matching_the_filter_applies_to_exactly_its_rows_across_pages(client, make, moderated_event, outbox):
    moderated_event.capacity = None
    db.session.commit()
    thai = [
        Registration(
            event_id=moderated_event.id,
            first_name="Somchai",
            last_name=f"Jaidee {n:02d}",
            email=f"th{n}@example.org",
            country_code="TH",
            category=RegistrationCategory.CITY_REPRESENTATIVE,
            status=S.PENDING,
            consent_at=utcnow(),
        )
        for n in range(52)
    ]
    db.session.add_all(thai)
    db.session.commit()
    other_country = make.registration(moderated_event, status=S.PENDING, country_code="ID")
    already = make.registration(moderated_event, status=S.CONFIRMED, country_code="TH")
    login(client, make.organizer(moderated_event))
    html = client.get(LIST + "?lang=en&country=TH&status=pending").get_data(as_text=True)
    assert html.count('name="ids"') == 50  # one page of the 52
    assert "All 52 registrations matching the filter" in html
    action = bulk_action(html)
    assert urlsplit(action).path == LIST + "/bulk" and "country=TH" in action and "status=pending" in action

    # The filter matched another number at submit than the page showed: nothing changes.
    response = client.post(action, data={"scope": "filter", "expected": "51", "action": "approve"})
    assert (response.status_code, response.headers["Location"]) == (302, LIST + "?status=pending&country=TH")
    assert "The filter now matches 52 registrations, not 51 as shown" in flashes(client)
    db.session.expire_all()
    assert {r.status for r in thai} == {S.PENDING}

    response = client.post(action, data={"scope": "filter", "expected": "52", "action": "approve", "reason": "Welcome"})
    assert response.status_code == 302
    db.session.expire_all()
    assert {r.status for r in thai} == {S.CONFIRMED}
    assert (other_country.status, already.status) == (S.PENDING, S.CONFIRMED)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "registration.decide")).one()
    assert entry.detail["scope"] == "filter" and sorted(entry.target_ids) == sorted(str(r.id) for r in thai)

    # Their 52 mails are queued, but held a minute for the undo: nothing goes out now.
    mails = outbox()
    assert len(mails) == 52 and {m.kind for m in mails} == {"registration.confirmed"}
    assert all(dt.timedelta(seconds=55) < m.next_attempt_at - utcnow() <= dt.timedelta(seconds=60) for m in mails)
    assert deliver_due() == {"sent": 0, "failed": 0}


def test_undo_within_the_minute_restores_states_and_withdraws_the_held_mails(client, make, moderated_event, outbox):
    moderated_event.capacity = 1
    db.session.commit()
    seated = make.registration(moderated_event, status=S.CONFIRMED, email="seated@example.org")
    waiting = make.registration(moderated_event, status=S.WAITLISTED, email="waiting@example.org")
    pending = make.registration(moderated_event, status=S.PENDING, email="pending@example.org")
    organizer = make.organizer(moderated_event)
    login(client, organizer)
    response = client.post(
        LIST + "/bulk", data={"ids": [seated.id, pending.id], "scope": "selection", "action": "reject"}
    )
    assert (response.status_code, response.headers["Location"]) == (302, LIST)
    db.session.expire_all()
    assert (seated.status, waiting.status, pending.status) == (S.REJECTED, S.CONFIRMED, S.REJECTED)
    assert sorted(m.to_address for m in outbox()) == [
        "pending@example.org",
        "seated@example.org",
        "waiting@example.org",
    ]

    html = flashes(client)
    assert "Undo this decision" in html and "Their mails go out at" in html
    entry_id = re.search(r'name="entry" value="(\d+)"', html).group(1)
    response = client.post(LIST + "/undo", data={"entry": entry_id})
    assert (response.status_code, response.headers["Location"]) == (302, LIST)
    html = flashes(client)
    assert "Decision undone: 3 registration(s) back to their previous state, 3 mail(s) withdrawn" in html
    assert "Undo this decision" not in html
    db.session.expire_all()
    assert (seated.status, waiting.status, pending.status) == (S.CONFIRMED, S.WAITLISTED, S.PENDING)
    assert outbox() == []  # nobody is mailed, and the decision's mails never leave
    assert [c.reason for c in seated.changes][-1] == "bulk decision undone"
    undo = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (undo.actor_id, undo.detail["decision"], undo.detail["undoes"]) == (organizer.id, "undo", int(entry_id))
    assert undo.detail["mails_withdrawn"] == 3

    # Once is enough.
    client.post(LIST + "/undo", data={"entry": entry_id})
    assert "This decision has already been undone." in flashes(client)


def test_after_a_minute_the_undo_is_gone_and_refused(client, make, moderated_event, outbox):
    pending = make.registration(moderated_event, status=S.PENDING)
    login(client, make.organizer(moderated_event))
    client.post(LIST + "/bulk", data={"ids": [pending.id], "action": "approve"})
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "registration.decide")).one()
    entry.at -= dt.timedelta(seconds=61)
    for mail in outbox():
        mail.next_attempt_at -= dt.timedelta(seconds=61)
    db.session.commit()
    assert "Undo this decision" not in flashes(client)
    response = client.post(LIST + "/undo", data={"entry": entry.id})
    assert (response.status_code, response.headers["Location"]) == (302, LIST)
    assert "This decision can no longer be undone: more than a minute has passed" in flashes(client)
    db.session.expire_all()
    assert pending.status == S.CONFIRMED
    assert [m.kind for m in outbox()] == ["registration.confirmed"]
    assert deliver_due() == {"sent": 1, "failed": 0}


def test_only_the_organizer_who_decided_may_undo(app, client, make, moderated_event):
    pending = make.registration(moderated_event, status=S.PENDING)
    login(client, make.organizer(moderated_event))
    client.post(LIST + "/bulk", data={"ids": [pending.id], "action": "approve"})
    entry = db.session.scalars(select(AuditEntry)).one()
    client = app.test_client()  # a colleague, on their own computer
    login(client, make.organizer(moderated_event))
    assert "Undo this decision" not in flashes(client)
    client.post(LIST + "/undo", data={"entry": entry.id})
    assert "There is no decision of yours to undo here." in flashes(client)
    db.session.expire_all()
    assert pending.status == S.CONFIRMED
    assert db.session.scalar(select(OutboxMail.id)) is not None
