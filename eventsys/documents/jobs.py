"""The bulk issue of certificates, in the background (eventsys.jobs: RQ, or this process's runner),
with progress for the organizers' job page."""

from __future__ import annotations

from eventsys.accounts.models import User
from eventsys.db import db
from eventsys.documents import services
from eventsys.events.models import Event
from eventsys.jobs.services import report_progress


def issue_certificates_job(job_id: str, event_id: int, user_id: int | None, mail: bool = False, ip=None) -> dict:
    """Issue (and with `mail`, mail) a certificate to everyone checked in who has no current one or
    whose attendance grew. One transaction: a failure issues nothing, and a retry starts over."""
    event = db.session.get(Event, event_id)
    user = db.session.get(User, user_id) if user_id else None
    report_progress(job_id, 2, "selecting")

    def progress(done: int, total: int) -> None:
        report_progress(job_id, 5 + int(90 * done / total), "issuing")

    counts = services.issue_certificates(event, actor=user, mail=mail, progress=progress)
    report_progress(job_id, 98, "saving")
    db.session.commit()
    return counts
