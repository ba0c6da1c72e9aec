"""The scheduler's pure rules (rules.py), without a database."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from eventsys.matchmaking import rules

pytestmark = pytest.mark.one_backend

T0 = dt.datetime(2019, 8, 23, 7, 0, tzinfo=dt.UTC)  # 14:00 in Bangkok


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def session(start: int, end: int, kind: str = "roundtable"):
    return SimpleNamespace(starts_at=at(start), ends_at=at(end), type=SimpleNamespace(value=kind))


SLOT = (at(0), at(20))


def test_spans_that_touch_do_not_overlap():
    assert rules.overlaps(SLOT, (at(19), at(40)))
    assert rules.overlaps(SLOT, (at(-30), at(1)))
    assert not rules.overlaps(SLOT, (at(20), at(40)))
    assert not rules.overlaps(SLOT, (at(-30), at(0)))


def test_sessions_block_a_slot_unless_breaks_exhibition_or_networking():
    chosen = [session(-60, 5), session(10, 30, "break"), session(0, 120, "networking"), session(0, 60, "exhibition")]
    assert rules.blocking_sessions(SLOT, chosen) == [chosen[0]]
    assert rules.blocking_sessions(SLOT, [session(20, 80)]) == []


def test_lowest_free_table_goes_by_number_not_by_id():
    tables = [(30, 3), (10, 1), (20, 2)]
    assert rules.lowest_free_table(tables, []) == 10
    assert rules.lowest_free_table(tables, [10]) == 20
    assert rules.lowest_free_table(tables, [10, 20]) == 30
    assert rules.lowest_free_table(tables, [10, 20, 30]) is None
    assert rules.lowest_free_table([], []) is None


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({}, None),
        ({"me_booked": True, "them_booked": True, "free_table": False}, rules.YOU_BOOKED),
        ({"them_booked": True, "free_table": False}, rules.THEY_BOOKED),
        ({"my_sessions": [session(15, 45)], "their_sessions": [session(0, 5)]}, rules.YOUR_SESSION),
        ({"their_sessions": [session(0, 5)], "free_table": False}, rules.THEIR_SESSION),
        ({"my_sessions": [session(20, 45)], "free_table": False}, rules.NO_TABLE),
    ],
)
def test_conflict_reports_the_first_reason(facts, expected):
    base = {"me_booked": False, "them_booked": False, "my_sessions": [], "their_sessions": [], "free_table": True}
    assert rules.conflict(SLOT, **{**base, **facts}) == expected


def test_slot_series_fills_the_span_and_drops_a_short_remainder():
    assert rules.slot_series(at(0), at(60), 20) == [(at(0), at(20)), (at(20), at(40)), (at(40), at(60))]
    assert rules.slot_series(at(0), at(65), 20, gap=5) == [(at(0), at(20)), (at(25), at(45))]
    assert rules.slot_series(at(0), at(15), 20) == []
    with pytest.raises(ValueError):
        rules.slot_series(at(0), at(60), 0)


def test_tables_are_numbered_or_named_one_per_line():
    assert rules.table_labels(3) == [(1, ""), (2, ""), (3, "")]
    assert rules.table_labels(3, "Hall A · 1\n\n  Hall A · 2 \n") == [(1, "Hall A · 1"), (2, "Hall A · 2")]
    assert rules.table_labels(0) == []
