"""The approved outcomes of an event, read from the outcomes area for the book.

Proceedings builds on outcomes, never the reverse (docs/architecture.md). This is the one
proceedings module that imports the outcomes area; the proceedings area's `init_app` plugs it into
`eventsys.proceedings.outcomes`. Three queries for a whole event: the approved versions, the
outcome states, and the directory that names action owners.
"""

from __future__ import annotations

from sqlalchemy import func, select

from eventsys.agenda.models import AgendaSession
from eventsys.db import db
from eventsys.outcomes.directory import load_directory
from eventsys.outcomes.models import Outcome, OutcomeStatus, OutcomeVersion
from eventsys.proceedings.outcomes import OutcomeView


def _texts(items: list[dict], language: str) -> list[str]:
    return [item.get(f"text_{language}", "") for item in items if item.get(f"text_{language}")]


def approved_outcomes(event_id: int) -> dict[int, OutcomeView]:
    rows = db.session.execute(
        select(Outcome.session_id, OutcomeVersion.content)
        .join(OutcomeVersion, OutcomeVersion.id == Outcome.approved_version_id)
        .join(AgendaSession, AgendaSession.id == Outcome.session_id)
        .where(AgendaSession.event_id == event_id, AgendaSession.deleted_at.is_(None))
    ).all()
    if not rows:
        return {}
    directory = load_directory()
    views = {}
    for session_id, content in rows:
        views[session_id] = OutcomeView(
            summary_en=content.get("summary_en", ""),
            summary_th=content.get("summary_th", ""),
            key_messages_en=_texts(content.get("key_messages", []), "en"),
            key_messages_th=_texts(content.get("key_messages", []), "th"),
            recommendations_en=_texts(content.get("recommendations", []), "en"),
            recommendations_th=_texts(content.get("recommendations", []), "th"),
            action_items=[
                {
                    "text_en": a.get("what_en", ""),
                    "text_th": a.get("what_th", ""),
                    "owner": directory.owner_label(a.get("owner", ""), "en"),
                    "owner_th": directory.owner_label(a.get("owner", ""), "th"),
                    "due": a.get("due") or "",
                }
                for a in content.get("action_items", [])
            ],
        )
    return views


def all_outcomes_approved(event_id: int) -> bool:
    """True when no outcome of the event waits in draft, review or return."""
    pending = db.session.scalar(
        select(func.count())
        .select_from(Outcome)
        .join(AgendaSession, AgendaSession.id == Outcome.session_id)
        .where(
            AgendaSession.event_id == event_id,
            AgendaSession.deleted_at.is_(None),
            Outcome.status != OutcomeStatus.APPROVED,
        )
    )
    return pending == 0
