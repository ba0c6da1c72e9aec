"""eventsys side by side with pretix: the same two hot paths, the same clients, in the same run.

    .venv/bin/python bench/peers/pretix.py [--duration 30] [--users 24] [--door-users 12]
        [--spawn-rate R] [--workers W] [--venv PATH] [--tickets N] [--keep] [--pretix-only]

Installs pretix (the newest release on PyPI) with gunicorn in its own virtualenv outside the
project's requirements (bench/peers/.pretix-venv, reused when present; --upgrade-pretix to take a
newer release), migrates a fresh PostgreSQL database (the migrated schema of each pretix version is
cached in bench/peers/.pretix-data, so later runs skip the 2-minute migration), and uses Redis
database 14 as its cache (sessions, locks); no Celery broker is configured, so pretix runs its tasks
inline in the request, as it does in its default set-up. pretix_setup.py then creates an organizer,
an event, a free ticket under a quota, a check-in list, a team API token and a pool of paid tickets;
gunicorn serves pretix with the same sync workers as eventsys' bench (2 per core by default).

Then, alternating so that both see the same machine: pretix's order creation, eventsys' registration
mix (bench/load/run.py registration), pretix's check-in redeem, eventsys' door mix (bench/load/run.py
door); the same locust settings for both (FastHttpUser, no wait, users, spawn rate, duration).
Prints a table, checks pretix's database against its clients' answers, writes
bench/results/peers-pretix.json, stops gunicorn and drops the database (unless --keep).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # this file is not the pretix package
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent / "load"))  # the locust command line eventsys' mixes use

from locust_client import locust_command
from pretix_report import combine, markdown_lines, print_table
from pretix_server import PretixServer

BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "results"
LOCUSTFILE = HERE / "pretix_locust.py"
USER_CLASSES = {"registration": "PretixRegistration", "door": "PretixDoor"}
REQUEST_NAMES = {
    "registration": "POST /api/v1/organizers/[org]/events/[event]/orders/",
    "door": "POST /api/v1/organizers/[org]/checkinrpc/redeem/",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds of load per mix and system")
    parser.add_argument("--users", type=int, default=24, help="registration: concurrent users (bench/load's default)")
    parser.add_argument("--door-users", type=int, default=12, help="door: scanners (bench/load's default)")
    parser.add_argument("--spawn-rate", type=float, help="users started per second (default: all in 1 s)")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn workers, both")
    parser.add_argument("--venv", type=Path, default=HERE / ".pretix-venv", help="pretix's virtualenv")
    parser.add_argument("--upgrade-pretix", action="store_true", help="install pretix's newest release first")
    parser.add_argument("--tickets", type=int, help="paid tickets for the door (default 500 per second of load)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14", help="pretix's cache (flushed)")
    parser.add_argument(
        "--celery",
        nargs="?",
        const="redis://127.0.0.1:6379/15",
        help="run pretix's tasks on one Celery worker with this Redis broker (default db 15) instead of inline",
    )
    parser.add_argument("--keep", action="store_true", help="keep pretix's database and leave its name")
    parser.add_argument("--pretix-only", action="store_true", help="measure pretix only (no bench/load/run.py)")
    return parser.parse_args()


def run_pretix_mix(mix: str, args, server: PretixServer, work: Path) -> dict:
    users = args.users if mix == "registration" else args.door_users
    out = work / f"locust-{mix}.json"
    command = locust_command(
        LOCUSTFILE, USER_CLASSES[mix], users=users, spawn_rate=args.spawn_rate, duration=args.duration, host=server.host
    )
    env = {**os.environ, "PRETIX_BENCH_SETUP": str(server.setup_file), "PRETIX_BENCH_OUT": str(out)}
    env["PRETIX_BENCH_DOOR_SECRETS"] = str(server.door_secrets())
    load_before = os.getloadavg()[0]
    subprocess.run(command, env=env, cwd=ROOT, check=False, stdout=subprocess.DEVNULL)
    told = json.loads(out.read_text())
    figure = told["by_request"].get(REQUEST_NAMES[mix], {})
    return {
        "mix": mix,
        "users": users,
        "duration_s": args.duration,
        "requests": figure.get("requests", 0),
        "rps": figure.get("rps", 0.0),
        "p50_ms": figure.get("p50_ms"),
        "p95_ms": figure.get("p95_ms"),
        "p99_ms": figure.get("p99_ms"),
        "errors": figure.get("failures", 0),
        ("registrations_per_s" if mix == "registration" else "scans_per_s"): figure.get("rps", 0.0),
        "answers": told["answers"],
        "error_samples": told["errors"],
        "load_average_before": round(load_before, 2),
    }


def run_eventsys_mix(mix: str, args) -> dict:
    users = args.users if mix == "registration" else args.door_users
    command = [str(BIN / "python"), "bench/load/run.py", mix, "--users", str(users), "--duration", str(args.duration)]
    command += ["--spawn-rate", str(args.spawn_rate or users), "--workers", str(args.workers)]
    load_before = os.getloadavg()[0]
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    done = subprocess.run(command, cwd=ROOT, check=False, capture_output=True, text=True)
    path = RESULTS / f"load-{mix}.json"
    written = json.loads(path.read_text()) if path.exists() else {}
    # another run of bench/load may write the same file: only a result measured since this call counts
    if (
        written.get("mix") != mix
        or dt.datetime.fromisoformat(written.get("measured_at", "2000-01-01T00:00:00+00:00")) < started
    ):
        raise RuntimeError(f"bench/load/run.py {mix} wrote no result:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    result = json.loads(path.read_text())
    result["exit_code"] = done.returncode
    result["load_average_before"] = round(load_before, 2)
    return result


def correctness(server: PretixServer, pretix: dict) -> dict:
    """pretix's database against what its clients were told (loosely: counts, not row by row).

    An order whose answer locust did not wait for at the end of the run (requests still in flight when
    the clock stops) exists without a 201 told: the orders must lie between the 201s and the sent."""
    counts = server.count()
    orders_told = pretix.get("registration", {}).get("answers", {})
    scans_told = pretix.get("door", {}).get("answers", {})
    told_201, sent = orders_told.get("order 201", 0), orders_told.get("order sent", 0)
    scans_ok = scans_told.get("scan ok", 0)
    unanswered = scans_told.get("scan sent", 0) - sum(n for k, n in scans_told.items() if k != "scan sent")
    door_checkins = counts["successful_checkins"] - server.warm_up_checkins
    counts.update(
        {
            "orders_told_201": told_201,
            "orders_sent": sent,
            "every_201_has_its_order": told_201 <= counts["api_orders"] <= sent,
            "all_api_orders_paid": counts["api_orders_paid"] == counts["api_orders"],
            "not_oversold": counts["quota_positions"] <= counts["quota_size"],
            "scans_told_ok": scans_ok,
            "scans_unanswered": unanswered,
            "warm_up_checkins": server.warm_up_checkins,
            "every_ok_has_its_checkin": scans_ok <= door_checkins <= scans_ok + unanswered,
            "no_double_checkin": counts["positions_checked_in_twice"] == 0,
        }
    )
    verdicts = ("every_201_has", "all_api", "not_oversold", "every_ok_has", "no_double")
    counts["correct"] = all(v for k, v in counts.items() if k.startswith(verdicts))
    return counts


def main() -> int:
    args = parse_args()
    started = time.monotonic()
    work = HERE / ".pretix-data" / f"run-{uuid.uuid4().hex[:6]}"
    work.mkdir(parents=True)
    tickets = args.tickets or max(2000, 500 * args.duration)
    server = PretixServer(
        venv=args.venv,
        data=HERE / ".pretix-data",
        work=work,
        redis=args.redis,
        workers=args.workers,
        celery=args.celery,
    )
    pretix: dict[str, dict] = {}
    eventsys: dict[str, dict] = {}
    timings: dict[str, float] = {}
    try:
        step = time.monotonic()
        server.install(upgrade=args.upgrade_pretix)
        timings["install_s"] = time.monotonic() - step
        step = time.monotonic()
        server.create_database()
        server.set_up(tickets)
        server.start()
        server.warm_up()
        timings["setup_s"] = time.monotonic() - step
        for mix in ("registration", "door"):
            print(f"pretix {server.version}: {mix} ...", flush=True)
            pretix[mix] = run_pretix_mix(mix, args, server, work)
            if not args.pretix_only:
                print(f"eventsys: {mix} ...", flush=True)
                eventsys[mix] = run_eventsys_mix(mix, args)
        checks = correctness(server, pretix)
    finally:
        server.stop(keep=args.keep)
    timings["total_s"] = time.monotonic() - started
    result = combine(args, server, pretix, eventsys, checks, timings)
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(), "load": os.getloadavg()}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "peers-pretix.json").write_text(json.dumps(result, indent=2) + "\n")
    print_table(result)
    print("\nREADME lines:\n" + "\n".join(markdown_lines(result)))
    print(f"\n({timings['total_s']:.0f} s in all; bench/results/peers-pretix.json written)")
    return 0 if checks["correct"] else 1


if __name__ == "__main__":
    sys.exit(main())
