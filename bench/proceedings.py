"""Benchmark: build the proceedings of a generated event and of one twice its size.

    .venv/bin/python bench/proceedings.py

Each size runs in its own process, on a fresh SQLite database that another process migrated with
the real migrations and filled through the models. The build lays the book out in worker processes, so memory is
sampled every 100 ms over the whole process tree (this process, the fork server, the workers):
the peak of the sum of their resident sets (RSS, which counts pages they share once per process:
an upper bound) and their proportional sets (PSS: shared pages split between them) at that peak. Prints
seconds, pages, memory, the time of each step, the book's bytes and embedded font programs, and
writes bench/results/proceedings.json.

In the same run, a baseline: plain WeasyPrint in one process (no parts, no tagging, none of our
layers) laying out and writing plain English text in the book's font, size and page, about as many
pages as the smaller book. Pages per second of the book (its whole build) over the baseline's is
the speed ratio.

Goals: issue 7, ~400 pages < 15 s and < 400 MB on this 2-core machine, 2x content <= 2.2x time;
issue 17, a speed ratio of at least 1.
"""

from __future__ import annotations

import contextlib
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
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
PARAGRAPH = (
    "Cities of the ASEAN Smart Cities Network shared how they plan, finance and operate digital "
    "services for residents: integrated mobility, flood early warning, open data platforms and "
    "e-government counters. Speakers compared procurement models, the role of national focal "
    "points and external partners, and what pilots taught them about scaling up. "
)
THAI = "การนำเทคโนโลยีดิจิทัลมาใช้ในการพัฒนาเมืองอัจฉริยะ"
# Thai text about the ASCN, as its Thai pages write it: the Thai abstract of every third session,
# printed side by side with the English one.
THAI_PARAGRAPH = (
    "เมืองอัจฉริยะหรือ Smart City คือ การนำเทคโนโลยีและนวัตกรรมมาพัฒนาเมืองอย่างรอบด้าน ทั้งเศรษฐกิจ "
    "สังคม และสิ่งแวดล้อม เพื่อเพิ่มประสิทธิภาพในการแข่งขันของเมืองและตอบสนองต่อความต้องการของประชาชน "
    "ปัจจุบันอาเซียนมีประชากรกว่า 90 ล้านคน ซึ่งส่วนใหญ่จะกลายเป็นคนเมืองภายในปี พ.ศ. 2573 "
    "และต้องเผชิญกับความท้าทายต่าง ๆ จากการเติบโตอย่างรวดเร็วของเมือง"
)


