"""The scheduler's rules as pure functions: no database, no request, tested on their own.

services.py gathers the facts (who is booked in the slot, which tables are taken, the sessions each
side chose) and asks these functions; the database's unique constraints back them up under races.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

# Why a meeting cannot be had in a slot, in the order they are reported.
YOU_BOOKED = "you_booked"  # the asking person already has a meeting then
THEY_BOOKED = "they_booked"  # the other person already has a meeting then
YOUR_SESSION = "your_session"  # it overlaps a session the asking person chose
THEIR_SESSION = "their_session"  # it overlaps a session the other person chose
NO_TABLE = "no_table"  # every table of the slot is taken

# Sessions a meeting may overlap: breaks, the exhibition and networking are when business
# matching happens, so choosing them never blocks a slot.
OPEN_SESSION_TYPES = frozenset({"break", "exhibition", "networking"})

Span = tuple[dt.datetime, dt.datetime]


def overlaps(a: Span, b: Span) -> bool:
    """Two half-open spans [start, end) share a moment: a meeting ending at 10:00 leaves 10:00 free."""
    return a[0] < b[1] and b[0] < a[1]


def blocking_sessions(slot: Span, sessions: Iterable) -> list:
    """The chosen sessions (anything with starts_at, ends_at and type.value) that the slot overlaps."""
    return [
        s
        for s in sessions
        if getattr(getattr(s, "type", None), "value", None) not in OPEN_SESSION_TYPES
        and overlaps(slot, (s.starts_at, s.ends_at))
    ]


def lowest_free_table(table_numbers: Sequence[tuple[int, int]], taken_ids: Iterable[int]) -> int | None:
    """Of (table id, number) pairs, the id of the lowest-numbered table not taken; None if all are."""
    taken = set(taken_ids)
    for table_id, _number in sorted(table_numbers, key=lambda pair: pair[1]):
        if table_id not in taken:
            return table_id
    return None


def conflict(
    slot: Span,
    *,
    me_booked: bool,
    them_booked: bool,
    my_sessions: Iterable = (),
    their_sessions: Iterable = (),
    free_table: bool = True,
) -> str | None:
    """The first reason the two cannot meet in `slot`, from the asking person's point of view, or None."""
    if me_booked:
        return YOU_BOOKED
    if them_booked:
        return THEY_BOOKED
    if blocking_sessions(slot, my_sessions):
        return YOUR_SESSION
    if blocking_sessions(slot, their_sessions):
        return THEIR_SESSION
    if not free_table:
        return NO_TABLE
    return None


def slot_series(start: dt.datetime, end: dt.datetime, minutes: int, gap: int = 0) -> list[Span]:
    """Back-to-back slots of `minutes` (then `gap` minutes of change-over) from `start`, each
    ending by `end`; a remainder too short for a slot is left out."""
    if minutes <= 0 or gap < 0:
        raise ValueError("slot length must be positive and the gap not negative")
    spans: list[Span] = []
    length, step = dt.timedelta(minutes=minutes), dt.timedelta(minutes=minutes + gap)
    cursor = start
    while cursor + length <= end:
        spans.append((cursor, cursor + length))
        cursor += step
    return spans


def table_labels(count: int, labels_text: str = "") -> list[tuple[int, str]]:
    """Tables as (number, label): `count` numbered tables, or one per non-empty line of
    `labels_text` (numbered in order) when the organizer names them."""
    lines = [line.strip() for line in labels_text.splitlines() if line.strip()]
    if lines:
        return [(n, label[:80]) for n, label in enumerate(lines, start=1)]
    return [(n, "") for n in range(1, count + 1)]
