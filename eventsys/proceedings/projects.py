"""How the book learns about a call's accepted city projects: a tiny provider interface, like
`outcomes.py`.

The projects area sits above proceedings (docs/architecture.md), so the book cannot import it;
the projects area's `init_app` registers its provider here instead:

    register_projects_provider(collect=my_collect)

- `collect(event_id) -> list[ProjectView]`: the event's accepted projects, in print order, in a
  query or two for the whole event (the book's collection stays a constant number of queries).

With no provider registered there are no projects, and the book has no projects section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProjectView:
    """What the book prints of an accepted project; the outcomes of its pitch session are the
    session's (the book's `outcomes`, keyed by `pitch_session_id`)."""

    id: int
    title_en: str
    title_th: str = ""
    city_en: str = ""
    city_th: str = ""
    seeking: list[str] = field(default_factory=list)  # "finance", "technology", "partner"
    stage: str = ""
    pitch_session_id: int | None = None


_collect: Callable[[int], list[ProjectView]] | None = None


def register_projects_provider(collect: Callable[[int], list[ProjectView]]) -> None:
    """Install the projects area's provider (a second registration replaces the first)."""
    global _collect
    _collect = collect


def collect_projects(event_id: int) -> list[ProjectView]:
    return _collect(event_id) if _collect else []
