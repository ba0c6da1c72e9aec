"""The reviewers' scores side by side: pure functions of the criteria and the scores, no database.

A reviewer's weighted total is a percentage: each score as a share of its criterion's scale,
weighted by the criterion's weight, so criteria on different scales (1-5, 1-10) add up fairly.
A review that leaves a criterion unscored has no total (it is not complete). The mean and the
spread (highest minus lowest) are over the complete reviews; a wide spread is what organizers
look at before deciding.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Criterion:
    id: int
    weight: int
    scale_max: int


@dataclass(frozen=True)
class Figures:
    mean: float | None
    spread: float | None


@dataclass(frozen=True)
class ScoreTable:
    # Per criterion (in order): each reviewer's score (None: not given), and their mean and spread.
    rows: list[tuple[Criterion, list[int | None], Figures]]
    totals: list[float | None]  # each reviewer's weighted total, in percent
    overall: Figures  # over the reviewers' totals


def _figures(values: list[float]) -> Figures:
    if not values:
        return Figures(None, None)
    return Figures(round(sum(values) / len(values), 2), round(max(values) - min(values), 2))


def score_of(scores: dict, criterion: Criterion) -> int | None:
    value = scores.get(str(criterion.id))
    return value if isinstance(value, int) and 1 <= value <= criterion.scale_max else None


def weighted_total(criteria: list[Criterion], scores: dict) -> float | None:
    """The weighted share of the best possible scores, in percent; None if a criterion is unscored."""
    if not criteria:
        return None
    given = [score_of(scores, c) for c in criteria]
    if any(value is None for value in given):
        return None
    weights = sum(c.weight for c in criteria)
    if weights <= 0:
        return None
    share = sum(c.weight * value / c.scale_max for c, value in zip(criteria, given, strict=True))
    return round(100 * share / weights, 1)


def score_table(criteria: list[Criterion], reviews: list[dict]) -> ScoreTable:
    """`reviews`: each reviewer's scores ({"<criterion id>": score}), in the order of the columns."""
    rows = []
    for criterion in criteria:
        values = [score_of(scores, criterion) for scores in reviews]
        rows.append((criterion, values, _figures([v for v in values if v is not None])))
    totals = [weighted_total(criteria, scores) for scores in reviews]
    return ScoreTable(rows=rows, totals=totals, overall=_figures([t for t in totals if t is not None]))
