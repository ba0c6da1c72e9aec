"""GET /api/v1/events and /api/v1/events/<slug>."""

from __future__ import annotations

from eventsys.accounts.permissions import public
from eventsys.api import bp, json_error, schemas, scope
from eventsys.events import services


@bp.route("/events", methods=["GET"])
@scope("read")
@public
@bp.response(200, schemas.EventList)
def list_events():
    """Every published event, upcoming first, then past ones."""
    listing = services.list_events()
    return {"events": [services.event_as_json(e) for e in listing.upcoming + listing.past]}


@bp.route("/events/<slug>", methods=["GET"])
@scope("read")
@public
@bp.response(200, schemas.EventDetail)
@bp.alt_response(404, schema=schemas.Error, description="No published event with this slug.")
def get_event(slug: str):
    """One published event, with its theme, description and hosts."""
    try:
        event = services.get_event(slug)
    except services.EventNotFound:
        return json_error(404, f"No event with slug '{slug}'.")
    return services.event_as_json(event, detail=True)
