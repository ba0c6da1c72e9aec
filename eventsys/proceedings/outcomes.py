"""How the book learns about outcomes: a tiny provider interface.

The book (collect.py and everything after it) reads outcomes only through this module, so it
imports nothing of the outcomes area and can be built, and tested, with any provider or none.
The one provider in the app is outcomes_source.py, the only proceedings module that imports the
outcomes area; the proceedings area's `init_app` registers it:

    from eventsys.proceedings.outcomes import OutcomeView, register_outcomes_provider

    register_outcomes_provider(collect=my_collect, all_approved=my_all_approved)

- `collect(event_id) -> dict[int, OutcomeView]`: the APPROVED outcome of each session that has
  one, keyed by `AgendaSession.id`. Use a handful of queries for the whole event (the book's
  collection is tested to stay a constant number of queries whatever the event's size).
- `all_approved(event_id) -> bool`: whether every outcome of the event is approved (nothing left
  in draft or review). It decides the "draft until the outcomes are approved" watermark.

With no provider registered, there are no outcomes: chapters have no outcomes section and nothing
is unapproved, so that watermark does not appear. That is the normal state of an event whose
outcomes are not recorded in eventsys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OutcomeView:
    """What a session chapter prints of an approved outcome. Lists hold plain strings."""

    summary_en: str = ""
    summary_th: str = ""
    key_messages_en: list[str] = field(default_factory=list)
    key_messages_th: list[str] = field(default_factory=list)
    recommendations_en: list[str] = field(default_factory=list)
    recommendations_th: list[str] = field(default_factory=list)
    # Each action item: {"text_en", "text_th", "owner", "due"} (owner and due may be "").
    action_items: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class OutcomesProvider:
    collect: Callable[[int], dict[int, OutcomeView]]
    all_approved: Callable[[int], bool]


_provider: OutcomesProvider | None = None


def register_outcomes_provider(
    collect: Callable[[int], dict[int, OutcomeView]], all_approved: Callable[[int], bool]
) -> None:
    """Install the outcomes area's provider (a second registration replaces the first)."""
    global _provider
    _provider = OutcomesProvider(collect=collect, all_approved=all_approved)


def unregister_outcomes_provider() -> None:
    global _provider
    _provider = None


def collect_outcomes(event_id: int) -> dict[int, OutcomeView]:
    return _provider.collect(event_id) if _provider else {}


def outcomes_all_approved(event_id: int) -> bool:
    return _provider.all_approved(event_id) if _provider else True
