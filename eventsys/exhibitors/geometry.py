"""The floor plan's rules as pure functions on grid cells: a booth lies inside its hall, and no two
booths of a hall share a cell. Cells are whole numbers; a booth at (x, y) of size w x h covers the
cells x .. x+w-1 and y .. y+h-1, so booths that only touch along an edge do not overlap."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int


def inside(rect: Rect, width: int, height: int) -> bool:
    """Whether `rect` lies wholly within a hall of `width` x `height` cells."""
    return (
        rect.w > 0
        and rect.h > 0
        and rect.x >= 0
        and rect.y >= 0
        and rect.x + rect.w <= width
        and rect.y + rect.h <= height
    )


def overlaps(a: Rect, b: Rect) -> bool:
    """Whether two booths share at least one cell (touching edges is not overlapping)."""
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def first_overlap(rect: Rect, others: Iterable[tuple[object, Rect]]):
    """The key of the first of `others` (key, rect) that `rect` overlaps, else None."""
    return next((key for key, other in others if overlaps(rect, other)), None)


def fits_hall(booths: Iterable[Rect], width: int, height: int) -> bool:
    """Whether every booth still lies inside the hall once it is resized to `width` x `height`."""
    return all(inside(b, width, height) for b in booths)
