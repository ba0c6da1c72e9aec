"""What a load mix needs in the database, made through the app's own models: run by run.py in a
subprocess with the server's DATABASE_URL (never inside the locust processes, which gevent patches).

    python bench/load/seed.py MIX SLUG CAPACITY OUT.json
    python bench/load/seed.py change SLUG SESSION_ID -     (rename a session, publish, print its title)

Every mix gets one published event (today and the next two days, so the door's day list is
today's) with a published agenda; the door mix also gets DELEGATES confirmed registrations, each
with a badge whose signed code is written to OUT.json, and SCANNERS check-in staff accounts with
an API token each (scope `checkin`). Each run uses its own event slug, so runs against one
long-lived server never meet each other's data.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DELEGATES = 20_000
SCANNERS = 12
SESSIONS_PER_DAY = 20
ROOMS = 4
COUNTRIES = ["TH", "VN", "PH", "SG", "MY", "ID", "KH", "LA", "MM", "BN"]


def make_event(slug: str, capacity: int | None):
    from eventsys.db import db
    from eventsys.demo.seed import seed_reference_data
    from eventsys.events.models import Event, EventKind, RegistrationMode

    seed_reference_data()
    start = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7))).date()
    event = Event(
        slug=slug,
        kind=EventKind.CONFERENCE,
        title_en="Load test summit",
        title_th="การประชุมทดสอบภาระ",
        start_date=start,
        end_date=start + dt.timedelta(days=2),
        registration_mode=RegistrationMode.OPEN,
        capacity=capacity,
    )
    db.session.add(event)
    db.session.commit()
    return event


def make_agenda(event) -> list[int]:
    """Three days of sessions in four rooms with three speakers each, published."""
    from eventsys.agenda.models import AgendaSession, Room, SessionPerson, SessionRole, SessionType
    from eventsys.agenda.publishing import publish
    from eventsys.db import db
    from eventsys.events.models import Person

    rooms = [Room(event_id=event.id, name_en=f"Room {n}", name_th=f"ห้อง {n}", position=n) for n in range(ROOMS)]
    people = [Person(name=f"Load Speaker {event.slug} {n}", local_name=f"ผู้บรรยาย {n}") for n in range(30)]
    db.session.add_all(rooms + people)
    for day in range(3):
        for slot in range(SESSIONS_PER_DAY):
            start = dt.datetime.combine(event.start_date + dt.timedelta(days=day), dt.time(8, 0), tzinfo=event.zone)
            start += dt.timedelta(minutes=45 * (slot // ROOMS))
            session = AgendaSession(
                event_id=event.id,
                type=SessionType.PANEL,
                title_en=f"Panel {day + 1}.{slot + 1}: liveable cities",
                title_th=f"การอภิปราย {day + 1}.{slot + 1}: เมืองน่าอยู่",
                abstract_en="How member cities share what works. " * 8,
                starts_at=start.astimezone(dt.UTC),
                ends_at=(start + dt.timedelta(minutes=40)).astimezone(dt.UTC),
                room=rooms[slot % ROOMS],
            )
            session.people = [
                SessionPerson(person=people[(slot + k) % len(people)], role=SessionRole.PANELLIST, position=k)
                for k in range(3)
            ]
            db.session.add(session)
    db.session.commit()
    publish(event)
    db.session.commit()
    return list(db.session.scalars(db.select(AgendaSession.id).filter_by(event_id=event.id).order_by(AgendaSession.id)))


def make_delegates(event) -> tuple[list[int], list[str]]:
    """DELEGATES confirmed registrations with badge serial 1, inserted in bulk; their signed codes."""
    from sqlalchemy import insert

    from eventsys.badges import services as badges
    from eventsys.badges import tokens
    from eventsys.badges.models import Badge
    from eventsys.db import db, utcnow
    from eventsys.registration.models import Registration, RegistrationCategory, RegistrationStatus

    now = utcnow()
    rows = [
        {
            "event_id": event.id,
            "first_name": "Delegate",
            "last_name": f"Door {n}",
            "local_name": "",
            "email": f"door.{n}@{event.slug}.example.org",
            "organisation": "Load City Hall",
            "position": "",
            "country_code": COUNTRIES[n % len(COUNTRIES)],
            "category": RegistrationCategory.CITY_REPRESENTATIVE,
            "dietary": "",
            "accessibility": "Wheelchair access" if n % 50 == 0 else "",
            "language": "en",
            "status": RegistrationStatus.CONFIRMED,
            "consent_at": now,
            "manage_key_version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for n in range(DELEGATES)
    ]
    ids = list(db.session.scalars(insert(Registration).returning(Registration.id), rows))
    db.session.execute(
        insert(Badge), [{"event_id": event.id, "registration_id": i, "serial": 1, "issued_at": now} for i in ids]
    )
    key = badges.event_key(event)
    db.session.commit()
    private = badges._private_key(key)
    return ids, [tokens.sign_code(private, event.id, i, 1) for i in ids]


def make_scanners(event) -> list[str]:
    from eventsys.accounts import tokens
    from eventsys.accounts.models import EventRole, Role, User
    from eventsys.db import db

    secrets = []
    for n in range(SCANNERS):
        user = User(email=f"scanner{n}@{event.slug}.example.org", name=f"Door {n}")
        db.session.add(user)
        db.session.flush()
        db.session.add(EventRole(user_id=user.id, event_id=event.id, role=Role.CHECKIN_STAFF))
        db.session.commit()
        db.session.refresh(user)
        _, secret = tokens.create(user, f"door {n}", ["checkin"], expires_days=1)
        secrets.append(secret)
    return secrets


def change_session(slug: str, session_id: int) -> str:
    """Rename one session and publish: the new title, which every cached page must show at once."""
    import uuid

    from eventsys.agenda.models import AgendaSession
    from eventsys.agenda.publishing import publish
    from eventsys.db import db
    from eventsys.events.models import Event

    session = db.session.get(AgendaSession, session_id)
    session.title_en = f"Changed {uuid.uuid4().hex[:8]}"
    db.session.commit()
    publish(db.session.scalar(db.select(Event).filter_by(slug=slug)))
    db.session.commit()
    return session.title_en


def main() -> None:
    from eventsys import create_app

    app = create_app()
    with app.app_context():
        if sys.argv[1] == "change":
            print(change_session(sys.argv[2], int(sys.argv[3])))
            return
        mix, slug, capacity, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
        event = make_event(slug, capacity or None)
        seeded = {"mix": mix, "slug": slug, "event_id": event.id, "capacity": capacity or None}
        seeded["session_ids"] = make_agenda(event)
        seeded["day_list"] = f"day-{event.start_date.isoformat()}"
        if mix == "door":
            seeded["registration_ids"], seeded["codes"] = make_delegates(event)
            seeded["tokens"] = make_scanners(event)
    out.write_text(json.dumps(seeded))


if __name__ == "__main__":
    main()
