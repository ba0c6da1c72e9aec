"""After a run: does the database agree with what the clients were told? (issue 18, point 6)

Each check returns counts; run.py fails the run when any of the violation counts is not 0.
`told` is what the locust users recorded (locustfile.record): one dict per answer.
"""

from __future__ import annotations

import http.client
import urllib.parse
from collections import Counter

import sqlalchemy as sa


def registration(engine: sa.Engine, seeded: dict, told: list[dict]) -> dict:
    """Every 201 has its row with the status the client was told; no seat oversold; no address twice."""
    answers = {r["id"]: r["status"] for r in told if r["kind"] == "registration"}
    with engine.connect() as conn:
        rows = dict(
            conn.execute(
                sa.text("SELECT id, status FROM registrations WHERE event_id = :event"), {"event": seeded["event_id"]}
            ).all()
        )
        twice = conn.execute(
            sa.text(
                "SELECT count(*) FROM (SELECT email FROM registrations WHERE event_id = :event "
                "GROUP BY email HAVING count(*) > 1) AS twice"
            ),
            {"event": seeded["event_id"]},
        ).scalar_one()
    by_status = Counter(status.lower() for status in rows.values())
    capacity = seeded["capacity"]
    return {
        "told_created": len(answers),
        "database_rows": len(rows),
        "database_by_status": dict(by_status),
        "capacity": capacity,
        "capacity_reached": capacity is not None and by_status["confirmed"] >= capacity,
        "missing_rows": sum(1 for i in answers if i not in rows),
        "status_mismatch": sum(1 for i, s in answers.items() if i in rows and rows[i].lower() != s),
        "oversold": max(0, by_status["confirmed"] - capacity) if capacity is not None else 0,
        "duplicates": twice,
        # Rows no client heard of (a request cut off by the end of the run): not a fault.
        "rows_not_told": sum(1 for i in rows if i not in answers),
    }


# What run.py (and summit.py) count as the database disagreeing with the clients.
VIOLATIONS = frozenset(
    {
        "missing_rows",
        "status_mismatch",
        "oversold",
        "duplicates",
        "lost_checkins",
        "double_counted",
        "wrong_rescans",
        "stale_after_publish",
    }
)


def list_checkins(conn, event_id: int, list_key: str) -> tuple[int | None, Counter]:
    """A check-in list's id, and how many check-in rows each registration has on it."""
    list_id = conn.execute(
        sa.text("SELECT id FROM checkin_lists WHERE event_id = :event AND key = :key"),
        {"event": event_id, "key": list_key},
    ).scalar_one_or_none()
    rows = Counter(
        conn.execute(sa.text("SELECT registration_id FROM checkins WHERE list_id = :list"), {"list": list_id})
        .scalars()
        .all()
    )
    return list_id, rows


def door(engine: sa.Engine, seeded: dict, told: list[dict]) -> dict:
    """Every "checked in" has its check-in row, each person is in once per list, a repeated scan
    was answered "already checked in", and every answered scan was recorded."""
    ids = seeded["registration_ids"]
    scans = [r for r in told if r["kind"] == "scan"]
    checked_in = Counter(ids[r["code"]] for r in scans if r["result"] == "checked_in")
    with engine.connect() as conn:
        _, rows = list_checkins(conn, seeded["event_id"], seeded["day_list"])
        scan_rows = conn.execute(
            sa.text("SELECT count(*) FROM checkin_scans WHERE event_id = :event"), {"event": seeded["event_id"]}
        ).scalar_one()
    answered = sum(1 for r in scans if r["status"] in (200, 201))
    return {
        "scans_answered": answered,
        "scans_refused_or_failed": len(scans) - answered,
        "told_checked_in": len(checked_in),
        "database_checkins": sum(rows.values()),
        "rescans": sum(1 for r in scans if r["rescan"]),
        "lost_checkins": sum(1 for rid in checked_in if rid not in rows),
        "duplicates": sum(n - 1 for n in rows.values() if n > 1),
        "double_counted": sum(n - 1 for n in checked_in.values() if n > 1),
        "wrong_rescans": sum(1 for r in scans if r["rescan"] and r["result"] != "already_checked_in"),
        "scan_rows": scan_rows,
        "missing_scans": max(0, answered - scan_rows),
    }


def browsing(engine: sa.Engine, seeded: dict, told: list[dict]) -> dict:
    return {}


CHECKS = {"registration": registration, "door": door, "browsing": browsing}


def changed_after_publish(server, host: str, seeded: dict) -> int:
    """Publish a change to one session, then read its pages from every worker (with the ETag a
    browser kept): how many answers still showed the old agenda. Cached pages must never be stale."""
    from pathlib import Path

    slug, session_id = seeded["slug"], seeded["session_ids"][0]
    paths = [f"/events/{slug}/agenda", f"/events/{slug}/sessions/{session_id}", f"/events/{slug}/agenda.ics"]
    etags = {path: _get(host, path)[1] for path in paths}
    title = server.run_python(Path(__file__).with_name("seed.py"), "change", slug, str(session_id), "-").strip()
    stale = 0
    for _ in range(max(4, server.workers * 3)):
        for path in paths:
            body, _etag = _get(host, path, etags[path])
            stale += title not in body
    return stale


def _get(host: str, path: str, etag: str | None = None) -> tuple[str, str | None]:
    parts = urllib.parse.urlsplit(host)
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=10)
    try:
        conn.request("GET", path, headers={"If-None-Match": etag} if etag else {})
        response = conn.getresponse()
        return response.read().decode("utf-8", "replace"), response.getheader("ETag")
    finally:
        conn.close()
