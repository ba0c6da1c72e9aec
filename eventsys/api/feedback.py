"""The API of the feedback area: GET /api/v1/events/<slug>/feedback (aggregates, organizers)."""

from __future__ import annotations

from marshmallow import fields

from eventsys.accounts.models import Role
from eventsys.api import bp, schemas, scope
from eventsys.events.permissions import event_permission_required
from eventsys.feedback import results


class RatingDistribution(schemas.Strict):
    """How many answers gave each rating."""

    one = fields.Integer(required=True, data_key="1")
    two = fields.Integer(required=True, data_key="2")
    three = fields.Integer(required=True, data_key="3")
    four = fields.Integer(required=True, data_key="4")
    five = fields.Integer(required=True, data_key="5")


class RatingFigures(schemas.Strict):
    responses = fields.Integer(required=True, metadata={"description": "How many delegates rated it."})
    mean = fields.Float(
        required=True, allow_none=True, metadata={"description": "Mean rating, 1 to 5; null without answers."}
    )
    distribution = fields.Nested(RatingDistribution, required=True)


class SessionFeedback(RatingFigures):
    id = fields.Integer(required=True, metadata={"description": "The agenda session's id."})
    title = fields.Nested(schemas.Text, required=True)


class EventFeedback(schemas.Strict):
    event = fields.Nested(RatingFigures, required=True)
    sessions = fields.List(
        fields.Nested(SessionFeedback), required=True, metadata={"description": "Rated sessions, in time order."}
    )
    closes_at = schemas.IsoDateTime(
        required=True, allow_none=True, metadata={"description": "When the survey closes; null if not set."}
    )
    closes_on = schemas.IsoDate(
        required=True, allow_none=True, metadata={"description": "The last local day to answer."}
    )


_KEYS = {"1": "one", "2": "two", "3": "three", "4": "four", "5": "five"}


def _figures(found: dict) -> dict:
    # The schema serialises attribute names to "1".."5" (data_key); the service speaks those keys.
    return {**found, "distribution": {_KEYS[k]: v for k, v in found["distribution"].items()}}


@bp.route("/events/<slug>/feedback", methods=["GET"])
@scope("read")
@event_permission_required(Role.ORGANIZER)
@bp.response(200, EventFeedback)
@bp.alt_response(404, schema=schemas.Error, description="No such event.")
def event_feedback(event):
    """The survey's figures for the event and each rated session: counts, means and the 1-5
    distribution. No comment and no registration: those stay on the organizers' pages."""
    body = results.aggregates_json(event)
    body["event"] = _figures(body["event"])
    body["sessions"] = [_figures(s) for s in body["sessions"]]
    return body