def generate(db, scale: int) -> int:
    from zoneinfo import ZoneInfo

    from eventsys.agenda.models import AgendaSession, Room, SessionPerson, SessionRole, SessionType
    from eventsys.events.models import Event, EventKind, Person
    from eventsys.registration.models import Registration, RegistrationCategory, RegistrationStatus

    zone = ZoneInfo("Asia/Bangkok")
    now = dt.datetime.now(dt.UTC)
    days = 3 * scale
    event = Event(
        slug=f"bench-{scale}",
        kind=EventKind.CONFERENCE,
        title_en="ASEAN Smart Cities Network Annual Meeting",
        title_th="การประชุมประจำปีเครือข่ายเมืองอัจฉริยะอาเซียน",
        start_date=dt.date(2019, 7, 8),
        end_date=dt.date(2019, 7, 8) + dt.timedelta(days=days - 1),
        venue_en="BITEC, Bangkok",
    )
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
        start = dt.datetime.combine(
            event.start_date + dt.timedelta(days=n % days), dt.time(8 + (n // days) % 10), tzinfo=zone
        )
        session = AgendaSession(
            event_id=event.id,
            type=SessionType.PANEL,
            title_en=f"Session {n + 1}: Digital services",
            title_th=THAI if n % 3 == 0 else "",
            abstract_en="\n\n".join([PARAGRAPH * 2] * 5),
            abstract_th="\n\n".join([THAI_PARAGRAPH] * 4) if n % 3 == 0 else "",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=50),
            room=rooms[n % 5],
        )
        session.people = [
            SessionPerson(person=people[(n * 4 + k) % len(people)], role=roles[k], position=k) for k in range(4)
        ]
        sessions.append(session)
    db.session.add_all(sessions)
    countries = ("TH", "SG", "MY", "ID", "VN", "PH", "KH", "LA", "MM", "BN")
    db.session.add_all(
        [
            Registration(
                event_id=event.id,
                first_name=f"Delegate{n}",
                last_name=f"Family{n % 97}",
                email=f"d{n}@example.org",
                organisation="City Hall",
                country_code=countries[n % 10],
                category=RegistrationCategory.CITY_REPRESENTATIVE,
                status=RegistrationStatus.CONFIRMED,
                consent_at=now,
            )
            for n in range(BASE["participants"] * scale)
        ]
    )
    db.session.commit()
    return event.id


def register_outcomes(session_ids: list[int]) -> None:
    """Every session has an approved outcome, as the outcomes area would provide it."""
    from eventsys.proceedings.outcomes import OutcomeView, register_outcomes_provider

    view = OutcomeView(
        summary_en=PARAGRAPH * 2,
        key_messages_en=["Data builds trust between cities and residents."] * 3,
        recommendations_en=["Publish a shared data catalogue and review it every year."] * 4,
        action_items=[
            {"text_en": "Draft the catalogue", "text_th": "", "owner": "ASEAN Secretariat", "due": "2020-03-31"}
        ]
        * 3,
    )
    register_outcomes_provider(
        collect=lambda event_id: dict.fromkeys(session_ids, view), all_approved=lambda event_id: True
    )


class TreeMemory:
    """Samples the memory of this process and all its descendants until stopped."""

    def __init__(self, interval: float = 0.1):
        import threading

        self.interval, self.peak_rss, self.peak_pss, self.at_peak = interval, 0, 0, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _tree(root: int) -> list[int]:
        pids, todo = [], [root]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    todo += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
            except OSError:
                pass
        return pids

    @staticmethod
    def _rss_kb(pid: int) -> int:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB

    @staticmethod
    def _pss_kb(pid: int) -> int:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
        return 0

    def _run(self):
        while not self._stop.is_set():
            each = {}
            for pid in self._tree(os.getpid()):
                with contextlib.suppress(OSError):
                    each[pid] = self._rss_kb(pid)
            rss = sum(each.values())
            if rss > self.peak_rss:
                # PSS only at a new peak of RSS: reading it walks every page of every process (a
                # tenth of a core at 10 Hz, taken from the build it measures).
                pss = 0
                for pid in each:
                    with contextlib.suppress(OSError):
                        pss += self._pss_kb(pid)
                self.peak_pss = max(self.peak_pss, pss)
                self.at_peak = sorted((kb // 1024 for kb in each.values()), reverse=True)  # MB of each
                self.peak_rss = rss
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def generate_database(scale: int, folder: str) -> None:
    """The event, migrated and filled, in `folder`/bench.db (a process of its own, so that the
    build's process does not carry the memory of creating 5,000 rows)."""
    from flask_migrate import upgrade

    from eventsys import create_app
    from eventsys.db import db

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db", "INSTANCE_PATH": folder, "REDIS_URL": None}
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        generate(db, scale)


def one_size(scale: int) -> dict:
    from eventsys import create_app
    from eventsys.agenda.models import AgendaSession
    from eventsys.db import db
    from eventsys.events.models import Event
    from eventsys.proceedings import services
    from eventsys.proceedings.options import BookOptions

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, __file__, "--generate", str(scale), tmp], check=True, cwd=ROOT, capture_output=True
        )
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db", "INSTANCE_PATH": tmp, "REDIS_URL": None}
        )
        with app.app_context():
            register_outcomes(list(db.session.scalars(db.select(AgendaSession.id))))
            event = db.session.scalars(db.select(Event)).one()
            typeset = {}
            render_book_pdf = services.render_book_pdf

            def keep_typeset(*args, **kwargs):  # to print the time of each step
                typeset["book"] = render_book_pdf(*args, **kwargs)
                return typeset["book"]

            services.render_book_pdf = keep_typeset
            with TreeMemory() as memory:
                started = time.perf_counter()
                build = services.build_book(event, BookOptions(language="both"))
                seconds = time.perf_counter() - started
            pages = build.pages
    book = typeset["book"]
    return {
        "bytes": len(book.pdf),
        "font_programs": font_programs(book.pdf),
        "scale": scale,
        "sessions": BASE["sessions"] * scale,
        "people": BASE["people"] * scale,
        "participants": BASE["participants"] * scale,
        "seconds": round(seconds, 2),
        "pages": pages,
        "parts": book.parts,
        "workers": book.workers,
        "steps": book.seconds,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "peak_mb": round(memory.peak_rss / 1024, 1),
        "peak_pss_mb": round(memory.peak_pss / 1024, 1),
        "processes_at_peak_mb": memory.at_peak,
        "main_process_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worker_peak_mb": round(book.worker_peak_rss_mb, 1),
    }


