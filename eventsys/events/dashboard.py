"""What an event hub's figures are made of. The events area sits below the areas that own the
numbers (registration, agenda, outcomes, check-in, mail), so each area computes its own figures and
registers a provider with `events.hub.register_hub_figure`; these are the shapes providers return
and the hub template shows: a number that links to the list it counts, optionally against a total
(a progress bar) and broken down into parts, and a chart with a table that says the same.

Providers must stay cheap: the hub is opened often, so one GROUP BY count per area, never a query
per row.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Part:
    """One slice of a figure (registrations in one state), with the list filtered to it."""

    key: str
    label: str
    value: int
    endpoint: str
    url_args: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Figure:
    """A number on the hub. `url_args` are the target's arguments, `slug` included. With `total`
    the hub draws a progress bar (confirmed seats against capacity); `attention` marks a number
    that asks for action when it is not zero (pending moderation, failed mails)."""

    key: str
    label: str
    value: int
    endpoint: str
    url_args: dict = field(default_factory=dict)
    total: int | None = None
    attention: bool = False
    note: str = ""
    parts: tuple[Part, ...] = ()

    @property
    def percent(self) -> int:
        """The share of `total` reached, 0-100 (a full event may hold more than its capacity)."""
        if not self.total:
            return 0
        return max(0, min(100, round(100 * self.value / self.total)))

    @property
    def needs_action(self) -> bool:
        return self.attention and self.value > 0


@dataclass(frozen=True)
class Chart:
    """A line chart of daily values; `labels` are ISO dates, each dataset a label and its values.
    The hub shows it with Chart.js and the same numbers as a table, for screen readers and
    without JavaScript."""

    key: str
    title: str
    summary: str
    labels: list[str]
    datasets: list[dict]

    def as_json(self) -> dict:
        return {"labels": self.labels, "datasets": self.datasets}

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        return [(label, [d["data"][i] for d in self.datasets]) for i, label in enumerate(self.labels)]


def local_day_bounds(zone: ZoneInfo, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants a local calendar day starts and ends, for range queries on UTC columns."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def cumulative_by_day(
    moments: list[dt.datetime], zone: ZoneInfo, *, until: dt.date | None = None
) -> tuple[list[dt.date], list[int]]:
    """Every local day from the first moment to `until` (or the last moment), with the running
    total up to the end of that day. Days without a moment keep the previous total, so the line
    has no gaps."""
    if not moments:
        return [], []
    per_day = Counter(moment.astimezone(zone).date() for moment in moments)
    first = min(per_day)
    last = max(max(per_day), until) if until is not None and until >= first else max(per_day)
    days, totals, running = [], [], 0
    day = first
    while day <= last:
        running += per_day.get(day, 0)
        days.append(day)
        totals.append(running)
        day += dt.timedelta(days=1)
    return days, totals
