"""How fast the published agenda answers for a 3-day, 6-room, 300-session event (SQLite file DB).

Prints the median of several requests per page and writes bench/results/agenda.json.
    .venv/bin/python bench/agenda.py
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventsys import create_app

RUNS = 7
PAGES = [
    "/events/bench-event/agenda",
    "/events/bench-event/agenda?view=room&lang=th",
    "/events/bench-event/agenda.ics",
    "/events/bench-event/schedule.json",
    "/events/bench-event/schedule.xml",
    "/api/v1/events/bench-event/sessions",
]


def build(app) -> None:
    from flask_migrate import upgrade

    from eventsys.agenda.models import AgendaSession, Room, SessionPerson, SessionRole, SessionType
    from eventsys.agenda.publishing import publish
    from eventsys.db import db
    from eventsys.events.models import Event, EventKind, Person

    upgrade(directory=str(ROOT / "migrations"))
    event = Event(
        slug="bench-event",
        kind=EventKind.CONFERENCE,
        title_en="Bench event",
        title_th="กิจกรรมทดสอบ",
        start_date=dt.date(2027, 3, 1),
        end_date=dt.date(2027, 3, 3),
    )
    db.session.add(event)
    db.session.flush()
    rooms = [
        Room(event_id=event.id, name_en=f"Room {n}", name_th=f"ห้อง {n}", capacity=80, position=n) for n in range(6)
    ]
    people = [Person(name=f"Speaker {n}", local_name=f"ผู้บรรยาย {n}") for n in range(40)]
    db.session.add_all(rooms + people)
    for n in range(300):
        day, slot = divmod(n, 100)
        start = dt.datetime.combine(event.start_date + dt.timedelta(days=day), dt.time(8, 0), tzinfo=event.zone)
        start += dt.timedelta(minutes=30 * (slot // 6))
        session = AgendaSession(
            event_id=event.id,
            type=SessionType.PANEL,
            title_en=f"Session {n}",
            title_th=f"ช่วงการประชุม {n}",
            abstract_en="An abstract. " * 20,
            starts_at=start.astimezone(dt.UTC),
            ends_at=(start + dt.timedelta(minutes=30)).astimezone(dt.UTC),
            room=rooms[n % 6],
        )
        session.people = [
            SessionPerson(person=people[(n + k) % 40], role=SessionRole.PANELLIST, position=k) for k in range(3)
        ]
        db.session.add(session)
    db.session.commit()
    publish(event)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db", "INSTANCE_PATH": tmp, "TESTING": True}
        )
        with app.app_context():
            started = time.perf_counter()
            build(app)
            results = {"publish_300_sessions_s": round(time.perf_counter() - started, 3), "median_ms": {}}
            client = app.test_client()
            for url in PAGES:
                client.get(url)  # warm up templates
                times = []
                for _ in range(RUNS):
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, url
                results["median_ms"][url] = round(statistics.median(times), 1)
            started = time.perf_counter()
            assert client.get("/events/bench-event/agenda.pdf").status_code == 200
            results["pdf_300_sessions_s"] = round(time.perf_counter() - started, 2)
    for key, value in results.items():
        print(f"{key}: {value}")
    out = ROOT / "bench" / "results" / "agenda.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
