"""The scores side by side: weighted totals, means and spreads (pure functions, no database)."""

from __future__ import annotations

import pytest

from eventsys.projects.scoring import Criterion, Figures, score_table, weighted_total

pytestmark = pytest.mark.one_backend

BANKABILITY = Criterion(id=1, weight=3, scale_max=5)
IMPACT = Criterion(id=2, weight=1, scale_max=10)


def test_weighted_total_is_the_weighted_share_of_the_best_scores():
    # (3 * 4/5 + 1 * 5/10) / 4 = (2.4 + 0.5) / 4 = 72.5 %
    assert weighted_total([BANKABILITY, IMPACT], {"1": 4, "2": 5}) == 72.5
    assert weighted_total([BANKABILITY, IMPACT], {"1": 5, "2": 10}) == 100.0
    assert weighted_total([BANKABILITY, IMPACT], {"1": 1, "2": 1}) == 17.5


@pytest.mark.parametrize("scores", [{"1": 4}, {"1": 4, "2": 11}, {"1": 0, "2": 5}, {"1": "4", "2": 5}, {}])
def test_an_incomplete_or_off_scale_review_has_no_total(scores):
    assert weighted_total([BANKABILITY, IMPACT], scores) is None


def test_no_criteria_no_total():
    assert weighted_total([], {"1": 4}) is None


def test_score_table_puts_reviewers_side_by_side():
    table = score_table([BANKABILITY, IMPACT], [{"1": 4, "2": 5}, {"1": 2, "2": 9}, {"1": 5}])
    assert [(c.id, values, figures) for c, values, figures in table.rows] == [
        (1, [4, 2, 5], Figures(mean=3.67, spread=3)),
        (2, [5, 9, None], Figures(mean=7.0, spread=4)),
    ]
    # (3*2/5 + 9/10) / 4 = 52.5; the third review is incomplete.
    assert table.totals == [72.5, 52.5, None]
    assert table.overall == Figures(mean=62.5, spread=20.0)


def test_no_reviews_gives_empty_figures():
    table = score_table([BANKABILITY], [])
    assert table.totals == []
    assert table.overall == Figures(None, None)
    assert table.rows[0][2] == Figures(None, None)
