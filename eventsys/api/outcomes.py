"""JSON API of the outcomes area (routes on eventsys.api.bp)."""

from __future__ import annotations

from flask import g
from flask_login import current_user

from eventsys.accounts.permissions import public
from eventsys.api import bp, json_error, schemas, scope
from eventsys.outcomes import permissions, services


def _version_json(version) -> dict:
    return {"number": version.number, "created_at": version.created_at.isoformat(), "content": version.content}


@bp.route("/sessions/<int:session_id>/outcomes", methods=["GET"])
@scope("read")
@public
@bp.response(200, schemas.SessionOutcomes)
@bp.alt_response(404, schema=schemas.Error, description="No session with this id.")
def session_outcomes(session_id: int):
    """A session's approved outcomes, for everyone. The session's rapporteurs and approvers also get
    the draft's status and latest version: signed in, or with a token holding the outcomes scope."""
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
    token = g.get("api_token")
    if (token is None or token.allows("outcomes")) and permissions.can_see_drafts(current_user, session):
        outcome = services.outcome_for(session.id)
        body["status"] = outcome.status.value if outcome else None
        body["latest"] = _version_json(outcome.current_version) if outcome and outcome.versions else None
    return body
