"""The background job of the survey's invitation mail (eventsys.jobs: RQ with REDIS_URL, else in
the web process)."""

from __future__ import annotations

from eventsys.db import db
from eventsys.events.models import Event
from eventsys.feedback import invitations
from eventsys.jobs.services import report_progress


def send_invitations_job(job_id: str, event_id: int) -> dict:
    """Queue the invitation of everyone asked and not mailed yet; safe to run again (it continues)."""
    event = db.session.get(Event, event_id)
    if event is None:
        return {"queued": 0, "already": 0}
    report_progress(job_id, 1, "queuing")

    def progress(done: int, total: int) -> None:
        report_progress(job_id, 1 + int(98 * done / max(total, 1)), "queuing")

    return invitations.queue_invitations(event, progress=progress)
