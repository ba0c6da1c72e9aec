"""JSON API for scanners: POST /events/<slug>/checkins and GET /events/<slug>/checkin-keys."""

from __future__ import annotations

import datetime as dt

from flask import jsonify, request
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.api import bp, json_error
from eventsys.badges import services as badges
from eventsys.checkin import services
from eventsys.db import utcnow
from eventsys.events.permissions import event_permission_required


def _scanned_at(value) -> dt.datetime | None:
    """When an offline scanner saw the badge; never in the future."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return min(moment.astimezone(dt.UTC), utcnow())


@bp.post("/events/<slug>/checkins")
@event_permission_required(Role.ORGANIZER, Role.CHECKIN_STAFF)
def create_checkin(event):
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return json_error(422, 'Send a JSON object: {"code": ..., "list": ..., "nonce": ...}.')
    code, registration_id = body.get("code"), body.get("registration_id")
    if not isinstance(code, str) and not (isinstance(registration_id, int) and 0 < registration_id < 2**31):
        return json_error(422, 'Give the scanned badge "code" (a string).', result="invalid")
    direction = body.get("direction", "in")
    if direction not in ("in", "out"):
        return json_error(422, '"direction" is "in" or "out".')
    nonce = body.get("nonce")
    if nonce is not None and (not isinstance(nonce, str) or not 8 <= len(nonce) <= 64):
        return json_error(422, '"nonce" is a string of 8 to 64 characters, unique per scan.')
    try:
        outcome = services.record_scan(
            event,
            nonce=nonce,
            code=code if isinstance(code, str) else None,
            registration_id=registration_id if not isinstance(code, str) else None,
            list_key=body.get("list"),
            direction=direction,
            user=current_user,
            device=str(body.get("device") or request.user_agent.string or ""),
            at=_scanned_at(body.get("scanned_at")),
        )
    except services.ListNotFound as exc:
        return json_error(404, str(exc))
    payload = outcome.as_json()
    if outcome.status >= 400:
        return json_error(outcome.status, outcome.message, **{k: v for k, v in payload.items() if k != "message"})
    return jsonify(payload), outcome.status


@bp.get("/events/<slug>/checkin-keys")
@event_permission_required(Role.ORGANIZER, Role.CHECKIN_STAFF)
def checkin_keys(event):
    body = badges.scanner_keys(event)
    body["lists"] = [
        {
            "key": row.key,
            "name_en": row.name_en,
            "name_th": row.name_th,
            "day": row.day.isoformat() if row.day else None,
            "session_id": row.session_id,
        }
        for row in services.ensure_lists(event)
    ]
    return jsonify(body)
