"""Load tests with locust against a real gunicorn + PostgreSQL + Redis server on this machine.

    .venv/bin/python bench/load/run.py MIX [--users N] [--duration SECONDS] [--spawn-rate R]
                                           [--host URL] [--workers W] [--processes P]

MIX is `registration`, `door` or `browsing` (bench/load/README.md says what each does and the
goals). Without --host: a fresh PostgreSQL database, migrated and seeded, gunicorn on a free port
with REDIS_URL (database 13), locust headless, then the server stopped and the database dropped.
With --host: the server is already running and DATABASE_URL names its database (seeded and
checked there, never dropped). Prints the figures and writes bench/results/load-MIX.json; exits 1
when the database disagrees with what the clients were told (bench/load/checks.py).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))

from checks import CHECKS, VIOLATIONS, changed_after_publish
from locust_client import locust_command
from server import Server, cpu_ms_per_request

MIXES = {"registration": "RegistrationOpening", "door": "DoorOpening", "browsing": "Browsing"}
DEFAULT_USERS = {"registration": 24, "door": 12, "browsing": 24}
# The figure each mix is judged by: the requests it counts (locust names) and the goal.
FIGURES = {
    "registration": ("registrations_per_s", ["POST /api/v1/events/[slug]/registrations"]),
    "door": ("scans_per_s", ["POST /api/v1/events/[slug]/checkins"]),
    "browsing": (
        "agenda_pages_per_s",
        ["/events/[slug]/agenda", "/events/[slug]/sessions/[id]", "/events/[slug]/agenda.ics"],
    ),
}
GOALS = {
    "registration": {"per_s": 300, "p99_ms": 150},
    "door": {"per_s": 500, "p99_ms": 20},
    "browsing": {"per_s": 500, "p99_ms": None},
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mix", choices=sorted(MIXES))
    parser.add_argument("--users", type=int, help="concurrent users (door: scanners; default per mix)")
    parser.add_argument("--duration", type=int, default=30, help="seconds of load")
    parser.add_argument("--spawn-rate", type=float, help="users started per second (default: all in 1 s)")
    parser.add_argument("--host", help="a running server (then DATABASE_URL names its database)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (without --host)")
    parser.add_argument("--processes", type=int, default=1, help="locust processes (see README)")
    parser.add_argument(
        "--capacity", type=int, help="registration seats (default 5 x duration: full within seconds, then waitlisted)"
    )
    parser.add_argument(
        "--scan-rate", type=float, default=45, help="scans/s each scanner offers (default 45: 540/s; 0: no pause)"
    )
    args = parser.parse_args()
    if args.mix == "door" and args.processes > 1:
        parser.error("the door mix runs in one locust process: its 12 scanners share out the badges by number")
    return args


def run_locust(args, host: str, seed_file: Path, records: Path, work: Path) -> dict[str, dict]:
    users = args.users or DEFAULT_USERS[args.mix]
    extra = ["--csv", str(work / "locust")]
    if args.processes > 1:
        extra += ["--processes", str(args.processes)]
    command = locust_command(
        HERE / "locustfile.py",
        MIXES[args.mix],
        users=users,
        spawn_rate=args.spawn_rate,
        duration=args.duration,
        host=host,
        extra=extra,
    )
    env = {
        **os.environ,
        "LOAD_SEED": str(seed_file),
        "LOAD_RECORDS": str(records),
        "LOAD_SCAN_RATE": str(args.scan_rate),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env=env, cwd=ROOT, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LOCUST_CPU["s"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    with open(work / "locust_stats.csv", newline="") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def figures(stats: dict[str, dict], names: list[str] | None = None) -> dict:
    """Count, rate and percentiles of the named requests (locust's aggregate row without names)."""
    rows = [stats[n] for n in names if n in stats] if names else [stats["Aggregated"]]
    count = sum(int(r["Request Count"]) for r in rows)
    if not count:
        return {"requests": 0, "failures": 0, "rps": 0.0, "p50_ms": None, "p95_ms": None, "p99_ms": None}

    def weighted(column: str) -> float:
        # Percentiles of several request names: the highest of theirs (never flatters).
        return max(float(r[column]) for r in rows if int(r["Request Count"]))

    return {
        "requests": count,
        "failures": sum(int(r["Failure Count"]) for r in rows),
        "rps": round(sum(float(r["Requests/s"]) for r in rows), 1),
        "p50_ms": weighted("50%"),
        "p95_ms": weighted("95%"),
        "p99_ms": weighted("99%"),
    }


def cpu_per_request(before: dict | None, after: dict | None, requests: int) -> dict | None:
    """CPU milliseconds per request between two readings of the server's CPU (server.py)."""
    if before is None:
        return None
    return cpu_ms_per_request({part: after[part] - before[part] for part in before}, LOCUST_CPU["s"], requests)


def read_records(records: Path) -> list[dict]:
    lines = []
    for path in records.glob("*.jsonl"):
        lines += [json.loads(line) for line in path.read_text().splitlines() if line]
    return lines


def main() -> int:
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix=f"eventsys-load-{args.mix}-"))
    records = work / "records"
    records.mkdir()
    slug = f"load-{args.mix}-{uuid.uuid4().hex[:6]}"
    capacity = args.capacity if args.capacity is not None else 5 * args.duration
    server = Server(workers=args.workers, existing=args.host)
    started_at = dt.datetime.now(dt.UTC)
    try:
        server.create_database()
        seed_file = work / "seed.json"
        server.run_python(
            HERE / "seed.py", args.mix, slug, str(capacity if args.mix == "registration" else 0), str(seed_file)
        )
        host = args.host or server.start()
        server.warm_up(f"/events/{slug}")
        cpu_before = server.cpu_seconds() if not args.host else None
        stats = run_locust(args, host, seed_file, records, work)
        cpu_after = server.cpu_seconds() if not args.host else None
        seeded = json.loads(seed_file.read_text())
        told = read_records(records)
        engine = sa.create_engine(server.database_url)
        try:
            correctness = CHECKS[args.mix](engine, seeded, told)
            if args.mix == "browsing":
                correctness["stale_after_publish"] = changed_after_publish(server, host, seeded)
        finally:
            engine.dispose()
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)

    overall = figures(stats)
    figure_name, names = FIGURES[args.mix]
    own = figures(stats, names)
    goal = GOALS[args.mix]
    violations = [key for key, value in correctness.items() if key in VIOLATIONS and value]
    result = {
        "mix": args.mix,
        "measured_at": started_at.isoformat(timespec="seconds"),
        "users": args.users or DEFAULT_USERS[args.mix],
        "duration_s": args.duration,
        "requests": overall["requests"],
        "rps": overall["rps"],
        "p50_ms": overall["p50_ms"],
        "p95_ms": overall["p95_ms"],
        "p99_ms": overall["p99_ms"],
        "errors": overall["failures"],
        figure_name: own["rps"],
        "figure": {"name": figure_name, **own},
        "goal": goal,
        "goal_met": own["rps"] >= goal["per_s"] and (goal["p99_ms"] is None or (own["p99_ms"] or 1e9) < goal["p99_ms"]),
        "correctness": correctness,
        "correct": not violations,
        "by_request": {name: figures(stats, [name]) for name in stats if name != "Aggregated"},
        "cpu_ms_per_request": cpu_per_request(cpu_before, cpu_after, overall["requests"]),
        "server": server.description,
        "load_generator": f"locust {args.processes} process(es), FastHttpUser, on the same machine",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load": os.getloadavg()},
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "bench" / "results" / f"load-{args.mix}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"\n{args.mix}: {figure_name} {own['rps']} (goal {goal['per_s']}), p99 {own['p99_ms']} ms, "
        f"{overall['failures']} errors of {overall['requests']} requests; "
        f"{'correct' if not violations else 'VIOLATED: ' + ', '.join(violations)}"
    )
    return 0 if not violations else 1


LOCUST_CPU = {"s": 0.0}
if __name__ == "__main__":
    started = time.monotonic()
    code = main()
    print(f"({time.monotonic() - started:.0f} s in all)")
    sys.exit(code)
