"""Action items followed across the series: what earlier meetings asked of each city, member state,
partner or organisation, read from the approved outcomes (the public record)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventsys.agenda.models import AgendaSession
from eventsys.db import db
from eventsys.events.models import City, Event
from eventsys.i18n import pick
from eventsys.outcomes.content import ACTION_STATUSES
from eventsys.outcomes.models import Outcome

STATUS_ORDER = {s: i for i, s in enumerate(ACTION_STATUSES)}


@dataclass
class TrackedAction:
    item: dict
    session: AgendaSession
    event: Event
    version_number: int

    @property
    def what(self) -> str:
        return pick(self.item["what_en"], self.item["what_th"])

    @property
    def status(self) -> str:
        return self.item["status"]

    @property
    def owner(self) -> str:
        return self.item["owner"]

    @property
    def due(self) -> dt.date | None:
        return dt.date.fromisoformat(self.item["due"]) if self.item.get("due") else None


def approved_actions(event_ids: list[int] | None = None) -> list[TrackedAction]:
    """Every action item of every approved outcome (of these events), oldest event first."""
    stmt = (
        select(Outcome)
        .where(Outcome.approved_version_id.is_not(None))
        .join(AgendaSession, AgendaSession.id == Outcome.session_id)
        .options(
            selectinload(Outcome.approved_version), selectinload(Outcome.session).selectinload(AgendaSession.event)
        )
    )
    if event_ids is not None:
        stmt = stmt.where(AgendaSession.event_id.in_(event_ids))
    actions = []
    for outcome in db.session.scalars(stmt):
        if not outcome.session.event.is_published:
            continue
        for item in outcome.approved_version.content.get("action_items", []):
            actions.append(TrackedAction(item, outcome.session, outcome.session.event, outcome.approved_version.number))
    actions.sort(key=lambda a: (a.event.start_date, a.session.starts_at, STATUS_ORDER.get(a.status, 9)))
    return actions


def actions_before(event: Event) -> dict[str, list[TrackedAction]]:
    """For an event's page: action items of earlier meetings of its series, grouped by owner."""
    if event.series_id is None:
        return {}
    earlier = db.session.scalars(
        select(Event.id).where(Event.series_id == event.series_id, Event.start_date < event.start_date)
    ).all()
    if not earlier:
        return {}
    grouped: dict[str, list[TrackedAction]] = {}
    for action in approved_actions(list(earlier)):
        grouped.setdefault(action.owner, []).append(action)
    return grouped


def actions_for_owners(owners: set[str]) -> list[TrackedAction]:
    return [a for a in approved_actions() if a.owner in owners]


def owners_of_member_state(code: str) -> set[str]:
    """A member state answers for what is asked of it and of its cities."""
    cities = db.session.scalars(select(City.slug).where(City.member_state_code == code)).all()
    return {f"member_state:{code}"} | {f"city:{slug}" for slug in cities}


@dataclass
class ChartData:
    labels: list[str]
    datasets: list[dict]


def counts_by_focus_area(actions: list[TrackedAction], directory) -> ChartData:
    """Stacked bars: one bar per focus area (or "untagged"), one colour per status."""
    from flask_babel import gettext as _

    from eventsys.events.models import TopicScheme
    from eventsys.outcomes.content import STATUS_LABELS

    areas = [slug for slug, _label in directory.topic_choices(TopicScheme.FOCUS_AREA)]
    counts: Counter = Counter()
    for action in actions:
        for area in action.item.get("focus_areas") or ["untagged"]:
            counts[(area, action.status)] += 1
    used = [a for a in areas if any(counts[(a, s)] for s in ACTION_STATUSES)]
    if any(counts[("untagged", s)] for s in ACTION_STATUSES):
        used.append("untagged")
    colours = {"open": "#1452b8", "in_progress": "#e0a800", "done": "#198754", "dropped": "#6c757d"}
    return ChartData(
        labels=[directory.topic_label(a) if a != "untagged" else _("No focus area") for a in used],
        datasets=[
            {"label": str(STATUS_LABELS[s]), "data": [counts[(a, s)] for a in used], "backgroundColor": colours[s]}
            for s in ACTION_STATUSES
        ],
    )
