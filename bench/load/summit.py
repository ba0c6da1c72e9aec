"""A 20,000-delegate summit replayed against two app servers (issue 18, point 8).

    .venv/bin/python bench/load/summit.py [--scale S] [--speed X] [--workers W] [--registrants N]
                                          [--doors D] [--attendance A1,A2,A3] [--rescan-share R]
                                          [--browse-per-delegate-hour P] [--seed N]

Two gunicorn servers (`-c gunicorn.conf.py`, W workers each) on two ports of this machine, one
fresh PostgreSQL database and one Redis database (14; LOAD_REDIS_URL to change), as
tests/ops/test_two_servers.py sets them up; locust users spread over both servers. Phases:

  registration_wave  20,000 registrations (x scale) over 10 simulated minutes, most in the first
                     minutes, through the registration mix's API with event and agenda page views;
  door_day_1..3      each morning at 20 doors: most of the day's delegates within 45 minutes, every
                     one scanned once on the day's list, some again at another door;
  browsing           home, event, agenda, session pages and .ics throughout every phase.

Time runs `--speed` times faster than the summit's (nights and the rest of each day skipped).
Prints the figures of each phase and overall, checks the database against what the clients were
told, writes bench/results/summit.json (bench/load/README.md, "Summit simulation"). Exit status 0
when the database agrees with the clients.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))
# This bench's own Redis database (queued mail, rate-limit counters); emptied at the end.
os.environ.setdefault("LOAD_REDIS_URL", "redis://127.0.0.1:6379/14")

import sqlalchemy as sa
import summit_plan as plan
import summit_report as report
from checks import VIOLATIONS as LOAD_VIOLATIONS
from checks import changed_after_publish
from checks import registration as registration_check
from locust_client import locust_command
from summit_servers import backlog, cpu_seconds, start_rq_workers, stop_rq_workers, two_servers

DELEGATES = 20_000
PORTS = range(int(os.environ.get("SUMMIT_PORT_FIRST", "18200")), int(os.environ.get("SUMMIT_PORT_LAST", "18299")) + 1)
# run.py's, and what only a summit can get wrong.
VIOLATIONS = LOAD_VIOLATIONS | {"missing_scans", "not_checked_in", "checked_in_but_absent", "unanswered"}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the 20,000 delegates (0.05: 1,000)")
    parser.add_argument(
        "--speed", type=float, default=40, help="simulated seconds per wall second (default 40: 10 min in 15 s)"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers of each app server")
    parser.add_argument("--registrants", type=int, default=24, help="registrations in flight at most")
    parser.add_argument("--doors", type=int, default=20, help="doors, each a scanner with its own token")
    parser.add_argument(
        "--attendance", default="0.9,0.85,0.75", help="share of the registered delegates at the doors each day"
    )
    parser.add_argument("--rescan-share", type=float, default=0.03, help="arrivals scanned again at another door")
    parser.add_argument("--oversubscribe", type=float, default=0.02, help="registrations beyond the seats (waitlisted)")
    parser.add_argument(
        "--browse-per-delegate-hour",
        type=float,
        default=0.1,
        help="public pages each delegate opens per simulated hour, throughout",
    )
    parser.add_argument(
        "--rq-workers", type=int, default=0, help="RQ workers delivering the registrations' mail (default 0: queued)"
    )
    parser.add_argument("--seed", type=int, default=18, help="the random plan's seed (same seed, same summit)")
    args = parser.parse_args()
    args.delegates = max(20, round(DELEGATES * args.scale))
    args.days = [float(share) for share in args.attendance.split(",")]
    return args


# --- running a phase -------------------------------------------------------------------------------


def browsers(args) -> tuple[int, float]:
    """(users, pages/s each) that open the phase's share of public pages at this speed."""
    per_s = args.delegates * args.browse_per_delegate_hour / 3600 * args.speed
    users = max(1, math.ceil(per_s / 4))
    return users, per_s / users


