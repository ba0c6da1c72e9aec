"""What the events area does: find events for the public, describe them for the API."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.events.models import Event, EventHost, EventSeries


class EventNotFound(LookupError):
    pass


@dataclass
class EventListing:
    upcoming: list[Event]
    past: list[Event]


def _published():
    return (
        select(Event)
        .where(Event.is_published.is_(True))
        .options(
            selectinload(Event.hosts).selectinload(EventHost.organisation),
            selectinload(Event.city),
            selectinload(Event.series),
        )
    )


def list_events(now: dt.datetime | None = None) -> EventListing:
    """Published events: upcoming (soonest first, running ones included) and past (latest first)."""
    now = now or utcnow()
    events = db.session.scalars(_published().order_by(Event.start_date)).all()
    upcoming = [e for e in events if not e.is_past(now)]
    past = sorted((e for e in events if e.is_past(now)), key=lambda e: e.start_date, reverse=True)
    return EventListing(upcoming=upcoming, past=past)


def get_event(slug: str, *, include_unpublished: bool = False) -> Event:
    event = db.session.scalar(_event_by_slug(include_unpublished), {"slug": slug})
    if event is None:
        raise EventNotFound(slug)
    return event


@functools.cache
def _event_by_slug(include_unpublished: bool):
    """Built once, the slug a parameter: every event page and event API call looks an event up."""
    return (select(Event) if include_unpublished else _published()).where(Event.slug == bindparam("slug"))


def network_overview() -> dict:
    """The member states with their pilot cities, partners and focus areas, for the home page."""
    from eventsys.events.models import MemberState, PartnerCountry, Topic, TopicScheme

    states = db.session.scalars(
        select(MemberState).options(selectinload(MemberState.cities)).order_by(MemberState.position)
    ).all()
    topics = db.session.scalars(select(Topic).order_by(Topic.scheme, Topic.position)).all()
    return {
        "member_states": states,
        "city_count": sum(len(s.cities) for s in states),
        "partners": db.session.scalars(select(PartnerCountry).order_by(PartnerCountry.code)).all(),
        "focus_areas": [t for t in topics if t.scheme == TopicScheme.FOCUS_AREA],
        "dimensions": [t for t in topics if t.scheme == TopicScheme.SMART_CITY_DIMENSION],
    }


def main_series() -> EventSeries | None:
    return db.session.scalar(select(EventSeries).order_by(EventSeries.id).limit(1))


def event_as_json(event: Event, *, detail: bool = False) -> dict:
    """The public description of an event, as the API gives it (both languages, ISO 8601)."""
    window = event.registration_window()
    data = {
        "slug": event.slug,
        "kind": event.kind.value,
        "title": {"en": event.title_en, "th": event.title_th or None},
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "timezone": event.timezone,
        "venue": {"en": event.venue_en, "th": event.venue_th or None},
        "city": event.city.slug if event.city else None,
        "is_sample": event.is_sample,
        "registration": {
            "mode": event.registration_mode.value,
            "status": window.value,
            "opens_at": event.registration_opens_at.isoformat() if event.registration_opens_at else None,
            "closes_at": event.registration_closes_at.isoformat() if event.registration_closes_at else None,
            "capacity": event.capacity,
        },
        "series": event.series.slug if event.series else None,
    }
    if detail:
        data.update(
            {
                "theme": {"en": event.theme_en or None, "th": event.theme_th or None},
                "description": {"en": event.description_en or None, "th": event.description_th or None},
                "address": event.address or None,
                "hosts": [
                    {
                        "name": {"en": h.organisation.name_en, "th": h.organisation.name_th or None},
                        "acronym": h.organisation.acronym or None,
                        "role": {"en": h.role_en or None, "th": h.role_th or None},
                    }
                    for h in event.hosts
                ],
            }
        )
    return data


class SlugTaken(ValueError):
    pass


def events_managed_by(user) -> list[Event]:
    """Every event for admins; otherwise the events where the user holds any role."""
    stmt = select(Event).order_by(Event.start_date.desc())
    if not user.is_admin:
        ids = [role.event_id for role in user.roles]
        if not ids:
            return []
        stmt = stmt.where(Event.id.in_(ids))
    return list(db.session.scalars(stmt))


EDITABLE_FIELDS = (
    "slug",
    "kind",
    "title_en",
    "title_th",
    "theme_en",
    "theme_th",
    "description_en",
    "description_th",
    "start_date",
    "end_date",
    "timezone",
    "venue_en",
    "venue_th",
    "address",
    "is_published",
    "separation_of_duties",
    "brand_colour",
)


def save_event(event: Event | None, values: dict, *, actor=None) -> Event:
    """Create (event=None) or update an event from form values; the slug must stay unique. Turning
    separation of duties off or on is audited (`settings.change`, by `actor`)."""
    from eventsys.events.models import EventKind

    clash = db.session.scalar(select(Event).where(Event.slug == values["slug"]))
    if clash is not None and clash is not event:
        raise SlugTaken(values["slug"])
    separation_before = event.separation_of_duties if event is not None else None
    if event is None:
        event = Event(series=main_series())
        db.session.add(event)
    for name in EDITABLE_FIELDS:
        value = values[name]
        if name == "kind":
            value = EventKind(value)
        elif isinstance(value, str):
            value = value.strip()
        if name == "brand_colour":
            value = (value or "#1452b8").lower()
        setattr(event, name, value if value is not None else "")
    if separation_before is not None and event.separation_of_duties != separation_before:
        record(
            "settings.change",
            actor=actor,
            event=event,
            target_type="event",
            targets=[event.id],
            setting="separation_of_duties",
            value=event.separation_of_duties,
        )
    db.session.commit()
    return event
