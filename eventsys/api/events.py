"""GET /api/v1/events and /api/v1/events/<slug>."""

from __future__ import annotations

from flask import jsonify

from eventsys.accounts.permissions import public
from eventsys.api import bp, json_error
from eventsys.events import services


@bp.get("/events")
@public
def list_events():
    listing = services.list_events()
    events = listing.upcoming + listing.past
    return jsonify({"events": [services.event_as_json(e) for e in events]})


@bp.get("/events/<slug>")
@public
def get_event(slug: str):
    try:
        event = services.get_event(slug)
    except services.EventNotFound:
        return json_error(404, f"No event with slug '{slug}'.")
    return jsonify(services.event_as_json(event, detail=True))
