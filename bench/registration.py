"""Registrations per second and latency through a real server: gunicorn (2 workers) + PostgreSQL.

Creates a fresh PostgreSQL database, migrates it, adds one open event, starts gunicorn on a free
loopback port, fires N registrations from concurrent clients (threads with http.client), prints
registrations/s, p50 and p99, writes bench/results/registration.json, then stops gunicorn and drops
the database. The goal for later: at least 300 registrations/s with p99 under 150 ms.

    .venv/bin/python bench/registration.py [--requests 2000] [--clients 8] [--redis redis://127.0.0.1:6379/13]

Without --redis, queued mail is delivered at the end of each request (inline, as in development);
with it, delivery is handed to RQ as in production (no worker runs here, nothing is sent) and the
bench's queue is emptied afterwards.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SLUG = "bench-roundtable"
CITIES = [
    "bangkok",
    "phuket",
    "hanoi",
    "da-nang",
    "manila",
    "cebu-city",
    "singapore",
    "kuala-lumpur",
    "dki-jakarta",
    "phnom-penh",
    "vientiane",
    "yangon",
    "bandar-seri-begawan",
    "",
]
COUNTRIES = ["TH", "TH", "VN", "VN", "PH", "PH", "SG", "MY", "ID", "KH", "LA", "MM", "BN", "JP"]

SETUP_EVENT = f"""
import datetime as dt
from eventsys import create_app
from eventsys.db import db, utcnow
from eventsys.demo.seed import seed_reference_data
from eventsys.events.models import Event, EventKind, RegistrationMode
app = create_app()
with app.app_context():
    seed_reference_data()
    start = utcnow().date() + dt.timedelta(days=30)
    db.session.add(Event(slug="{SLUG}", kind=EventKind.ROUNDTABLE, title_en="Bench roundtable",
                         start_date=start, end_date=start, registration_mode=RegistrationMode.OPEN,
                         capacity=int(__import__("sys").argv[1])))
    db.session.commit()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/events")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def body(n: int, run: str) -> bytes:
    return json.dumps(
        {
            "first_name": "Delegate",
            "last_name": f"Number {n}",
            "local_name": "ผู้แทน ทดสอบ",
            "email": f"bench.{run}.{n}@example.org",
            "organisation": "Bench City Hall",
            "position": "Officer",
            "country": COUNTRIES[n % len(COUNTRIES)],
            "city": CITIES[n % len(CITIES)],
            "category": "city_representative",
            "dietary": "",
            "accessibility": "",
            "answers": {},
            "consent": True,
        }
    ).encode()


def fire(port: int, total: int, clients: int, time_limit: float) -> tuple[list[float], dict[int, int], float]:
    run = uuid.uuid4().hex[:6]
    counter = iter(range(total))
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + time_limit

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            started = time.perf_counter()
            try:
                conn.request(
                    "POST",
                    f"/api/v1/events/{SLUG}/registrations",
                    body=body(n, run),
                    headers={"Content-Type": "application/json"},
                )
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses, time.perf_counter() - started


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds; stop firing after this")
    parser.add_argument("--redis", default="", help="REDIS_URL for the server (mail handed to RQ)")
    args = parser.parse_args()

    admin = sa.create_engine(SERVER, isolation_level="AUTOCOMMIT")
    name = f"eventsys_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    url = sa.make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    instance = tempfile.mkdtemp(prefix="eventsys-bench-")
    capacity = int(args.requests * 0.8)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "EVENTSYS_INSTANCE_PATH": instance,
        "SECRET_KEY": "bench-secret",
        "REGISTRATION_RATE_LIMIT": "1000000 per minute",
        "EVENTSYS_BASE_URL": "http://127.0.0.1",
    }
    env.pop("REDIS_URL", None)
    if args.redis:
        env["REDIS_URL"] = args.redis
    server = None
    try:
        subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        subprocess.run([str(BIN / "python"), "-c", SETUP_EVENT, str(capacity)], cwd=ROOT, env=env, check=True)
        port = free_port()
        log = open(Path(instance) / "gunicorn.log", "w")  # noqa: SIM115  (closed in `finally`, with the server)
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(port)
        fire(port, 20, 2, 30)  # warm-up: imports, connection pools, template caches
        latencies, statuses, wall = fire(port, args.requests, args.clients, args.time_limit)
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            counts = dict(conn.exec_driver_sql("SELECT status, count(*) FROM registrations GROUP BY status").all())
        engine.dispose()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
            log.close()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
        if args.redis:
            from redis import Redis
            from rq import Queue

            Queue("eventsys", connection=Redis.from_url(args.redis)).empty()

    created = statuses.get(201, 0)
    result = {
        "benchmark": "registration",
        "server": "gunicorn -w 2 (sync workers), PostgreSQL",
        "mail_delivery": "RQ (Redis, no worker)" if args.redis else "inline at the end of each request",
        "requests": len(latencies),
        "clients": args.clients,
        "statuses": statuses,
        "registrations_per_second": round(created / wall, 1),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
        "wall_seconds": round(wall, 2),
        "capacity": capacity,
        "database_counts": counts,
        "never_oversold": counts.get("confirmed", 0) <= capacity,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    print(
        f"registrations/s: {result['registrations_per_second']}  p50: {result['p50_ms']} ms  "
        f"p99: {result['p99_ms']} ms  ({len(latencies)} requests, {args.clients} clients, statuses {statuses})"
    )
    print(f"database: {counts} (capacity {capacity})")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    suffix = "-redis" if args.redis else ""
    (out / f"registration{suffix}.json").write_text(json.dumps(result, indent=2) + "\n")
    return 0 if created == len(latencies) and result["never_oversold"] else 1


if __name__ == "__main__":
    sys.exit(main())
