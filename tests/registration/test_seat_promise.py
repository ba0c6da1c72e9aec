"""A registration is written before the event's lock, for the status the seats promised, and
decided under the lock: when the last seat went meanwhile, the delegate is waitlisted and told so."""

from __future__ import annotations

from sqlalchemy import select

from eventsys.db import db
from eventsys.registration import services
from eventsys.registration.models import Registration, RegistrationChange, RegistrationStatus
from tests.registration.conftest import payload


def test_a_seat_promised_but_taken_meanwhile_ends_on_the_waitlist_with_the_waitlist_mail(
    client, make, reference, outbox, monkeypatch
):
    event = make.event("last-seat", capacity=1)
    make.registration(event, email="first.delegate@example.org", status=RegistrationStatus.CONFIRMED)
    db.session.commit()
    # The count before the writes saw the last seat free: another request took it before the lock.
    counted = services.SeatCounter.has_seat
    calls = []

    def free_at_first(self, category):
        calls.append(category)
        return True if len(calls) == 1 else counted(self, category)

    monkeypatch.setattr(services.SeatCounter, "has_seat", free_at_first)
    response = client.post("/api/v1/events/last-seat/registrations", json=payload())
    assert (response.status_code, response.json["status"]) == (201, "waitlisted")
    assert len(calls) == 2
    registration = db.session.get(Registration, response.json["id"])
    assert registration.status == RegistrationStatus.WAITLISTED
    history = db.session.scalars(select(RegistrationChange).filter_by(registration_id=registration.id)).all()
    assert [(c.from_status, c.to_status) for c in history] == [(None, RegistrationStatus.WAITLISTED)]
    mails = [m for m in outbox() if m.to_address == registration.email]
    assert [m.kind for m in mails] == ["registration.waitlisted"]


def test_the_seat_the_count_promised_is_confirmed(client, make, reference, outbox):
    make.event("two-seats", capacity=2)
    first = client.post("/api/v1/events/two-seats/registrations", json=payload())
    second = client.post("/api/v1/events/two-seats/registrations", json=payload(email="second@example.org"))
    third = client.post("/api/v1/events/two-seats/registrations", json=payload(email="third@example.org"))
    assert [r.json["status"] for r in (first, second, third)] == ["confirmed", "confirmed", "waitlisted"]
    assert [m.kind for m in outbox()] == ["registration.confirmed", "registration.confirmed", "registration.waitlisted"]
