"""The API of the exhibitors area: GET /api/v1/events/<slug>/exhibitors and /floorplan (public)."""

from __future__ import annotations

from marshmallow import fields, validate

from eventsys.accounts.permissions import public
from eventsys.api import bp, json_error, scope
from eventsys.api.schemas import Error, Strict, Text
from eventsys.events import services as events
from eventsys.exhibitors import floorplan, services

KINDS = ["city", "agency", "company", "partner"]


class ExhibitorItem(Strict):
    id = fields.Integer(required=True)
    name = fields.Nested(Text, required=True)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    country = fields.String(required=True, metadata={"description": "ISO 3166-1 alpha-2."})
    city = fields.String(required=True, allow_none=True, metadata={"description": "The ASCN city's slug, if one."})
    booth = fields.String(required=True, allow_none=True, metadata={"description": "The booth's number, if assigned."})
    url = fields.String(required=True, metadata={"description": "The exhibitor's public page."})


class ExhibitorList(Strict):
    exhibitors = fields.List(fields.Nested(ExhibitorItem), required=True)


class BoothExhibitor(Strict):
    id = fields.Integer(required=True)
    name = fields.Nested(Text, required=True)


class FloorplanBooth(Strict):
    number = fields.String(required=True)
    x = fields.Integer(required=True, metadata={"description": "Column of the booth's top-left cell, from 0."})
    y = fields.Integer(required=True, metadata={"description": "Row of the booth's top-left cell, from 0."})
    w = fields.Integer(required=True, metadata={"description": "Width in cells."})
    h = fields.Integer(required=True, metadata={"description": "Depth in cells."})
    exhibitor = fields.Nested(BoothExhibitor, required=True, allow_none=True)


class FloorplanHall(Strict):
    id = fields.Integer(required=True)
    name = fields.Nested(Text, required=True)
    width = fields.Integer(required=True, metadata={"description": "In grid cells."})
    height = fields.Integer(required=True, metadata={"description": "In grid cells."})
    booths = fields.List(fields.Nested(FloorplanBooth), required=True)


class Floorplan(Strict):
    halls = fields.List(fields.Nested(FloorplanHall), required=True)


@bp.route("/events/<slug>/exhibitors", methods=["GET"])
@scope("read")
@public
@bp.response(200, ExhibitorList)
@bp.alt_response(404, schema=Error, description="No published event with this slug.")
def list_exhibitors(slug: str):
    """The event's accepted exhibitors, in alphabetical order, with their booths."""
    try:
        event = events.get_event(slug)
    except events.EventNotFound:
        return json_error(404, f"No event with slug '{slug}'.")
    found = services.directory(event, services.DirectoryFilters())
    return {"exhibitors": [services.exhibitor_as_json(e) for e in found]}


@bp.route("/events/<slug>/floorplan", methods=["GET"])
@scope("read")
@public
@bp.response(200, Floorplan)
@bp.alt_response(404, schema=Error, description="No published event with this slug.")
def get_floorplan(slug: str):
    """The event's halls and booths on their grid, each booth with its accepted exhibitor or null."""
    try:
        event = events.get_event(slug)
    except events.EventNotFound:
        return json_error(404, f"No event with slug '{slug}'.")
    return floorplan.floorplan_as_json(event)
