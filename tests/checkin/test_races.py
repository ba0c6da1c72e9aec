"""Two uploads of the same scan, and two doors scanning the same badge, at the same moment."""

import threading

from sqlalchemy import func, select

from eventsys.badges import services as badges
from eventsys.checkin import services
from eventsys.checkin.models import Checkin, Scan
from eventsys.events.models import Event


def race(app, event_id: int, payloads: list[dict]) -> list[int]:
    barrier = threading.Barrier(len(payloads))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def upload(payload):
        from eventsys.db import db

        try:
            with app.app_context():
                # Meet before the first query: on SQLite that query already takes the write lock.
                barrier.wait(timeout=10)
                event = db.session.get(Event, event_id)
                statuses.append(services.record_scan(event, **payload).status)
                db.session.remove()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=upload, args=(payload,)) for payload in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return sorted(statuses)


def test_the_same_nonce_uploaded_twice_at_once_is_one_scan(app, db, event, delegate):
    code = badges.code_for(badges.ensure_badge(delegate))
    services.ensure_lists(event)
    event_id = event.id
    db.session.commit()
    db.session.remove()
    statuses = race(app, event_id, [{"nonce": "same-nonce-1", "code": code}] * 2)
    assert statuses == [201, 201]  # the second is the first one's outcome, replayed
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 1
    assert db.session.scalar(select(func.count()).select_from(Checkin)) == 1


def test_two_doors_scanning_one_badge_check_in_once(app, db, event, delegate):
    code = badges.code_for(badges.ensure_badge(delegate))
    services.ensure_lists(event)
    event_id = event.id
    db.session.commit()
    db.session.remove()
    statuses = race(app, event_id, [{"nonce": "door-a-0001", "code": code}, {"nonce": "door-b-0001", "code": code}])
    assert statuses == [200, 201]
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 2
    assert db.session.scalar(select(func.count()).select_from(Checkin)) == 1
