"""The background job of mail to participants (eventsys.jobs: RQ with REDIS_URL, inline otherwise)."""

from __future__ import annotations

from eventsys.db import db
from eventsys.jobs.services import report_progress
from eventsys.messages import campaigns
from eventsys.messages.models import MailCampaign


def send_campaign_job(job_id: str, campaign_id: int) -> dict:
    """Queue the campaign's mails, reporting progress; safe to run again (it continues)."""
    campaign = db.session.get(MailCampaign, campaign_id)
    if campaign is None:
        return {"recipients": 0, "queued": 0, "opted_out": 0, "erased": 0, "skipped": 0}
    campaign.job_id = job_id
    db.session.commit()
    report_progress(job_id, 1, "queuing")

    def progress(done: int, total: int) -> None:
        report_progress(job_id, 1 + int(98 * done / max(total, 1)), "queuing")

    try:
        return campaigns.queue_campaign(campaign, progress=progress)
    except Exception:
        db.session.rollback()
        campaigns.mark_failed(campaign_id)
        raise
