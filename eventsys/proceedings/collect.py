"""Collect everything the book prints, in a fixed handful of queries whatever the event's size.

The result is plain data (dicts, lists, dates), so it can be hashed: the content hash decides
whether a new build is needed, and it is what the book template reads.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from eventsys.agenda.models import AgendaSession, SessionPerson
from eventsys.db import db
from eventsys.events.models import City, Event, EventHost, Person
from eventsys.proceedings.models import Foreword
from eventsys.proceedings.outcomes import collect_outcomes, outcomes_all_approved
from eventsys.proceedings.projects import collect_projects
from eventsys.registration.models import Registration, RegistrationStatus


def _event(event_id: int) -> dict:
    event = (
        db.session.scalars(
            select(Event)
            .where(Event.id == event_id)
            .options(
                joinedload(Event.series),
                joinedload(Event.city).joinedload(City.member_state),
                selectinload(Event.hosts).joinedload(EventHost.organisation),
            )
        )
        .unique()
        .one()
    )
    city = event.city
    return {
        "id": event.id,
        "slug": event.slug,
        "timezone": event.timezone,
        "title_en": event.title_en,
        "title_th": event.title_th,
        "theme_en": event.theme_en,
        "theme_th": event.theme_th,
        "start_date": event.start_date,
        "end_date": event.end_date,
        "venue_en": event.venue_en,
        "venue_th": event.venue_th,
        "city_en": city.name_en if city else "",
        "city_th": city.name_th if city else "",
        "country_en": city.member_state.name_en if city else "",
        "country_th": city.member_state.name_th if city else "",
        "series_en": event.series.title_en if event.series else "",
        "series_th": event.series.title_th if event.series else "",
        "hosts": [
            {
                "name_en": h.organisation.name_en,
                "name_th": h.organisation.name_th,
                "acronym": h.organisation.acronym,
                "role_en": h.role_en,
                "role_th": h.role_th,
            }
            for h in event.hosts
        ],
    }


def _person(person: Person) -> dict:
    organisation = person.organisation
    return {
        "id": person.id,
        "name": person.name,
        "local_name": person.local_name,
        "honorific": person.honorific,
        "position_en": person.position_en,
        "position_th": person.position_th,
        "country_code": person.country_code or "",
        "organisation_en": organisation.name_en if organisation else "",
        "organisation_th": organisation.name_th if organisation else "",
    }


def _sessions(event_id: int) -> tuple[list[dict], dict[int, dict]]:
    rows = (
        db.session.scalars(
            select(AgendaSession)
            .where(AgendaSession.event_id == event_id)
            .order_by(AgendaSession.starts_at, AgendaSession.id)
            .options(
                joinedload(AgendaSession.room),
                joinedload(AgendaSession.track),
                selectinload(AgendaSession.topics),
                selectinload(AgendaSession.people).joinedload(SessionPerson.person).joinedload(Person.organisation),
            )
        )
        .unique()
        .all()
    )
    sessions, people = [], {}
    for row in rows:
        for sp in row.people:
            people.setdefault(sp.person_id, _person(sp.person))
        sessions.append(
            {
                "id": row.id,
                "type": row.type.value,
                "title_en": row.title_en,
                "title_th": row.title_th,
                "abstract_en": row.abstract_en,
                "abstract_th": row.abstract_th,
                "starts_at": row.starts_at,
                "ends_at": row.ends_at,
                "room_en": row.room.name_en if row.room else "",
                "room_th": row.room.name_th if row.room else "",
                "track_en": row.track.name_en if row.track else "",
                "track_th": row.track.name_th if row.track else "",
                "topics": [{"en": t.name_en, "th": t.name_th} for t in row.topics],
                "people": [{"person_id": sp.person_id, "role": sp.role.value} for sp in row.people],
            }
        )
    return sessions, people


def _participants(event_id: int) -> list[dict]:
    rows = db.session.scalars(
        select(Registration)
        .where(
            Registration.event_id == event_id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.listed_as_participant.is_(True),
        )
        .options(joinedload(Registration.city))
        .order_by(Registration.country_code, Registration.last_name, Registration.first_name, Registration.id)
    ).all()
    return [
        {
            "registration_id": r.id,  # not printed: the build records whom it lists (erasure retires it)
            "first_name": r.first_name,
            "last_name": r.last_name,
            "local_name": r.local_name,
            "organisation": r.organisation,
            "position": r.position,
            "country_code": r.country_code,
            "city_en": r.city.name_en if r.city else "",
            "city_th": r.city.name_th if r.city else "",
        }
        for r in rows
    ]


def _foreword(event_id: int) -> dict:
    row = db.session.scalar(select(Foreword).where(Foreword.event_id == event_id))
    if row is None:
        return {"text_en": "", "text_th": "", "signed_by": ""}
    return {"text_en": row.text_en, "text_th": row.text_th, "signed_by": row.signed_by}


def collect_book(event_id: int) -> dict:
    """Everything the book shows for one event, as plain data."""
    sessions, people = _sessions(event_id)
    outcomes = collect_outcomes(event_id)
    return {
        "event": _event(event_id),
        "foreword": _foreword(event_id),
        "sessions": sessions,
        "people": people,
        "participants": _participants(event_id),
        "outcomes": {sid: dataclasses.asdict(view) for sid, view in outcomes.items()},
        "outcomes_all_approved": outcomes_all_approved(event_id),
        # the call's accepted city projects, from the projects area's provider (projects.py)
        "projects": [dataclasses.asdict(view) for view in collect_projects(event_id)],
    }


def content_hash(book: dict) -> str:
    """A stable fingerprint of the collected data: equal data, equal hash."""
    encoded = json.dumps(book, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()
