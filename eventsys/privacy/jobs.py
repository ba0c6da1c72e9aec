"""The daily retention run on RQ (REDIS_URL set): `flask worker` runs with RQ's scheduler and calls
`schedule_retention` as it starts; each run schedules the next one, for the next RUN_AT (local
time of BABEL_DEFAULT_TIMEZONE). Each day's run has its own job id (JOB_ID and the date): scheduling
the same day again (a second worker, a restart) replaces that job instead of adding one, and the
running job never overwrites the next day's (RQ writes a finished job's result under its id)."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from flask import current_app

from eventsys.db import utcnow
from eventsys.privacy.retention import apply_retention, summary_lines
from eventsys.registration.visa import purge_visa_details

log = logging.getLogger(__name__)
JOB_ID = "eventsys-retention"
JOB_PATH = "eventsys.privacy.jobs:retention_job"
RUN_AT = dt.time(3, 0)  # a quiet hour in the organisers' time zone


def next_run(now: dt.datetime | None = None, zone: str | None = None) -> dt.datetime:
    """The next RUN_AT after `now` in the time zone, as an aware UTC datetime."""
    now = now or utcnow()
    tz = ZoneInfo(zone or current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "UTC")
    local = now.astimezone(tz)
    candidate = dt.datetime.combine(local.date(), RUN_AT, tzinfo=tz)
    if candidate <= local:
        candidate = dt.datetime.combine(local.date() + dt.timedelta(days=1), RUN_AT, tzinfo=tz)
    return candidate.astimezone(dt.UTC)


def schedule_retention(queue, now: dt.datetime | None = None):
    """Put the next daily run on `queue` (an RQ queue); returns the RQ job."""
    at = next_run(now)
    day = at.astimezone(ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "UTC")).date()
    return queue.enqueue_at(
        at,
        "eventsys.jobs.runner.call_in_app",
        JOB_PATH,
        (),
        {},
        job_id=f"{JOB_ID}-{day.isoformat()}",
        description="eventsys: anonymise registrations past their event's retention (daily)",
        job_timeout=3600,
    )


def _queue():
    from redis import Redis
    from rq import Queue

    from eventsys.jobs.services import queue_name

    return Queue(queue_name(), connection=Redis.from_url(current_app.config["REDIS_URL"]))


def retention_job() -> dict:
    """Run in a worker (inside the app): apply retention, log it, schedule tomorrow's run."""
    try:
        found = apply_retention()
        for line in summary_lines(found, dry_run=False):
            log.info("retention: %s", line)
        # Visa letters' passport details go 30 days after the event, whatever its retention period.
        visa_details = purge_visa_details()
        log.info("retention: erased the passport details of %d visa letter request(s)", visa_details)
        return {
            "events": [item.event.slug for item in found],
            "registrations": sum(len(item.registration_ids) for item in found),
            "visa_details": visa_details,
        }
    finally:
        if current_app.config.get("REDIS_URL"):
            schedule_retention(_queue())
