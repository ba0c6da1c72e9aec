"""pretix's two hot paths as locust users (FastHttpUser), with the client settings of bench/load:

    locust -f bench/peers/pretix_locust.py --headless ... PretixRegistration | PretixDoor

PRETIX_BENCH_SETUP names the JSON pretix_setup.py wrote (organizer, event, item, check-in list,
API token, ticket secrets); PRETIX_BENCH_OUT where this process writes, when locust quits, the
figures of the measured request and what the server answered (for pretix.py's correctness check).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import uuid
from collections import Counter

from locust import FastHttpUser, constant, events, task

SETUP = json.loads(open(os.environ["PRETIX_BENCH_SETUP"]).read())  # noqa: SIM115 (read once at import)
HEADERS = {"Authorization": f"Token {SETUP['token']}"}
ORDERS = f"/api/v1/organizers/{SETUP['organizer']}/events/{SETUP['event']}/orders/"
REDEEM = f"/api/v1/organizers/{SETUP['organizer']}/checkinrpc/redeem/"
ORDER_NAME = "POST /api/v1/organizers/[org]/events/[event]/orders/"
REDEEM_NAME = "POST /api/v1/organizers/[org]/checkinrpc/redeem/"
SCANNERS = 12  # bench/load's door: twelve scanners, each with its own queue of delegates
RESCAN_SHARE = 0.05  # as bench/load: a badge scanned a second time now and then
RUN = uuid.uuid4().hex[:8]
ANSWERS: Counter[str] = Counter()


class PretixRegistration(FastHttpUser):
    """A delegate's free ticket ordered through pretix's API: one position, an e-mail address.

    Free orders are marked paid by pretix itself (payment provider "free"); no e-mail is sent
    (the API's send_email defaults to false)."""

    wait_time = constant(0)
    serial = itertools.count()

    @task
    def order(self) -> None:
        n = next(self.serial)
        ANSWERS["order sent"] += 1
        with self.client.post(
            ORDERS,
            json={
                "email": f"load.{RUN}.{os.getpid()}.{n}@example.org",
                "locale": "en",
                "sales_channel": "web",
                "positions": [
                    {
                        "item": SETUP["item"],
                        "attendee_name_parts": {"given_name": "Delegate", "family_name": f"Load {n}"},
                    }
                ],
            },
            headers=HEADERS,
            name=ORDER_NAME,
            catch_response=True,
        ) as response:
            ANSWERS[f"order {response.status_code}"] += 1
            if response.status_code == 201 and response.json().get("status") == "p":
                ANSWERS["order paid"] += 1
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")


class PretixDoor(FastHttpUser):
    """Twelve scanners redeeming ticket secrets at pretix's check-in endpoint; a re-scan must be
    answered "already_redeemed" (HTTP 400 in pretix's API) and is then not an error."""

    wait_time = constant(0)
    scanners = itertools.count()

    def on_start(self) -> None:
        index = next(self.scanners) % SCANNERS
        usable = int(os.environ.get("PRETIX_BENCH_DOOR_SECRETS") or len(SETUP["secrets"]))
        self.queue = iter(range(index, usable, SCANNERS))
        self.scanned: list[int] = []

    @task
    def scan(self) -> None:
        rescan = bool(self.scanned) and random.random() < RESCAN_SHARE
        index = random.choice(self.scanned) if rescan else next(self.queue, None)
        if index is None:  # this door's queue is done: scan people again
            index, rescan = random.choice(self.scanned), True
        ANSWERS["scan sent"] += 1
        with self.client.post(
            REDEEM,
            json={
                "secret": SETUP["secrets"][index],
                "lists": [SETUP["checkin_list"]],
                "type": "entry",
                "source_type": "barcode",
                "nonce": uuid.uuid4().hex,
            },
            headers=HEADERS,
            name=REDEEM_NAME,
            catch_response=True,
        ) as response:
            body = response.json() if response.status_code in (201, 400) else {}
            result = body.get("status") if body.get("status") == "ok" else body.get("reason")
            expected = "already_redeemed" if rescan else "ok"
            ANSWERS[f"scan {result}"] += 1
            if result == expected:
                response.success()
            else:
                response.failure(f"{response.status_code} {result!r}, expected {expected}")
        if not rescan:
            self.scanned.append(index)


@events.quitting.add_listener
def write_figures(environment, **_kwargs) -> None:
    stats = environment.stats
    entries = [e for e in stats.entries.values() if e.num_requests]
    out = {
        "answers": dict(ANSWERS),
        "by_request": {
            e.name: {
                "requests": e.num_requests,
                "failures": e.num_failures,
                "rps": round(e.total_rps, 1),
                "p50_ms": e.get_response_time_percentile(0.5),
                "p95_ms": e.get_response_time_percentile(0.95),
                "p99_ms": e.get_response_time_percentile(0.99),
                "mean_ms": round(e.avg_response_time, 1),
            }
            for e in entries
        },
        "errors": {f"{e.method} {e.name}: {e.error}": e.occurrences for e in stats.errors.values()},
    }
    with open(os.environ["PRETIX_BENCH_OUT"], "w") as handle:
        json.dump(out, handle)
