"""`flask seed-demo`: load the ASCN 2019-2020 series once. Running it again changes nothing.

Every row is looked up by its natural key (code or slug) and only created when missing; existing
rows are left exactly as they are, including anything an organizer edited since.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import select

from eventsys.db import db, utcnow
from eventsys.demo import data
from eventsys.events.models import (
    City,
    Event,
    EventHost,
    EventKind,
    EventSeries,
    MemberState,
    Organisation,
    OrganisationKind,
    PartnerCountry,
    Person,
    RegistrationMode,
    Topic,
    TopicScheme,
)


def register_demo_step(app, order: int, path: str) -> None:
    """Areas add their demo content (agenda, outcomes, reports...) from their init_app().

    `path` names a function `(today: date) -> int` (rows created); steps run by `order`.
    """
    app.extensions.setdefault("eventsys.demo_steps", []).append((order, path))


def _get_or_create(model, lookup: dict, **values):
    row = db.session.scalar(select(model).filter_by(**lookup))
    if row is not None:
        return row, False
    row = model(**lookup, **values)
    db.session.add(row)
    db.session.flush()
    return row, True


class _ReferenceRows:
    """The reference rows already in the database, each model's read once by its key, and those
    added since: seeding adds only what is missing, in one flush at the end. (A SELECT and a
    flush per row cost every test that seeds the reference data a tenth of a second.)"""

    def __init__(self) -> None:
        self.by_key: dict[tuple, dict] = {}
        self.created = 0

    def row(self, model, key: str, value):
        return self._table(model, key).get(value)

    def get_or_create(self, model, lookup: dict, **values) -> None:
        [(key, value)] = lookup.items()
        table = self._table(model, key)
        if value not in table:
            table[value] = model(**lookup, **values)
            db.session.add(table[value])
            self.created += 1

    def _table(self, model, key: str) -> dict:
        if (model, key) not in self.by_key:
            self.by_key[(model, key)] = {getattr(row, key): row for row in db.session.scalars(select(model))}
        return self.by_key[(model, key)]


def seed_reference_data() -> int:
    rows = _ReferenceRows()
    with db.session.no_autoflush:
        for position, (code, name_en, name_th, cities) in enumerate(data.MEMBER_STATES):
            rows.get_or_create(MemberState, {"code": code}, name_en=name_en, name_th=name_th, position=position)
            for slug, city_en, city_th in cities:
                rows.get_or_create(
                    City, {"slug": slug}, name_en=city_en, name_th=city_th, member_state_code=code, is_ascn_pilot=True
                )
        for code, since, note_en, note_th in data.PARTNER_COUNTRIES:
            rows.get_or_create(PartnerCountry, {"code": code}, since_year=since, note_en=note_en, note_th=note_th)
        for scheme, topics in (
            (TopicScheme.FOCUS_AREA, data.FOCUS_AREAS),
            (TopicScheme.SMART_CITY_DIMENSION, data.SMART_CITY_DIMENSIONS),
        ):
            for position, (slug, name_en, name_th) in enumerate(topics):
                rows.get_or_create(
                    Topic, {"slug": slug}, scheme=scheme, name_en=name_en, name_th=name_th, position=position
                )
        for slug, name_en, name_th, acronym, kind, country, parent in data.ORGANISATIONS:
            rows.get_or_create(
                Organisation,
                {"slug": slug},
                name_en=name_en,
                name_th=name_th,
                acronym=acronym,
                kind=OrganisationKind(kind),
                country_code=country,
                parent=rows.row(Organisation, "slug", parent) if parent else None,
            )
        for name, local_name, honorific, pos_en, pos_th, org in data.PEOPLE:
            rows.get_or_create(
                Person,
                {"name": name},
                local_name=local_name,
                honorific=honorific,
                position_en=pos_en,
                position_th=pos_th,
                organisation=rows.row(Organisation, "slug", org),
                country_code="TH",
            )
    db.session.flush()
    return rows.created


def _create_event(spec: dict, series: EventSeries, start: dt.date, end: dt.date, *, is_sample: bool) -> bool:
    if db.session.scalar(select(Event).filter_by(slug=spec["slug"])) is not None:
        return False
    city = db.session.scalar(select(City).filter_by(slug=spec["city"]))
    hosts = [
        (db.session.scalar(select(Organisation).filter_by(slug=org_slug)), role_en, role_th)
        for org_slug, role_en, role_th in spec["hosts"]
    ]
    event = Event(
        slug=spec["slug"],
        series=series,
        kind=EventKind(spec["kind"]),
        title_en=spec["title_en"],
        title_th=spec["title_th"],
        theme_en=spec["theme_en"],
        theme_th=spec["theme_th"],
        description_en=spec["description_en"],
        description_th=spec["description_th"],
        start_date=start,
        end_date=end,
        timezone="Asia/Bangkok",
        venue_en=spec["venue_en"],
        venue_th=spec["venue_th"],
        city=city,
        is_sample=is_sample,
        registration_mode=RegistrationMode(spec["registration_mode"]),
        capacity=spec["capacity"],
    )
    for position, (organisation, role_en, role_th) in enumerate(hosts):
        event.hosts.append(EventHost(organisation=organisation, role_en=role_en, role_th=role_th, position=position))
    db.session.add(event)
    db.session.flush()
    return True


def seed_events(today: dt.date) -> int:
    series, created = _get_or_create(
        EventSeries, {"slug": data.SERIES["slug"]}, **{k: v for k, v in data.SERIES.items() if k != "slug"}
    )
    created = int(created)
    for spec in data.EVENTS:
        created += _create_event(spec, series, spec["start_date"], spec["end_date"], is_sample=False)
    sample = data.SAMPLE_EVENT
    start = today + dt.timedelta(days=sample["days_from_seed"])
    created += _create_event(
        sample, series, start, start + dt.timedelta(days=sample["length_days"] - 1), is_sample=True
    )
    return created


def seed_demo(today: dt.date | None = None) -> int:
    """Load everything; returns how many rows were created (0 on a second run)."""
    from eventsys.jobs.services import resolve

    today = today or utcnow().date()
    created = seed_reference_data()
    created += seed_events(today)
    for _, step in sorted(current_app.extensions.get("eventsys.demo_steps", [])):
        created += resolve(step)(today) or 0
    db.session.commit()
    return created