def font_programs(pdf: bytes) -> dict:
    """Embedded font programs (FontFile streams), and the distinct fonts they are of."""
    import io

    import pikepdf

    programs, fonts = set(), set()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for obj in document.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in obj:
                        programs.add(obj[key].objgen)
                        fonts.add(str(obj.FontName).split("+")[-1])
    return {"embedded": len(programs), "distinct_fonts": len(fonts)}


def plain_text(paragraphs: int) -> dict:
    """The baseline: plain WeasyPrint, one process, `paragraphs` paragraphs of plain text."""
    from weasyprint import HTML

    from eventsys.pdf import PDF_BASE_URL, static_only_fetcher

    html = (
        '<html lang="en"><head><link rel="stylesheet" href="/static/css/pdf.css"><style>'
        "@page { size: A4; margin: 22mm 20mm 24mm 24mm; } html { font-size: 10pt; line-height: 1.4; }"
        "</style></head><body>" + f"<p>{PARAGRAPH * 2}</p>" * paragraphs + "</body></html>"
    )
    started = time.perf_counter()
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=static_only_fetcher()).render()
    pdf = document.write_pdf()
    seconds = time.perf_counter() - started
    return {"pages": len(document.pages), "seconds": round(seconds, 2), "bytes": len(pdf)}


PLAIN_PARAGRAPHS_PER_PAGE = 5.4  # of PARAGRAPH * 2, on the book's page: about as many pages as the book


def main() -> None:
    results = []
    for scale in (1, 2):
        out = subprocess.run(
            [sys.executable, __file__, "--scale", str(scale)], check=True, capture_output=True, text=True, cwd=ROOT
        ).stdout
        row = json.loads(out.strip().splitlines()[-1])
        print(
            f"{row['sessions']} sessions, {row['people']} people, {row['participants']} participants: "
            f"{row['pages']} pages in {row['seconds']} s ({row['parts']} parts, {row['workers']} workers), "
            f"peak memory of all processes {row['peak_mb']} MB RSS / {row['peak_pss_mb']} MB PSS "
            f"(main process {row['main_process_peak_mb']} MB, largest worker {row['worker_peak_mb']} MB; "
            f"load average {row['load_average_1m']} on {os.cpu_count()} CPUs)"
        )
        print(f"    RSS of each process at the peak (MB): {row['processes_at_peak_mb']}")
        print("    steps (s): " + ", ".join(f"{step} {value}" for step, value in row["steps"].items()))
        print(f"    book: {row['bytes']:,} bytes, font programs embedded: {row['font_programs']}")
        results.append(row)
        if scale == 1:
            out = subprocess.run(
                [sys.executable, __file__, "--plain", str(round(row["pages"] * PLAIN_PARAGRAPHS_PER_PAGE))],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            ).stdout
            plain = json.loads(out.strip().splitlines()[-1])
            book_rate, plain_rate = row["pages"] / row["seconds"], plain["pages"] / plain["seconds"]
            speed = {
                "book_pages_per_second": round(book_rate, 1),
                "plain_weasyprint_pages_per_second": round(plain_rate, 1),
                "plain_weasyprint": plain,
                "ratio": round(book_rate / plain_rate, 2),
            }
            print(
                f"    speed: book {speed['book_pages_per_second']} pages/s, plain single-process WeasyPrint "
                f"{speed['plain_weasyprint_pages_per_second']} pages/s ({plain['pages']} pages of plain text in "
                f"{plain['seconds']} s): ratio {speed['ratio']}"
            )
    ratio = round(results[1]["seconds"] / results[0]["seconds"], 2)
    summary = {
        "runs": results,
        "time_ratio_2x": ratio,
        "speed": speed,
        "goal": {"seconds_400_pages": 15, "peak_mb": 400, "time_ratio_2x": 2.2, "speed_ratio": 1.0},
    }
    print(f"2x content: {ratio}x the time")
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / "proceedings.json").write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    if "--generate" in sys.argv:
        generate_database(int(sys.argv[sys.argv.index("--generate") + 1]), sys.argv[sys.argv.index("--generate") + 2])
    elif "--plain" in sys.argv:
        print(json.dumps(plain_text(int(sys.argv[sys.argv.index("--plain") + 1]))))
    elif "--scale" in sys.argv:
        print(json.dumps(one_size(int(sys.argv[sys.argv.index("--scale") + 1]))))
    else:
        main()
