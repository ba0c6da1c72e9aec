"""Figures and checks of the summit simulation (bench/load/summit.py).

Figures come from every request's time as locust measured it (its `request` event, written by
summit_locustfile.py), so that phases can be added up exactly: count, failures, rate over the
phase's wall time, p50/p95/p99 (nearest rank), by request name and by app server.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import sqlalchemy as sa
from checks import list_checkins
from server import cpu_ms_per_request

REGISTRATION = "POST /api/v1/events/[slug]/registrations"
SCAN = "POST /api/v1/events/[slug]/checkins"
AGENDA_PAGES = {"/events/[slug]/agenda", "/events/[slug]/sessions/[id]", "/events/[slug]/agenda.ics"}
GOALS = {"registrations_per_s": {"per_s": 300, "p99_ms": 150}, "scans_per_s": {"per_s": 500, "p99_ms": 20}}
GOALS["agenda_pages_per_s"] = {"per_s": 500, "p99_ms": None}


def percentile(ordered: list[float], share: float) -> float | None:
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def figures(times: list[tuple], wall_s: float) -> dict:
    """Requests, failures, rate and percentiles of `times` ((name, ms, failed, at, server, kind))."""
    ordered = sorted(t[1] for t in times)
    return {
        "requests": len(times),
        "failures": sum(1 for t in times if t[2]),
        "rps": round(len(times) / wall_s, 1) if wall_s else 0.0,
        "p50_ms": percentile(ordered, 0.50),
        "p95_ms": percentile(ordered, 0.95),
        "p99_ms": percentile(ordered, 0.99),
    }


def peak_per_s(times: list[tuple], window_s: float = 10) -> float:
    """The busiest `window_s` seconds of the phase (or the whole of a shorter one), as a rate of
    answered requests."""
    moments = sorted(t[3] for t in times)
    if not moments:
        return 0.0
    window_s = max(0.001, min(window_s, moments[-1] - moments[0]))
    best, left = 0, 0
    for right, moment in enumerate(moments):
        while moment - moments[left] >= window_s:
            left += 1
        best = max(best, right - left + 1)
    return round(best / window_s, 1)


def lateness(told: list[dict]) -> dict:
    """How far behind the plan items were sent (seconds of wall time): 0 when the servers kept up."""
    late = sorted(r["late"] for r in told if "late" in r)
    if not late:
        return {"p50_s": None, "p95_s": None, "max_s": None}
    return {
        "p50_s": round(percentile(late, 0.5), 2),
        "p95_s": round(percentile(late, 0.95), 2),
        "max_s": round(late[-1], 2),
    }


def figure(name: str, times: list[tuple], wall_s: float) -> dict:
    own = figures(times, wall_s)
    goal = GOALS[name]
    met = own["rps"] >= goal["per_s"] and (goal["p99_ms"] is None or (own["p99_ms"] or 1e9) < goal["p99_ms"])
    return {"name": name, **own, "peak_per_s": peak_per_s(times), "goal_of_one_machine": goal, "goal_met": met}


def summary(times: list[tuple], wall_s: float, cpu: dict | None, locust_cpu_s: float) -> dict:
    """run.py's figures for a set of requests: all of them, each request name, each app server."""
    overall = figures(times, wall_s)
    by_name, by_server = defaultdict(list), defaultdict(list)
    for t in times:
        by_name[t[0]].append(t)
        by_server[t[4]].append(t)
    return {
        "wall_s": round(wall_s, 1),
        "requests": overall["requests"],
        "rps": overall["rps"],
        "p50_ms": overall["p50_ms"],
        "p95_ms": overall["p95_ms"],
        "p99_ms": overall["p99_ms"],
        "errors": overall["failures"],
        "by_request": {name: figures(rows, wall_s) for name, rows in sorted(by_name.items())},
        "by_server": {name: figures(rows, wall_s) for name, rows in sorted(by_server.items())},
        "cpu_ms_per_request": None if cpu is None else cpu_ms_per_request(cpu, locust_cpu_s, overall["requests"]),
    }


def door_day(engine: sa.Engine, event_id: int, list_key: str, ids: list[int], told: list[dict], planned: set) -> dict:
    """One day at the doors against the database: every delegate told "checked in" has the day's
    row, nobody has two (each delegate at most one check-in a day), nobody was told "checked in"
    twice, every repeat was told "already checked in", every answered scan has its scan row, and
    nobody who did not come that day is checked in."""
    scans = [r for r in told if r["kind"] == "scan"]
    checked_in = Counter(ids[r["delegate"]] for r in scans if r["result"] == "checked_in")
    answered_first = {ids[r["delegate"]] for r in scans if not r["rescan"] and r["result"] is not None}
    with engine.connect() as conn:
        list_id, rows = list_checkins(conn, event_id, list_key)
        scan_rows = conn.execute(
            sa.text("SELECT count(*) FROM checkin_scans WHERE list_id = :list"), {"list": list_id}
        ).scalar_one()
    answered = sum(1 for r in scans if r["status"] in (200, 201))
    attending = {ids[d] for d in planned}
    return {
        "list": list_key,
        "delegates_planned": len(planned),
        "scans_answered": answered,
        "scans_refused_or_failed": len(scans) - answered,
        "rescans": sum(1 for r in scans if r["rescan"]),
        "told_checked_in": len(checked_in),
        "database_checkins": sum(rows.values()),
        "lost_checkins": sum(1 for rid in checked_in if rid not in rows),
        "duplicates": sum(n - 1 for n in rows.values() if n > 1),
        "double_counted": sum(n - 1 for n in checked_in.values() if n > 1),
        "wrong_rescans": sum(1 for r in scans if r["rescan"] and r["result"] != r["expected"]),
        "scan_rows": scan_rows,
        "missing_scans": max(0, answered - scan_rows),
        "not_checked_in": sum(1 for rid in answered_first if rid not in rows),
        "checked_in_but_absent": sum(1 for rid in rows if rid not in attending),
    }
