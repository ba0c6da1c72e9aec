"""What an erasure retires in the areas above registration (plugged into registration/erasure.py by
this area's init_app): the proceedings books that list the person, the kept badge sheets printed
with their name, and their private calendar feeds. Each step runs in the erasure's transaction and
returns (what it retired, ids, files to delete after the commit)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from eventsys.agenda.models import CalendarFeed
from eventsys.badges.jobs import output_path
from eventsys.badges.models import BadgePrint
from eventsys.db import db, utcnow
from eventsys.jobs.models import Job
from eventsys.proceedings.services import retire_builds_showing
from eventsys.registration.erasure import ErasedPerson


def retire_books(person: ErasedPerson) -> tuple[str, list, list[Path]]:
    retired, files = retire_builds_showing(person.event_id, person.registration_id, actor=person.actor)
    return "proceedings_builds", retired, files


def badge_print_jobs(event_id: int, registration_id: int) -> list[str]:
    """The background print runs (job ids) whose kept PDF shows this registration's badge."""
    runs = db.session.execute(
        select(BadgePrint.id, BadgePrint.registration_ids).where(BadgePrint.event_id == event_id)
    ).all()
    shown = {run_id for run_id, ids in runs if registration_id in (ids or [])}
    if not shown:
        return []
    jobs = db.session.execute(select(Job.id, Job.result).where(Job.event_id == event_id, Job.kind == "badges")).all()
    return sorted(job_id for job_id, result in jobs if (result or {}).get("print_id") in shown)


def retire_badge_files(person: ErasedPerson) -> tuple[str, list, list[Path]]:
    jobs = badge_print_jobs(person.event_id, person.registration_id)
    files = [path for path in map(output_path, jobs) if path.exists()]
    return "badge_sheets", [path.name for path in files], files


def revoke_calendar_feeds(person: ErasedPerson) -> tuple[str, list, list[Path]]:
    feeds = db.session.scalars(
        select(CalendarFeed).where(
            CalendarFeed.registration_id == person.registration_id, CalendarFeed.revoked_at.is_(None)
        )
    ).all()
    for feed in feeds:
        feed.revoked_at = utcnow()
    return "calendar_feeds", [feed.id for feed in feeds], []


STEPS = (retire_books, retire_badge_files, revoke_calendar_feeds)


def retire_books_of_unlisted(registration) -> list[Path]:
    """A delegate who no longer wants to be listed: the books that list them are withdrawn, as for
    an erasure (registration/preferences.py runs this in the change's transaction)."""
    _retired, files = retire_builds_showing(registration.event_id, registration.id, actor="delegate")
    return files
