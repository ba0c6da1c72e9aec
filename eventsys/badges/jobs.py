"""Background print runs: the web's "print badges" goes through eventsys.jobs (RQ or inline)."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from eventsys.accounts.models import User
from eventsys.badges import services
from eventsys.db import db
from eventsys.events.models import Event
from eventsys.jobs.services import report_progress


def output_path(job_id: str) -> Path:
    folder = Path(current_app.config["STORAGE_PATH"]) / "badges"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{job_id}.pdf"


def print_badges_job(
    job_id: str,
    event_id: int,
    user_id: int | None,
    selection: dict,
    layout: str | None,
    scope: str,
    ip: str | None = None,  # where the run was asked from, for the audit log (RQ runs outside the request)
) -> dict:
    event = db.session.get(Event, event_id)
    user = db.session.get(User, user_id) if user_id else None
    report_progress(job_id, 2, "selecting")
    registrations = services.select_registrations(
        event,
        services.Selection(
            categories=tuple(selection.get("categories") or ()),
            status=selection.get("status", "confirmed"),
            only_unprinted=bool(selection.get("only_unprinted")),
            search=selection.get("search", ""),
            registration_ids=tuple(selection.get("registration_ids") or ()),
        ),
    )

    def progress(done: int, total: int) -> None:
        report_progress(job_id, 5 + int(90 * done / total), "rendering")

    pdf, run = services.print_badges(
        event, registrations, layout_name=layout, user=user, scope=scope, progress=progress, ip=ip
    )
    report_progress(job_id, 98, "saving")
    output_path(job_id).write_bytes(pdf)
    return {
        "badges": run.badge_count,
        "reprints": run.reprint_count,
        "print_id": run.id,
        "layout": run.layout,
        "bytes": len(pdf),
    }
