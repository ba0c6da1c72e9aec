"""JSON API for scanners: POST /events/<slug>/checkins and GET /events/<slug>/checkin-keys."""

from __future__ import annotations

import datetime as dt

from flask import request
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.api import bp, json_error, schemas, scope
from eventsys.badges import services as badges
from eventsys.checkin import services
from eventsys.db import utcnow
from eventsys.events.permissions import event_permission_required


def _scanned_at(moment: dt.datetime | None) -> dt.datetime | None:
    """When an offline scanner saw the badge; never in the future, and only with its time zone."""
    if moment is None or moment.tzinfo is None:
        return None
    return min(moment.astimezone(dt.UTC), utcnow())


@bp.route("/events/<slug>/checkins", methods=["POST"])
@scope("checkin")
@event_permission_required(Role.ORGANIZER, Role.CHECKIN_STAFF)
@bp.arguments(schemas.CheckinIn)
@bp.response(200, schemas.CheckinResult, description="Checked in or out, or already in (a repeated scan).")
@bp.alt_response(201, schema=schemas.CheckinResult, description="Checked in now.")
@bp.alt_response(404, schema=schemas.Error, description="No such event or check-in list.")
@bp.alt_response(409, schema=schemas.CheckinRefused, description="Refused: another event, revoked, not confirmed.")
@bp.alt_response(422, schema=schemas.CheckinRefused, description="Not a badge code, or the body is not valid.")
def create_checkin(body: dict, event):
    """Record one scan at a door: the badge's or ticket's code (or a registration id, by hand).
    A nonce makes a retried upload count once."""
    code, registration_id = body.get("code"), body.get("registration_id")
    if code is None and registration_id is None:
        return json_error(422, 'Give the scanned badge "code" (a string).', code="invalid", result="invalid")
    try:
        outcome = services.record_scan(
            event,
            nonce=body.get("nonce"),
            code=code,
            registration_id=registration_id if code is None else None,
            list_key=body.get("list"),
            direction=body["direction"],
            user=current_user,
            device=str(body.get("device") or request.user_agent.string or "")[:200],
            at=_scanned_at(body.get("scanned_at")),
        )
    except services.ListNotFound as exc:
        return json_error(404, str(exc))
    payload = outcome.as_json()
    if outcome.status >= 400:
        return json_error(
            outcome.status,
            outcome.message,
            code=outcome.result.value,
            **{k: v for k, v in payload.items() if k != "message"},
        )
    return payload, outcome.status


@bp.route("/events/<slug>/checkin-keys", methods=["GET"])
@scope("checkin")
@event_permission_required(Role.ORGANIZER, Role.CHECKIN_STAFF)
@bp.response(200, schemas.CheckinKeys)
@bp.alt_response(404, schema=schemas.Error, description="No such event.")
def checkin_keys(event):
    """What an offline scanner needs: the event's public key, revoked badges and the check-in lists."""
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
    return body
