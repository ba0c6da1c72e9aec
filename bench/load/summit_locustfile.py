"""The summit's locust users (bench/load/summit.py starts locust once per phase with this file).

    SUMMIT_PHASE     registration_wave, or door_day_N
    SUMMIT_PLAN      the phase's plan (JSON): registration times, or each door's queue
    SUMMIT_HOSTS     the app servers, comma-separated: users are spread over them in turn
    SUMMIT_SPEED     simulated seconds per wall second
    LOAD_SEED        the event (slug, sessions, door tokens, and for the doors the badge codes)
    LOAD_RECORDS     a directory: what the server told the clients, and every request's time

Scheduled users (Registrant, Door) take their next item from the plan, wait for its moment (the
phase's start plus its simulated second / speed) and send it; when the servers are slower than
the plan, items go as soon as a user is free and their lateness is recorded. The phase ends when
every item is answered. Browser users read the agenda at their own pace throughout.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
import uuid
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, constant_throughput, events, task
from locustfile import BrowsingPages, post_registration  # the directory of a locustfile is on locust's path

SEED = json.loads(Path(os.environ["LOAD_SEED"]).read_text())
PLAN = json.loads(Path(os.environ["SUMMIT_PLAN"]).read_text())
PHASE = os.environ["SUMMIT_PHASE"]
HOSTS = os.environ["SUMMIT_HOSTS"].split(",")
SPEED = float(os.environ["SUMMIT_SPEED"])
RECORDS = Path(os.environ["LOAD_RECORDS"])
SLUG = SEED["slug"]
SESSIONS = SEED["session_ids"]
RUN = uuid.uuid4().hex[:8]
LEAD_S = 1.0  # users are all started within this second of the test's start; the plan's clock starts then

STATE = {"start": None, "answered": 0, "total": 0}
TOLD: list[dict] = []
TIMES: list[tuple] = []  # (name, milliseconds, failed, finished at, server, kind of user)


def server_of(turn: int) -> tuple[str, str]:
    """The host and label ("a", "b"...) of the `turn`-th user of a kind: each kind spread evenly."""
    return HOSTS[turn % len(HOSTS)], "abcdefghij"[turn % len(HOSTS)]


def wait_for(second: float) -> float:
    """Sleep until the plan's `second` of this phase comes round; how late we are (seconds, wall)."""
    due = STATE["start"] + second / SPEED
    late = time.monotonic() - due
    if late < 0:
        gevent.sleep(-late)
    return max(0.0, late)


def answered(environment) -> None:
    """One planned item done; the last one ends the phase (in its own greenlet: quitting kills users)."""
    STATE["answered"] += 1
    if STATE["answered"] == STATE["total"]:
        gevent.spawn_later(0.2, environment.runner.quit)


@events.test_start.add_listener
def _start(environment, **_kwargs) -> None:
    STATE["start"] = time.monotonic() + LEAD_S
    STATE["wall_start"] = time.time() + LEAD_S


@events.request.add_listener
def _time(name, response_time, exception, context, **_kwargs) -> None:
    TIMES.append(
        (
            name,
            round(response_time, 2),
            exception is not None,
            time.time(),
            context.get("server", "?"),
            context.get("kind", "?"),
        )
    )


@events.test_stop.add_listener
def _write(environment, **_kwargs) -> None:
    """Everything this process saw, for summit.py's figures and its check of the database."""
    out = RECORDS / f"{PHASE}-{os.getpid()}-{RUN}.json"
    out.write_text(
        json.dumps(
            {
                "phase": PHASE,
                "wall_start": STATE.get("wall_start"),
                "planned": STATE["total"],
                "answered": STATE["answered"],
                "told": TOLD,
                "times": TIMES,
            }
        )
    )


class SummitUser(FastHttpUser):
    """A user bound to one of the app servers, in turn; its requests carry the server's label."""

    abstract = True
    kind = "?"
    turns = itertools.count()

    def __init__(self, environment):
        self.turn = next(type(self).turns)
        self.host, self.server = server_of(self.turn)
        super().__init__(environment)

    def context(self) -> dict:
        return {"server": self.server, "kind": self.kind}


# --- registration wave ---------------------------------------------------------------------------

