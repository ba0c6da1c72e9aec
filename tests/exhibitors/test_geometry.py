"""The floor plan's rules as pure functions: inside the hall, no overlap (touching is fine)."""

from __future__ import annotations

import pytest

from eventsys.exhibitors.geometry import Rect, first_overlap, fits_hall, inside, overlaps


@pytest.mark.parametrize(
    ("rect", "expected"),
    [
        (Rect(0, 0, 10, 8), True),  # the whole hall
        (Rect(6, 5, 4, 3), True),  # flush with the far corner
        (Rect(7, 5, 4, 3), False),  # one cell past the right wall
        (Rect(6, 6, 4, 3), False),  # one cell past the back wall
        (Rect(-1, 0, 2, 2), False),
        (Rect(0, -1, 2, 2), False),
        (Rect(2, 2, 0, 2), False),  # no width
        (Rect(2, 2, 2, 0), False),
    ],
)
def test_a_booth_lies_inside_its_hall(rect, expected):
    assert inside(rect, 10, 8) is expected


@pytest.mark.parametrize(
    ("b", "expected"),
    [
        (Rect(2, 2, 3, 3), True),  # the same cells
        (Rect(4, 4, 2, 2), True),  # one shared corner cell
        (Rect(0, 0, 10, 10), True),  # contains it
        (Rect(3, 3, 1, 1), True),  # inside it
        (Rect(5, 2, 2, 3), False),  # touches its right edge
        (Rect(2, 5, 3, 1), False),  # touches its back edge
        (Rect(5, 5, 1, 1), False),  # diagonal neighbour
        (Rect(0, 0, 2, 2), False),  # touches its top-left corner
    ],
)
def test_overlap_means_sharing_a_cell(b, expected):
    a = Rect(2, 2, 3, 3)
    assert overlaps(a, b) is expected
    assert overlaps(b, a) is expected  # symmetric


def test_first_overlap_names_the_booth_in_the_way():
    others = [("A1", Rect(0, 0, 2, 2)), ("A2", Rect(4, 0, 2, 2)), ("A3", Rect(4, 1, 2, 2))]
    assert first_overlap(Rect(3, 1, 2, 1), others) == "A2"
    assert first_overlap(Rect(2, 0, 2, 2), others) is None


def test_a_hall_shrinks_only_around_its_booths():
    booths = [Rect(0, 0, 2, 2), Rect(6, 3, 2, 2)]
    assert fits_hall(booths, 8, 5)
    assert not fits_hall(booths, 7, 5)
    assert not fits_hall(booths, 8, 4)
    assert fits_hall([], 1, 1)
