"""The API of the documents area: GET /api/v1/verify/<code>, the verify page's facts as JSON."""

from __future__ import annotations

from flask import current_app
from marshmallow import fields, validate

from eventsys.accounts.permissions import public
from eventsys.api import bp, json_error, scope
from eventsys.api.schemas import Error, IsoDate, Strict, Text
from eventsys.documents import facts, services
from eventsys.extensions import limiter


class VerifiedEvent(Strict):
    slug = fields.String(required=True, allow_none=True)
    name = fields.Nested(Text, required=True)
    starts_on = IsoDate(required=True, allow_none=True)
    ends_on = IsoDate(required=True, allow_none=True)


class Issuer(Strict):
    organisation = fields.Nested(Text, required=True)
    signatory = fields.Nested(Text, required=True, metadata={"description": "The signatory's name."})


class AttendedSession(Strict):
    title = fields.Nested(Text, required=True)
    day = IsoDate(required=True, allow_none=True)


class Attended(Strict):
    days = fields.List(IsoDate(), required=True)
    sessions = fields.List(fields.Nested(AttendedSession), required=True)


class VerifiedDocument(Strict):
    """What a letter or certificate states, and whether it stands. No e-mail, no passport data."""

    code = fields.String(required=True, metadata={"description": "XXXX-XXXX-XXXX, as printed."})
    valid = fields.Boolean(required=True)
    revoked = fields.Boolean(required=True)
    revoked_on = IsoDate(required=True, allow_none=True)
    revoked_reason = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True, validate=validate.OneOf(["letter", "certificate"]))
    holder = fields.String(
        required=True, allow_none=True, metadata={"description": "The name as on the document; null once erased."}
    )
    holder_erased = fields.Boolean(required=True)
    event = fields.Nested(VerifiedEvent, required=True)
    issued_by = fields.Nested(Issuer, required=True)
    issued_on = IsoDate(required=True, allow_none=True)
    attended = fields.Nested(Attended, required=True, allow_none=True, metadata={"description": "Certificates only."})


def _rate_limit() -> str:
    return current_app.config["VERIFY_RATE_LIMIT"]


@bp.route("/verify/<code>", methods=["GET"])
@scope("read")
@public
@limiter.limit(_rate_limit)
@bp.response(200, VerifiedDocument, description="A document was issued with this code: valid or revoked.")
@bp.alt_response(400, schema=Error, description="Not a valid code: mistyped or altered (its check fails).")
@bp.alt_response(404, schema=Error, description="The code is well formed, but no document was issued with it.")
@bp.alt_response(429, schema=Error, description="Too many look-ups from this address.")
def verify_document(code: str):
    """Check a visa invitation letter or certificate of attendance by the code printed on it."""
    result = services.verify(code)
    if result.state in ("malformed", "altered"):
        return json_error(400, "Not a valid code: it was mistyped or altered.", code="invalid_code")
    if result.state == "unknown":
        return json_error(404, "No document was issued with this code.", code="not_issued")
    return facts.as_json(result.document)