REGISTRATIONS = iter(enumerate(PLAN.get("registrations", [])))
if PHASE == "registration_wave":
    STATE["total"] = len(PLAN["registrations"])


class Registrant(SummitUser):
    """A delegate registering when their moment comes: the event page, the registration through
    `POST /api/v1/events/<slug>/registrations` (as the registration mix), the agenda half the time."""

    kind = "registration"
    fixed_count = int(os.environ.get("SUMMIT_REGISTRANTS", "0"))
    wait_time = constant(0)
    turns = itertools.count()

    @task
    def register(self) -> None:
        item = next(REGISTRATIONS, None)
        if item is None:
            gevent.sleep(1)  # the wave is over for this user; the phase ends with the last answer
            return
        n, second = item
        late = wait_for(second)
        self.client.get(f"/events/{SLUG}", name="/events/[slug]")
        status, body = post_registration(
            self.client,
            SLUG,
            last_name=f"Summit {n}",
            email=f"summit.{RUN}.{n}@example.org",
            place="Summit",
            countries=("TH", "VN", "PH", "SG", "MY", "ID", "KH", "LA", "MM", "BN"),
        )
        if status == 201:
            TOLD.append({"kind": "registration", "id": body["id"], "status": body["status"], "late": late})
        else:
            TOLD.append({"kind": "registration_failed", "status": status, "late": late})
        answered(self.environment)
        if random.random() < 0.5:
            self.client.get(f"/events/{SLUG}/agenda", name="/events/[slug]/agenda")


# --- a day at the doors ----------------------------------------------------------------------------

QUEUES = PLAN.get("doors", [])
FIRST_SCAN: dict[int, str | None] = {}  # delegate -> the first scan's result today (None: no answer)
if PHASE.startswith("door_day"):
    STATE["total"] = sum(len(queue) for queue in QUEUES)


class Door(SummitUser):
    """One door's scanner (its own staff account and token) working through its queue of arrivals
    in time order. A repeat waits until the delegate's first scan, at whichever door, was answered,
    and must then be told "already checked in"."""

    kind = "door"
    fixed_count = len(QUEUES)
    wait_time = constant(0)
    turns = itertools.count()

    def on_start(self) -> None:
        self.door = self.turn
        self.queue = iter(QUEUES[self.door])
        self.headers = {"Authorization": f"Bearer {SEED['tokens'][self.door % len(SEED['tokens'])]}"}

    @task
    def scan(self) -> None:
        item = next(self.queue, None)
        if item is None:
            gevent.sleep(1)
            return
        second, delegate, rescan = item
        late = wait_for(second)
        while rescan and delegate not in FIRST_SCAN:
            gevent.sleep(0.02)
        expected = "already_checked_in" if rescan and FIRST_SCAN[delegate] else "checked_in"
        with self.client.post(
            f"/api/v1/events/{SLUG}/checkins",
            json={
                "code": SEED["codes"][delegate],
                "list": PLAN["list"],
                "nonce": uuid.uuid4().hex,
                "device": f"summit-door-{self.door}",
            },
            headers=self.headers,
            name="POST /api/v1/events/[slug]/checkins",
            catch_response=True,
        ) as response:
            result = response.json().get("result") if response.status_code in (200, 201) else None
            TOLD.append(
                {
                    "kind": "scan",
                    "delegate": delegate,
                    "rescan": bool(rescan),
                    "expected": expected,
                    "status": response.status_code,
                    "result": result,
                    "door": self.door,
                    "late": late,
                }
            )
            if not rescan:
                FIRST_SCAN[delegate] = result
            if result == expected:
                response.success()
            else:
                response.failure(f"{response.status_code} {result!r}, expected {expected}")
        answered(self.environment)


# --- browsing throughout ---------------------------------------------------------------------------


class Browser(SummitUser, BrowsingPages):
    """Delegates reading the programme while the phase runs: home, event, agenda, session pages and
    `agenda.ics`, weighted 1:2:4:4:1 as the browsing mix, keeping ETags like a browser (304s)."""

    kind = "browsing"
    fixed_count = int(os.environ.get("SUMMIT_BROWSERS", "0"))
    wait_time = constant_throughput(float(os.environ.get("SUMMIT_BROWSE_RATE", "1")))
    turns = itertools.count()
