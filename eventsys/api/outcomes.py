"""JSON API of the outcomes area (routes on eventsys.api.bp)."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from eventsys.accounts.permissions import public
from eventsys.api import bp, json_error
from eventsys.outcomes import permissions, services


def _version_json(version) -> dict:
    return {"number": version.number, "created_at": version.created_at.isoformat(), "content": version.content}


@bp.get("/sessions/<int:session_id>/outcomes")
@public
def session_outcomes(session_id: int):
    """Approved outcomes for everyone; the session's rapporteurs and approvers also get the draft."""
    try:
        session = services.get_session(session_id, public=True)
    except services.SessionNotFound:
        return json_error(404, f"No session with id {session_id}.")
    body = {
        "session_id": session.id,
        "event_id": session.event_id,
        "event_slug": session.event.slug,
        "title": {"en": session.title_en, "th": session.title_th or None},
        "approved": None,
    }
    found = services.approved_content(session.id)
    if found:
        body["approved"] = _version_json(found[1])
    if permissions.can_see_drafts(current_user, session):
        outcome = services.outcome_for(session.id)
        body["status"] = outcome.status.value if outcome else None
        body["latest"] = _version_json(outcome.current_version) if outcome and outcome.versions else None
    return jsonify(body)
