"""The background build: what `start_job` runs, inline or on an RQ worker."""

from __future__ import annotations

from eventsys.db import db
from eventsys.events.models import Event
from eventsys.proceedings.options import BookOptions


def build_proceedings_job(job_id: str, event_id: int, options: dict) -> dict:
    from eventsys.proceedings.services import build_book

    event = db.session.get(Event, event_id)
    if event is None:
        raise LookupError(f"event {event_id} no longer exists")
    build = build_book(event, BookOptions.from_dict(options), job_id=job_id)
    return {"build_id": build.id, "version": build.version, "pages": build.pages, "size": build.size}