def run_phase(args, name: str, phase_plan: dict, hosts: list[str], files: dict, servers, items: int) -> dict:
    """One locust run: the phase's scheduled users and the browsers, until every item is answered."""
    plan_file = files["work"] / f"{name}.json"
    plan_file.write_text(json.dumps(phase_plan))
    scheduled = "Registrant" if name == "registration_wave" else "Door"
    count = args.registrants if scheduled == "Registrant" else args.doors
    browsing_users, browse_rate = browsers(args)
    # A bound, not the expected length: the phase ends with its last answer.
    bound = int(phase_plan["span_s"] / args.speed + items / 5 + 120)
    command = locust_command(
        HERE / "summit_locustfile.py",
        scheduled,
        users=count + browsing_users,
        spawn_rate=None,
        duration=bound,
        host=hosts[0],  # each user then picks its own server (summit_locustfile.SummitUser)
    )
    command.append("Browser")  # a second user class, after the first
    env = {
        **os.environ,
        "LOAD_SEED": str(files["seed"]),
        "LOAD_RECORDS": str(files["records"]),
        "SUMMIT_PLAN": str(plan_file),
        "SUMMIT_PHASE": name,
        "SUMMIT_HOSTS": ",".join(hosts),
        "SUMMIT_SPEED": str(args.speed),
        "SUMMIT_REGISTRANTS": str(args.registrants),
        "SUMMIT_BROWSERS": str(browsing_users),
        "SUMMIT_BROWSE_RATE": str(browse_rate),
    }
    cpu_before = cpu_seconds(servers)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"{name}: {items} planned, {phase_plan['span_s'] / args.speed:.0f} s of wall time at speed {args.speed}")
    subprocess.run(command, env=env, cwd=ROOT, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_after = cpu_seconds(servers)
    recorded = [json.loads(p.read_text()) for p in files["records"].glob(f"{name}-*.json")]
    return {
        "times": [tuple(t) for r in recorded for t in r["times"]],
        "told": [t for r in recorded for t in r["told"]],
        "planned": items,
        "answered": sum(r["answered"] for r in recorded),
        "wall_start": min((r["wall_start"] for r in recorded), default=time.time()),
        "cpu": {part: cpu_after[part] - cpu_before[part] for part in cpu_before},
        "locust_cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "plan_peak_per_s": phase_plan["peak_per_s"],
        "plan_real_peak_per_s": phase_plan["real_peak_per_s"],
        "plan_wall_s": phase_plan["span_s"] / args.speed,
    }


def phase_figures(run: dict, figure_name: str, wanted: str) -> dict:
    """run.py's figures for one phase, its own figure (registrations or scans) and how it kept the plan."""
    times = run["times"]
    end = max((t[3] for t in times), default=run["wall_start"])
    wall_s = max(0.001, end - run["wall_start"])
    own = [t for t in times if t[0] == wanted and t[5] != "browsing"]
    return {
        **report.summary(times, wall_s, run["cpu"], run["locust_cpu_s"]),
        figure_name: report.figures(own, wall_s)["rps"],
        "figure": report.figure(figure_name, own, wall_s),
        "plan": {
            "items": run["planned"],
            "answered": run["answered"],
            "wall_s": round(run["plan_wall_s"], 1),
            "peak_per_s": run["plan_peak_per_s"],
            "real_time_peak_per_s": run["plan_real_peak_per_s"],
            "late": report.lateness(run["told"]),
        },
        "cpu_seconds": {part: round(seconds, 2) for part, seconds in run["cpu"].items()},
        "after": run["after"],
    }


# --- the summit ------------------------------------------------------------------------------------


def registration_plan(args, rng: random.Random) -> dict:
    attempts = round(args.delegates * (1 + args.oversubscribe))
    times = plan.wave_times(attempts, rng)
    return {
        "registrations": times,
        "span_s": plan.REGISTRATION_WAVE_S,
        "peak_per_s": plan.peak_per_s(times, args.speed),
        "real_peak_per_s": plan.peak_per_s(times, 1, window_s=60),
    }


def door_plan(args, rng: random.Random, confirmed: int, day: int, day_key: str) -> dict:
    queues = plan.door_day(confirmed, args.days[day], args.doors, args.rescan_share, rng)
    times = [item[0] for queue in queues for item in queue]
    return {
        "list": day_key,
        "doors": queues,
        "span_s": plan.DOOR_WINDOW_S,
        "peak_per_s": plan.peak_per_s(times, args.speed),
        "real_peak_per_s": plan.peak_per_s(times, 1, window_s=60),
    }


def seed(server, *args: str) -> None:
    try:
        server.run_python(HERE / "summit_seed.py", *args)
    except subprocess.CalledProcessError as failed:
        raise RuntimeError(f"summit_seed.py {args[0]} failed:\n{failed.stderr[-3000:]}") from failed


def summit(args, servers, files: dict) -> dict:
    """Every phase in order; what each told and measured, and the database's checks."""
    first = servers[0]
    slug = f"summit-{uuid.uuid4().hex[:6]}"
    rng = random.Random(args.seed)
    seed(first, "event", slug, str(args.delegates), str(args.doors), str(files["seed"]))
    hosts = [server.start_on(PORTS, files["ports"]) for server in servers]
    for server in servers:
        server.warm_up(f"/events/{slug}")
    seeded = json.loads(files["seed"].read_text())
    engine = sa.create_engine(first.database_url)
    phases, checks = {}, {}
    workers = start_rq_workers(first, args.rq_workers)
    args.rq_started_at = time.time()
    try:
        wave = registration_plan(args, rng)
        run = run_phase(args, "registration_wave", wave, hosts, files, servers, len(wave["registrations"]))
        phases["registration_wave"] = run
        run["after"] = backlog(engine, seeded["event_id"])
        checks["registration"] = registration_check(engine, seeded, run["told"])
        checks["registration"]["unanswered"] = run["planned"] - run["answered"]
        started = time.monotonic()
        seed(first, "badges", slug, str(files["work"] / "badges.json"))
        badges = json.loads((files["work"] / "badges.json").read_text())
        seeded.update(badges)
        files["seed"].write_text(json.dumps(seeded))
        checks["badges"] = {
            "printed": len(badges["codes"]),
            "seconds": round(time.monotonic() - started, 1),
        }
        for day, date in enumerate(seeded["days"][: len(args.days)]):
            name, key = f"door_day_{day + 1}", f"day-{date}"
            day_plan = door_plan(args, rng, len(badges["codes"]), day, key)
            items = sum(len(queue) for queue in day_plan["doors"])
            run = run_phase(args, name, day_plan, hosts, files, servers, items)
            phases[name] = run
            run["after"] = backlog(engine, seeded["event_id"])
            planned = {item[1] for queue in day_plan["doors"] for item in queue}
            checks[name] = report.door_day(
                engine, seeded["event_id"], key, badges["registration_ids"], run["told"], planned
            )
            checks[name]["scans_planned"] = items
            checks[name]["unanswered"] = items - run["answered"]
        checks["browsing"] = {
            "stale_after_publish": sum(changed_after_publish(server, server.host, seeded) for server in servers)
        }
    finally:
        stop_rq_workers(workers)
        engine.dispose()
    return {"slug": slug, "hosts": hosts, "phases": phases, "checks": checks}


def sizing_inputs(args, runs: dict) -> dict:
    """What the README's sizing table is computed from (bench/load/summit_sizing.py): the CPU one
    registration (with its page views, and the browsing beside it) and one scan cost the app servers
    and the database, the peaks a summit asks for in real time per 1,000 delegates (the plan's busiest
    minute), and the database connections the servers held."""
    wave = runs["registration_wave"]
    doors = [run for name, run in runs.items() if name.startswith("door_day")]
    registrations = sum(1 for r in wave["told"] if r["kind"] == "registration") or 1
    scans = sum(1 for run in doors for r in run["told"] if r["kind"] == "scan" and r["status"] in (200, 201)) or 1
    per_1000 = 1000 / args.delegates
    return {
        "app_cpu_ms_per_registration": round(wave["cpu"]["app"] * 1000 / registrations, 2),
        "db_cpu_ms_per_registration": round(wave["cpu"]["db"] * 1000 / registrations, 2),
        "app_cpu_ms_per_scan": round(sum(run["cpu"]["app"] for run in doors) * 1000 / scans, 2),
        "db_cpu_ms_per_scan": round(sum(run["cpu"]["db"] for run in doors) * 1000 / scans, 2),
        "peak_registrations_per_s_per_1000_delegates": round(wave["plan_real_peak_per_s"] * per_1000, 3),
        "peak_scans_per_s_per_1000_delegates": round(max(run["plan_real_peak_per_s"] for run in doors) * per_1000, 3),
        "app_servers": 2,
        "gunicorn_workers_per_server": args.workers,
        "rq_workers": args.rq_workers,
        "database_connections_seen": max(run["after"]["database_connections"] for run in runs.values()),
        **mail_rate(args, runs),
    }


def mail_rate(args, runs: dict) -> dict:
    """With RQ workers: the mails they delivered per second and worker, from their start to the end
    of the last phase that still left mail queued (to the first that left none, if the queue
    emptied: then the figure is a lower bound, `rq_kept_up`)."""
    if not args.rq_workers:
        return {}
    ends = [run["after"] for run in runs.values()]
    busy = [end for end in ends if end["mails"].get("queued")]
    last = busy[-1] if busy else ends[0]
    elapsed = max(0.001, last["at"] - args.rq_started_at)
    return {
        "rq_mails_per_s_per_worker": round(last["mails"].get("sent", 0) / elapsed / args.rq_workers, 2),
        "rq_kept_up": len(busy) < len(ends),
        "rq_database_connections_seen": max(end["rq_database_connections"] for end in ends),
    }


def result_of(args, outcome: dict, started_at: dt.datetime, elapsed: float, servers) -> dict:
    runs = outcome["phases"]
    phases = {}
    for name, run in runs.items():
        figure_name, wanted = (
            ("registrations_per_s", report.REGISTRATION)
            if name == "registration_wave"
            else ("scans_per_s", report.SCAN)
        )
        phases[name] = phase_figures(run, figure_name, wanted)
    all_times = [t for run in runs.values() for t in run["times"]]
    load_wall = sum(phases[name]["wall_s"] for name in phases)
    browsing = [t for t in all_times if t[5] == "browsing"]
    pages = [t for t in browsing if t[0] in report.AGENDA_PAGES]
    phases["browsing"] = {
        **report.summary(browsing, load_wall, None, 0),
        "agenda_pages_per_s": report.figures(pages, load_wall)["rps"],
        "figure": report.figure("agenda_pages_per_s", pages, load_wall),
    }
    cpu = {part: sum(run["cpu"][part] for run in runs.values()) for part in ("app", "db")}
    locust_cpu = sum(run["locust_cpu_s"] for run in runs.values())
    violations = sorted(
        f"{check}.{key}"
        for check, values in outcome["checks"].items()
        for key, value in values.items()
        if key in VIOLATIONS and value
    )
    return {
        "simulation": "summit",
        "sizing_inputs": sizing_inputs(args, runs),
        "measured_at": started_at.isoformat(timespec="seconds"),
        "wall_time_s": round(elapsed),
        "options": {
            "delegates": args.delegates,
            "scale": args.scale,
            "speed": args.speed,
            "workers_per_server": args.workers,
            "registrants": args.registrants,
            "doors": args.doors,
            "attendance": args.days,
            "rescan_share": args.rescan_share,
            "oversubscribe": args.oversubscribe,
            "browse_per_delegate_hour": args.browse_per_delegate_hour,
            "rq_workers": args.rq_workers,
            "seed": args.seed,
        },
        "servers": [f"{host}: gunicorn -c gunicorn.conf.py -w {args.workers} (sync)" for host in outcome["hosts"]]
        + ["one PostgreSQL database, one Redis database (mail queued to RQ, no worker)"],
        "phases": phases,
        "overall": report.summary(all_times, load_wall, cpu, locust_cpu),
        "correctness": outcome["checks"],
        "correct": not violations,
        "violations": violations,
        "load_generator": "locust 1 process per phase, FastHttpUser, on the same machine",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load": os.getloadavg()},
    }


def print_summary(result: dict) -> None:
    print(f"\nsummit of {result['options']['delegates']} delegates at speed {result['options']['speed']}:")
    for name, phase in result["phases"].items():
        own = phase["figure"]
        plan_part = phase.get("plan")
        kept = (
            f", plan asked peak {plan_part['peak_per_s']}/s, late p95 {plan_part['late']['p95_s']} s"
            if plan_part
            else ""
        )
        print(
            f"  {name:18} {own['name']} {own['rps']} (peak {own['peak_per_s']}), p50/p95/p99 "
            f"{own['p50_ms']}/{own['p95_ms']}/{own['p99_ms']} ms; {phase['requests']} requests, "
            f"{phase['errors']} errors in {phase['wall_s']} s{kept}"
        )
    overall = result["overall"]
    print(
        f"  {'overall':18} {overall['rps']} requests/s, p50/p95/p99 {overall['p50_ms']}/{overall['p95_ms']}/"
        f"{overall['p99_ms']} ms, {overall['errors']} errors of {overall['requests']}; "
        f"cpu ms/request {overall['cpu_ms_per_request']}"
    )
    print("  correct" if result["correct"] else "  VIOLATED: " + ", ".join(result["violations"]))


def main() -> int:
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="eventsys-summit-"))
    files = {"work": work, "records": work / "records", "seed": work / "seed.json", "ports": set()}
    files["records"].mkdir()
    servers = two_servers(args.workers)
    started_at, started = dt.datetime.now(dt.UTC), time.monotonic()
    try:
        servers[0].create_database()
        outcome = summit(args, servers, files)
    finally:
        for server in reversed(servers):
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    result = result_of(args, outcome, started_at, time.monotonic() - started, servers)
    print(json.dumps({k: v for k, v in result.items() if k != "phases"}, indent=2))
    out = ROOT / "bench" / "results" / "summit.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print_summary(result)
    print(f"({result['wall_time_s']} s in all; written to {out.relative_to(ROOT)})")
    return 0 if result["correct"] else 1


if __name__ == "__main__":
    sys.exit(main())
