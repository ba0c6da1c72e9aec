"""JSON API of the agenda area: the published sessions (never the draft)."""

from __future__ import annotations

from eventsys.accounts.permissions import public
from eventsys.agenda.published import PublishedSessionView, published_session, published_sessions
from eventsys.api import bp, json_error, schemas, scope
from eventsys.db import db
from eventsys.events import services as events
from eventsys.events.models import Event


def session_as_json(event: Event, session: PublishedSessionView) -> dict:
    zone = event.zone

    def both(en, th):
        return {"en": en, "th": th or None}

    return {
        "id": session.id,
        "event": event.slug,
        "type": session.type.value,
        "title": both(session.title_en, session.title_th),
        "abstract": both(session.abstract_en or None, session.abstract_th),
        "starts_at": session.starts_at.astimezone(zone).isoformat(),
        "ends_at": session.ends_at.astimezone(zone).isoformat(),
        "timezone": event.timezone,
        "room": {
            "id": session.room.id,
            "name": both(session.room.name_en, session.room.name_th),
            "capacity": session.room.capacity,
        }
        if session.room
        else None,
        "track": {
            "id": session.track.id,
            "name": both(session.track.name_en, session.track.name_th),
            "colour": session.track.colour,
        }
        if session.track
        else None,
        "people": [
            {
                "person_id": p.person_id,
                "role": p.role.value,
                "name": p.latin_name,
                "local_name": p.data.get("local_name") or None,
                "position": both(p.data.get("position_en") or None, p.data.get("position_th")),
            }
            for p in session.people
        ],
        "focus_areas": [
            {"slug": t.slug, "name": both(t.name_en, t.name_th)} for t in session.topics if t.scheme == "focus_area"
        ],
        "dimensions": [
            {"slug": t.slug, "name": both(t.name_en, t.name_th)}
            for t in session.topics
            if t.scheme == "smart_city_dimension"
        ],
        "signup_required": session.signup_required,
        "signup_capacity": session.signup_capacity,
    }


@bp.route("/events/<slug>/sessions", methods=["GET"])
@scope("read")
@public
@bp.response(200, schemas.SessionList)
@bp.alt_response(404, schema=schemas.Error, description="No published event with this slug.")
def list_sessions(slug: str):
    """The event's published programme (never the draft), in order."""
    try:
        event = events.get_event(slug)
    except events.EventNotFound:
        return json_error(404, f"No event with slug '{slug}'.")
    return {
        "event": event.slug,
        "timezone": event.timezone,
        "sessions": [session_as_json(event, s) for s in published_sessions(event)],
    }


@bp.route("/sessions/<int:session_id>", methods=["GET"])
@scope("read")
@public
@bp.response(200, schemas.Session)
@bp.alt_response(404, schema=schemas.Error, description="No published session with this id.")
def get_session(session_id: int):
    """One published session."""
    session = published_session(session_id)
    event = db.session.get(Event, session.event_id) if session is not None else None
    if session is None or event is None or not event.is_published:
        return json_error(404, f"No published session with id {session_id}.")
    return session_as_json(event, session)
