"""Users of the floor apps (app.py), shaped like eventsys' mixes (bench/load/locustfile.py): scanners,
twelve, each with its token and its own queue of badges, 5 % rescans, paced like DoorOpening; and
registrants like RegistrationOpening (a page, a registration, a page half the time, no pause)."""

from __future__ import annotations

import itertools
import json
import os
import random
import uuid
from pathlib import Path

from locust import FastHttpUser, constant, constant_throughput, task

RUN = uuid.uuid4().hex[:8]
serial = itertools.count()

SEED = json.loads(Path(os.environ["FLOOR_SEED"]).read_text())
SCAN_RATE = float(os.environ.get("FLOOR_SCAN_RATE", "45"))
RESCAN_SHARE = 0.05


class FloorScanner(FastHttpUser):
    wait_time = constant_throughput(SCAN_RATE) if SCAN_RATE else constant(0)
    scanners = itertools.count()

    def on_start(self) -> None:
        index = next(self.scanners) % len(SEED["tokens"])
        self.headers = {"Authorization": f"Bearer {SEED['tokens'][index]}"}
        self.queue = iter(range(index, len(SEED["codes"]), len(SEED["tokens"])))
        self.scanned: list[int] = []

    @task
    def scan(self) -> None:
        rescan = bool(self.scanned) and random.random() < RESCAN_SHARE
        index = random.choice(self.scanned) if rescan else next(self.queue, None)
        if index is None:
            index, rescan = random.choice(self.scanned), True
        with self.client.post(
            "/scan",
            json={"code": SEED["codes"][index], "nonce": uuid.uuid4().hex, "device": "floor"},
            headers=self.headers,
            name="POST /scan",
            catch_response=True,
        ) as response:
            if response.status_code not in (200, 201):
                response.failure(f"{response.status_code}")
        if not rescan:
            self.scanned.append(index)


class FloorRegistrant(FastHttpUser):
    wait_time = constant(0)

    @task
    def register(self) -> None:
        self.client.get("/page", name="GET /page")
        n = next(serial)
        self.client.post(
            "/register",
            json={
                "email": f"floor.{RUN}.{os.getpid()}.{n}@example.org",
                "first_name": "Floor",
                "last_name": f"Load {n}",
            },
            name="POST /register",
        )
        if random.random() < 0.5:
            self.client.get("/page", name="GET /page")
