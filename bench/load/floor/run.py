"""The stack's floor for a door scan on this machine, measured like eventsys' door mix.

    .venv/bin/python bench/load/floor/run.py [--duration SECONDS] [--scan-rate PER_SCANNER] [--workers W]

Runs minimal Flask apps (app.py: `bare`, no database; `door`, one PostgreSQL statement a scan) under
gunicorn with W sync workers (default 4, as run.py), each driven by locust with the door mix's
client settings (12 scanners, FastHttpUser, each offering --scan-rate scans a second, default 45:
540/s), on a fresh PostgreSQL database with 20,000 badges; then `door`'s registration with the
registration mix's shape (24 users, no pause: a page, a registration, a page half the time; 5 seats
a second of the run, then the waitlist). Prints and writes bench/results/load-floor.json:
throughput, p50/p95/p99, errors and CPU milliseconds a request (app workers, database backends,
locust), as run.py does for eventsys' own mixes.

Why: the goals of 500 scans/s with p99 under 20 ms and 300 registrations/s with p99 under 150 ms
on this 2-core machine, load generator included, are judged against what the chosen stack can do
at all here.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import platform
import resource
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
LOAD = HERE.parent
ROOT = LOAD.parents[1]
sys.path.insert(0, str(LOAD))

from locust_client import locust_command
from server import BIN, _cpu_of, free_port, get

SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgresql://postgres@127.0.0.1:5432/test").replace(
    "postgresql+psycopg://", "postgresql://"
)
BADGES, SCANNERS = 20_000, 12
SCHEMA = """
CREATE TABLE floor_tokens (id serial PRIMARY KEY, secret_hash text NOT NULL UNIQUE);
CREATE TABLE floor_badges (code text PRIMARY KEY, registration_id int NOT NULL);
CREATE TABLE floor_checkins (registration_id int PRIMARY KEY, scanner_id int NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE TABLE floor_scans (id bigserial PRIMARY KEY, nonce text NOT NULL UNIQUE, registration_id int,
                          scanner_id int, checked_in boolean NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE TABLE floor_events (id int PRIMARY KEY, capacity int NOT NULL, taken int NOT NULL DEFAULT 0);
CREATE TABLE floor_registrations (id serial PRIMARY KEY, email text NOT NULL UNIQUE, first_name text NOT NULL,
                                  last_name text NOT NULL, status text NOT NULL,
                                  created_at timestamptz NOT NULL DEFAULT now());
"""


def seed(url: str, capacity: int) -> dict:
    tokens = [secrets.token_urlsafe(32) for _ in range(SCANNERS)]
    codes = [secrets.token_urlsafe(24) for _ in range(BADGES)]  # as long as eventsys' signed codes
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SCHEMA)
        conn.execute("INSERT INTO floor_events (id, capacity) VALUES (1, %s)", (capacity,))
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO floor_tokens (secret_hash) VALUES (%s)",
                [(hashlib.sha256(t.encode()).hexdigest(),) for t in tokens],
            )
            with cur.copy("COPY floor_badges (code, registration_id) FROM STDIN") as copy:
                for number, code in enumerate(codes, start=1):
                    copy.write_row((code, number))
        conn.execute("ANALYZE")
    return {"tokens": tokens, "codes": codes}


def serve(app: str, workers: int, url: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [str(BIN / "gunicorn"), "-w", str(workers), "-k", "sync", "--keep-alive", "5", "--preload"]
    command += ["-b", f"127.0.0.1:{port}", f"app:{app}"]
    env = {**os.environ, "FLOOR_DATABASE_URL": url}
    # Started in this folder: gunicorn reads ./gunicorn.conf.py, and eventsys' (its hooks) is not for these apps.
    process = subprocess.Popen(command, cwd=HERE, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    host = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            get(host, "/")  # 404: up
            return process, host
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start: see {log}")


def workers_cpu(process: subprocess.Popen) -> float:
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    return sum(_cpu_of(int(pid)) for pid in children.read_text().split()) if children.exists() else 0.0


def database_cpu(url: str) -> float:
    with psycopg.connect(url, autocommit=True) as conn:
        pids = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return sum(_cpu_of(pid) for (pid,) in pids)


MIXES = {  # name: (WSGI app, locust user class, users, the request it is judged by)
    "bare": ("bare", "FloorScanner", SCANNERS, "POST /scan"),
    "door": ("door", "FloorScanner", SCANNERS, "POST /scan"),
    "registration": ("door", "FloorRegistrant", 24, "POST /register"),
}


def measure(mix: str, args, url: str, seed_file: Path, work: Path) -> dict:
    app, user_class, users, judged = MIXES[mix]
    process, host = serve(app, args.workers, url, work / f"{mix}.log")
    try:
        for _ in range(args.workers * 4):
            with psycopg.connect(url):
                pass
        app_before, db_before = workers_cpu(process), database_cpu(url)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        command = locust_command(
            HERE / "locustfile.py",
            user_class,
            users=users,
            spawn_rate=None,
            duration=args.duration,
            host=host,
            extra=["--csv", str(work / mix)],
        )
        env = {**os.environ, "FLOOR_SEED": str(seed_file), "FLOOR_SCAN_RATE": str(args.scan_rate)}
        subprocess.run(command, env=env, cwd=ROOT, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        app_cpu, db_cpu = workers_cpu(process) - app_before, database_cpu(url) - db_before
    finally:
        process.terminate()
        process.wait(timeout=30)
    with open(work / f"{mix}_stats.csv", newline="") as handle:
        rows = {r["Name"]: r for r in csv.DictReader(handle)}
    row, overall = rows[judged], rows["Aggregated"]
    requests = int(overall["Request Count"])  # CPU a request: of every request of the mix
    locust_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    per = (lambda seconds: round(seconds * 1000 / requests, 2)) if requests else (lambda seconds: None)
    return {
        "request": judged,
        "requests": int(row["Request Count"]),
        "failures": int(overall["Failure Count"]),
        "rps": round(float(row["Requests/s"]), 1),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
        "all_requests_per_s": round(float(overall["Requests/s"]), 1),
        "cpu_ms_per_request": {"app": per(app_cpu), "db": per(db_cpu), "load_generator": per(locust_cpu)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--scan-rate", type=float, default=45)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    name = f"eventsys_floor_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = SERVER.rsplit("/", 1)[0] + f"/{name}"
    work = Path(tempfile.mkdtemp(prefix="eventsys-floor-"))
    started = dt.datetime.now(dt.UTC)
    try:
        seed_file = work / "seed.json"
        capacity = 5 * args.duration
        seed_file.write_text(json.dumps(seed(url, capacity)))
        results = {mix: measure(mix, args, url, seed_file, work) for mix in MIXES}
        with psycopg.connect(url) as conn:
            checkins = conn.execute("SELECT count(*) FROM floor_checkins").fetchone()[0]
            scans = conn.execute("SELECT count(*) FROM floor_scans").fetchone()[0]
            confirmed = conn.execute("SELECT count(*) FROM floor_registrations WHERE status = 'confirmed'").fetchone()[
                0
            ]
    finally:
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    summary = {
        "measured_at": started.isoformat(timespec="seconds"),
        "scanners": SCANNERS,
        "offered_per_s": SCANNERS * args.scan_rate if args.scan_rate else None,
        "duration_s": args.duration,
        "server": f"gunicorn -w {args.workers} (sync), PostgreSQL; locust 1 process, FastHttpUser, same machine",
        "bare": results["bare"],
        "door": {**results["door"], "database_checkins": checkins, "database_scans": scans},
        "registration": {**results["registration"], "capacity": capacity, "confirmed": confirmed},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load": os.getloadavg()},
    }
    for mix, r in results.items():
        print(
            f"{mix:12s} {r['request']}: {r['rps']}/s ({r['all_requests_per_s']} requests/s in all), "
            f"p50 {r['p50_ms']} / p95 {r['p95_ms']} / p99 {r['p99_ms']} ms, {r['failures']} errors; "
            f"CPU ms a request {r['cpu_ms_per_request']}"
        )
    print(
        f"door: {checkins} check-ins and {scans} scans in the database; registration: {confirmed} of {capacity} seats"
    )
    out = ROOT / "bench" / "results" / "load-floor.json"
    out.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
