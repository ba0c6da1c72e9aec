"""The three load mixes as locust users (FastHttpUser). run.py starts locust with one of them:

    locust -f bench/load/locustfile.py --headless ... RegistrationOpening | DoorOpening | Browsing

LOAD_SEED names the JSON run.py's seed step wrote (event slug, session ids, badge codes, scanner
tokens); LOAD_RECORDS a directory where each locust process writes what the server told its
clients, one JSON line per answer that matters (a registration's id and status, a scan's result),
for run.py's correctness check after the run.
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import random
import uuid
from pathlib import Path

from locust import FastHttpUser, between, constant, constant_throughput, task

SEED = json.loads(Path(os.environ["LOAD_SEED"]).read_text())
SLUG = SEED["slug"]
SESSIONS = SEED["session_ids"]
RUN = uuid.uuid4().hex[:8]
SCAN_RATE = float(os.environ.get("LOAD_SCAN_RATE", "0"))  # scans/s per scanner; 0: as fast as answered
RESCAN_SHARE = 0.05  # a delegate who walks past a second door, or a badge scanned twice

_records = None


def record(kind: str, **values) -> None:
    """One line for run.py's check of the database against what the clients were told."""
    global _records
    if _records is None:
        path = os.path.join(os.environ["LOAD_RECORDS"], f"{os.getpid()}-{RUN}.jsonl")
        _records = open(path, "a", buffering=1 << 16)  # noqa: SIM115 (closed at exit)
        atexit.register(_records.close)
    _records.write(json.dumps({"kind": kind, **values}) + "\n")


def post_registration(
    client, slug: str, *, last_name: str, email: str, place: str, countries=("TH", "VN", "PH", "SG", "MY", "ID")
) -> tuple[int, dict | None]:
    """One delegate registering through the API, as the form and the kiosks do (the registration
    mix and the summit's wave): the answer's status, and its body when it is a 201."""
    with client.post(
        f"/api/v1/events/{slug}/registrations",
        json={
            "first_name": "Delegate",
            "last_name": last_name,
            "local_name": "ผู้แทน ทดสอบ",
            "email": email,
            "organisation": f"{place} City Hall",
            "position": "Officer",
            "country": random.choice(countries),
            "city": "",
            "category": "city_representative",
            "consent": True,
        },
        name="POST /api/v1/events/[slug]/registrations",
        catch_response=True,
    ) as response:
        if response.status_code == 201:
            response.success()
            return 201, response.json()
        response.failure(f"{response.status_code}: {response.text[:200]}")
        return response.status_code, None


class RegistrationOpening(FastHttpUser):
    """Registration opens: a delegate looks at the event page, registers through the API (as the
    form and the kiosks do), and half of them then look at the agenda."""

    wait_time = constant(0)
    serial = itertools.count()

    @task
    def register(self) -> None:
        self.client.get(f"/events/{SLUG}", name="/events/[slug]")
        n = next(self.serial)
        status, body = post_registration(
            self.client, SLUG, last_name=f"Load {n}", email=f"load.{RUN}.{os.getpid()}.{n}@example.org", place="Load"
        )
        if status == 201:
            record("registration", id=body["id"], status=body["status"])
        if random.random() < 0.5:
            self.client.get(f"/events/{SLUG}/agenda", name="/events/[slug]/agenda")


class DoorOpening(FastHttpUser):
    """Twelve scanners at the doors: each its own staff account and token, scanning its own queue
    of delegates (distinct from the other doors'), and now and then a badge it already scanned,
    which must be answered "already checked in" and not counted twice."""

    wait_time = constant_throughput(SCAN_RATE) if SCAN_RATE else constant(0)
    scanners = itertools.count()

    def on_start(self) -> None:
        index = next(self.scanners) % len(SEED["tokens"])
        self.headers = {"Authorization": f"Bearer {SEED['tokens'][index]}"}
        codes = SEED["codes"]
        self.queue = iter(range(index, len(codes), len(SEED["tokens"])))
        self.scanned: list[int] = []
        self.device = f"door-{index}"

    @task
    def scan(self) -> None:
        rescan = self.scanned and random.random() < RESCAN_SHARE
        index = random.choice(self.scanned) if rescan else next(self.queue, None)
        if index is None:  # this door's queue is done: scan people again
            index, rescan = random.choice(self.scanned), True
        with self.client.post(
            f"/api/v1/events/{SLUG}/checkins",
            json={
                "code": SEED["codes"][index],
                "list": SEED["day_list"],
                "nonce": uuid.uuid4().hex,
                "device": self.device,
            },
            headers=self.headers,
            name="POST /api/v1/events/[slug]/checkins",
            catch_response=True,
        ) as response:
            result = response.json().get("result") if response.status_code in (200, 201) else None
            expected = "already_checked_in" if rescan else "checked_in"
            record("scan", code=index, rescan=bool(rescan), status=response.status_code, result=result)
            if result == expected:
                response.success()
            else:
                response.failure(f"{response.status_code} {result!r}, expected {expected}")
        if not rescan:
            self.scanned.append(index)


class BrowsingPages(FastHttpUser):
    """Delegates reading before and during the event: the home page, the event page, the agenda,
    sessions and calendar files, weighted 1:2:4:4:1. Like browsers, they keep each page's ETag and
    ask again with If-None-Match on later visits (answered 304 when nothing changed). The summit's
    browsers (summit_locustfile.py) read the same pages at their own pace."""

    abstract = True

    def on_start(self) -> None:
        self.etags: dict[str, str] = {}

    def visit(self, path: str, name: str) -> None:
        headers = {"If-None-Match": self.etags[path]} if path in self.etags and random.random() < 0.5 else {}
        with self.client.get(path, name=name, headers=headers, catch_response=True) as response:
            if response.status_code in (200, 304):
                if response.headers.get("ETag"):
                    self.etags[path] = response.headers["ETag"]
                response.success()
            else:
                response.failure(str(response.status_code))

    @task(1)
    def home(self) -> None:
        self.visit("/", "/")

    @task(2)
    def event(self) -> None:
        self.visit(f"/events/{SLUG}", "/events/[slug]")

    @task(4)
    def agenda(self) -> None:
        self.visit(f"/events/{SLUG}/agenda", "/events/[slug]/agenda")

    @task(4)
    def session(self) -> None:
        self.visit(f"/events/{SLUG}/sessions/{random.choice(SESSIONS)}", "/events/[slug]/sessions/[id]")

    @task(1)
    def agenda_ics(self) -> None:
        self.visit(f"/events/{SLUG}/agenda.ics", "/events/[slug]/agenda.ics")


class Browsing(BrowsingPages):
    """The browsing mix: as fast as the pages come back."""

    wait_time = between(0, 0.01)
