"""Never oversell: 50 concurrent registrations for the last 5 seats, through real connections.

On PostgreSQL the event row lock (FOR UPDATE) serialises the seat decisions; on SQLite the same test
proves BEGIN IMMEDIATE does. Threads, each with its own app context, session and connection."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from eventsys.db import db
from eventsys.registration import services
from eventsys.registration.models import Registration, RegistrationStatus
from tests.registration.conftest import payload


def test_fifty_concurrent_registrations_for_five_seats(app, database, make, reference):
    event = make.event("last-seats", capacity=10)
    for i in range(5):
        make.registration(event, email=f"early{i}@example.org")
    event_id = event.id
    db.session.commit()
    db.session.remove()

    start = threading.Barrier(50)
    outcomes, errors = [], []

    def register(n: int) -> None:
        # Each thread: its own app context, so its own session and its own pooled connection.
        with app.app_context():
            try:
                from eventsys.events.models import Event

                start.wait(timeout=30)
                row = db.session.get(Event, event_id)
                registration = services.register(row, payload(email=f"racer{n}@example.org"), actor="test")
                outcomes.append(registration.status)
            except Exception as exc:  # recorded and asserted below: no error is acceptable
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(s.value for s in outcomes) == ["confirmed"] * 5 + ["waitlisted"] * 45
    confirmed = db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED)
    )
    assert confirmed == 10
