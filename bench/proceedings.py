"""Benchmark: build the proceedings of a generated event and of one twice its size.

    .venv/bin/python bench/proceedings.py

Each size runs in its own process (fresh SQLite database, migrated with the real migrations, rows
bulk-inserted through the models), so peak memory (ru_maxrss of the process and its children) is
that build's alone. Prints seconds, pages, peak MB and writes bench/results/proceedings.json.
Goal (issue 7): ~400 pages < 15 s and < 400 MB on this 2-core machine; 2x content <= 2.2x time.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASE = {"sessions": 150, "people": 600, "participants": 1500}
PARAGRAPH = ("Cities of the ASEAN Smart Cities Network shared how they plan, finance and operate digital "
             "services for residents: integrated mobility, flood early warning, open data platforms and "
             "e-government counters. Speakers compared procurement models, the role of national focal "
             "points and external partners, and what pilots taught them about scaling up. ")
THAI = "การนำเทคโนโลยีดิจิทัลมาใช้ในการพัฒนาเมืองอัจฉริยะ"


def generate(db, scale: int) -> int:
    from zoneinfo import ZoneInfo

    from eventsys.agenda.models import AgendaSession, Room, SessionPerson, SessionRole, SessionType
    from eventsys.events.models import Event, EventKind, Person
    from eventsys.registration.models import Registration, RegistrationCategory, RegistrationStatus

    zone = ZoneInfo("Asia/Bangkok")
    now = dt.datetime.now(dt.timezone.utc)
    days = 3 * scale
    event = Event(slug=f"bench-{scale}", kind=EventKind.CONFERENCE, title_en="ASEAN Smart Cities Network Annual Meeting",
                  title_th="การประชุมประจำปีเครือข่ายเมืองอัจฉริยะอาเซียน", start_date=dt.date(2019, 7, 8),
                  end_date=dt.date(2019, 7, 8) + dt.timedelta(days=days - 1), venue_en="BITEC, Bangkok")
    db.session.add(event)
    db.session.flush()
    rooms = [Room(event_id=event.id, name_en=f"Room {n}") for n in range(5)]
    db.session.add_all(rooms)
    people = [Person(name=f"Speaker {n:04d} Example", country_code="TH") for n in range(BASE["people"] * scale)]
    db.session.add_all(people)
    db.session.flush()
    roles = (SessionRole.CHAIR, SessionRole.SPEAKER, SessionRole.SPEAKER, SessionRole.PANELLIST)
    sessions = []
    for n in range(BASE["sessions"] * scale):
        start = dt.datetime.combine(event.start_date + dt.timedelta(days=n % days), dt.time(8 + (n // days) % 10),
                                    tzinfo=zone)
        session = AgendaSession(event_id=event.id, type=SessionType.PANEL, title_en=f"Session {n + 1}: Digital services",
                                title_th=THAI if n % 3 == 0 else "", abstract_en="\n\n".join([PARAGRAPH * 2] * 5),
                                starts_at=start, ends_at=start + dt.timedelta(minutes=50), room=rooms[n % 5])
        session.people = [SessionPerson(person=people[(n * 4 + k) % len(people)], role=roles[k], position=k)
                          for k in range(4)]
        sessions.append(session)
    db.session.add_all(sessions)
    countries = ("TH", "SG", "MY", "ID", "VN", "PH", "KH", "LA", "MM", "BN")
    db.session.add_all([Registration(
        event_id=event.id, first_name=f"Delegate{n}", last_name=f"Family{n % 97}", email=f"d{n}@example.org",
        organisation="City Hall", country_code=countries[n % 10], category=RegistrationCategory.CITY_REPRESENTATIVE,
        status=RegistrationStatus.CONFIRMED, consent_at=now) for n in range(BASE["participants"] * scale)])
    db.session.commit()
    return event.id


def register_outcomes(session_ids: list[int]) -> None:
    """Every session has an approved outcome, as the outcomes area would provide it."""
    from eventsys.proceedings.outcomes import OutcomeView, register_outcomes_provider

    view = OutcomeView(
        summary_en=PARAGRAPH * 2, key_messages_en=["Data builds trust between cities and residents."] * 3,
        recommendations_en=["Publish a shared data catalogue and review it every year."] * 4,
        action_items=[{"text_en": "Draft the catalogue", "text_th": "", "owner": "ASEAN Secretariat",
                       "due": "2020-03-31"}] * 3)
    register_outcomes_provider(collect=lambda event_id: {sid: view for sid in session_ids},
                               all_approved=lambda event_id: True)


def _cpu_seconds() -> float:
    """CPU time of this process and its children: on a busy machine, what the build itself cost."""
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def one_size(scale: int) -> dict:
    from flask_migrate import upgrade

    from eventsys import create_app
    from eventsys.db import db
    from eventsys.events.models import Event
    from eventsys.proceedings.options import BookOptions
    from eventsys.proceedings.services import build_book

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db", "INSTANCE_PATH": tmp,
                          "REDIS_URL": None})
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            event_id = generate(db, scale)
            from eventsys.agenda.models import AgendaSession

            register_outcomes(list(db.session.scalars(db.select(AgendaSession.id))))
            db.session.expunge_all()  # the generated rows are not part of the build's memory
            event = db.session.get(Event, event_id)
            cpu_before = _cpu_seconds()
            started = time.perf_counter()
            build = build_book(event, BookOptions(language="both"))
            seconds = time.perf_counter() - started
            cpu = _cpu_seconds() - cpu_before
            pages = build.pages
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return {"scale": scale, "sessions": BASE["sessions"] * scale, "people": BASE["people"] * scale,
            "participants": BASE["participants"] * scale, "seconds": round(seconds, 2), "pages": pages,
            "cpu_seconds": round(cpu, 2), "load_average_1m": round(os.getloadavg()[0], 2),
            "peak_mb": round(peak / 1024, 1)}


def main() -> None:
    results = []
    for scale in (1, 2):
        out = subprocess.run([sys.executable, __file__, "--scale", str(scale)], check=True, capture_output=True,
                             text=True, cwd=ROOT).stdout
        row = json.loads(out.strip().splitlines()[-1])
        print(f"{row['sessions']} sessions, {row['people']} people, {row['participants']} participants: "
              f"{row['pages']} pages in {row['seconds']} s ({row['cpu_seconds']} s CPU), peak {row['peak_mb']} MB "
              f"(load average {row['load_average_1m']} on {os.cpu_count()} CPUs)")
        results.append(row)
    ratio = round(results[1]["seconds"] / results[0]["seconds"], 2)
    summary = {"runs": results, "time_ratio_2x": ratio,
               "goal": {"seconds_400_pages": 15, "peak_mb": 400, "time_ratio_2x": 2.2}}
    print(f"2x content: {ratio}x the time")
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / "proceedings.json").write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    if "--scale" in sys.argv:
        print(json.dumps(one_size(int(sys.argv[sys.argv.index("--scale") + 1]))))
    else:
        main()
