"""The side-by-side figures of bench/peers/pretix.py: the result JSON, the table, the README lines."""

from __future__ import annotations

import datetime as dt
import importlib.metadata

PATHS = {"registration": "registration (order creation)", "door": "door (check-in redeem)"}
FIGURE = {"registration": "registrations_per_s", "door": "scans_per_s"}
GOAL_RATIO = 2.0


def eventsys_figures(result: dict) -> dict:
    """bench/load/run.py's figures of the counted request (the registration or scan POST) when it
    gives them; else its top-level ones, which also cover the page views between."""
    figure = result.get("figure") or {}
    per_s = result.get("registrations_per_s", result.get("scans_per_s"))
    return {
        "per_s": per_s,
        "requests": figure.get("requests", result.get("requests")),
        "p50_ms": figure.get("p50_ms", result.get("p50_ms")),
        "p95_ms": figure.get("p95_ms", result.get("p95_ms")),
        "p99_ms": figure.get("p99_ms", result.get("p99_ms")),
        "errors": figure.get("failures", result.get("errors")),
        "all_requests": {k: result.get(k) for k in ("requests", "rps", "p50_ms", "p95_ms", "p99_ms", "errors")},
        "correct": result.get("correct"),
        "load_average_before": result.get("load_average_before"),
    }


def pretix_figures(result: dict) -> dict:
    keep = ("requests", "p50_ms", "p95_ms", "p99_ms", "errors", "answers", "error_samples", "load_average_before")
    return {"per_s": result[FIGURE[result["mix"]]], **{k: result[k] for k in keep}}


def ratio(numerator, denominator) -> float | None:
    return round(numerator / denominator, 2) if numerator and denominator else None


def combine(args, server, pretix: dict, eventsys: dict, checks: dict, timings: dict) -> dict:
    paths = {}
    for mix in PATHS:
        entry: dict = {"pretix": pretix_figures(pretix[mix])}
        if mix in eventsys:
            entry["eventsys"] = eventsys_figures(eventsys[mix])
            entry["throughput_ratio_eventsys_over_pretix"] = ratio(entry["eventsys"]["per_s"], entry["pretix"]["per_s"])
            entry["p99_ratio_pretix_over_eventsys"] = ratio(entry["pretix"]["p99_ms"], entry["eventsys"]["p99_ms"])
        paths[mix] = entry
    ratios = [p.get("throughput_ratio_eventsys_over_pretix") for p in paths.values()]
    return {
        "benchmark": "peers-pretix",
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "pretix_version": server.version,
        "pretix_server": (
            f"gunicorn -w {args.workers} (sync) pretix.wsgi, PostgreSQL (fresh database), Redis db "
            f"{server.redis.rsplit('/', 1)[-1]} as cache and sessions, "
            + (
                f"tasks on one Celery worker (broker {server.celery})"
                if server.celery
                else "no Celery broker (tasks inline)"
            )
        ),
        "client": {
            "tool": f"locust {importlib.metadata.version('locust')}, FastHttpUser, no wait, one process",
            "registration_users": args.users,
            "door_scanners": args.door_users,
            "spawn_rate": args.spawn_rate or "all users in 1 s",
            "duration_s": args.duration,
        },
        "paths": paths,
        "goal": f"eventsys at least {GOAL_RATIO:g}x pretix's throughput on both paths",
        "goal_met": None if None in ratios else all(r >= GOAL_RATIO for r in ratios),
        "pretix_correctness": checks,
        "eventsys_measured": bool(eventsys),
        "timings_s": {k: round(v, 1) for k, v in timings.items()},
        "notes": [
            "eventsys' registration users also load the event page and, half of them, the agenda between "
            "registrations (bench/load); pretix's users only create orders.",
            "pretix's re-scans are answered HTTP 400 'already_redeemed' (its API's way), counted as correct.",
            "The machine has 2 cores shared by the server, PostgreSQL, Redis and locust (and other work).",
        ],
    }


def _cell(value) -> str:
    return "-" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _latency(figures: dict) -> str:
    return " / ".join(_cell(figures.get(k)) for k in ("p50_ms", "p95_ms", "p99_ms"))


def print_table(result: dict) -> None:
    print(f"\npretix {result['pretix_version']} vs eventsys, {result['client']['duration_s']} s per path")
    header = f"{'path':32} {'system':9} {'per s':>8} {'p50/p95/p99 ms':>20} {'errors':>7}  eventsys/pretix"
    print(header + "\n" + "-" * len(header))
    for mix, label in PATHS.items():
        entry = result["paths"][mix]
        for system in ("eventsys", "pretix"):
            if system in entry:
                f = entry[system]
                tail = f"{_cell(entry.get('throughput_ratio_eventsys_over_pretix'))}x" if system == "eventsys" else ""
                print(f"{label:32} {system:9} {_cell(f['per_s']):>8} {_latency(f):>20} {_cell(f['errors']):>7}  {tail}")
    checks = result["pretix_correctness"]
    print(
        f"\npretix correctness: {checks['api_orders']} orders for {checks['orders_told_201']} answers 201, "
        f"{checks['successful_checkins']} check-ins for {checks['scans_told_ok']} 'ok' scans, "
        f"{checks['positions_checked_in_twice']} tickets in twice: {'correct' if checks['correct'] else 'WRONG'}"
    )


def markdown_lines(result: dict) -> list[str]:
    client = result["client"]
    lines = [
        f"Measured side by side in one run of `bench/peers/pretix.py` ({result['measured_at'][:10]}, pretix "
        f"{result['pretix_version']}): both behind gunicorn with the same sync workers on this 2-core machine "
        f"with PostgreSQL and Redis, locust FastHttpUser without waits, {client['registration_users']} users "
        f"registering, {client['door_scanners']} scanners, {client['duration_s']} s each.",
        "",
        "| hot path | eventsys per s | pretix per s | eventsys ÷ pretix | eventsys p50 / p95 / p99 ms "
        "| pretix p50 / p95 / p99 ms | errors eventsys / pretix |",
        "| --- | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for mix, label in PATHS.items():
        entry = result["paths"][mix]
        mine, theirs = entry.get("eventsys", {}), entry["pretix"]
        times = entry.get("throughput_ratio_eventsys_over_pretix")
        lines.append(
            f"| {label} | {_cell(mine.get('per_s'))} | {_cell(theirs['per_s'])} | "
            f"{'-' if times is None else f'{times:g}x'} | {_latency(mine)} | {_latency(theirs)} | "
            f"{_cell(mine.get('errors'))} / {_cell(theirs['errors'])} |"
        )
    return lines
