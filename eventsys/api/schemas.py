"""The shapes of /api/v1's requests and answers, as marshmallow schemas.

flask-smorest turns them into the OpenAPI 3.1 document at /api/v1/openapi.json, validates the
request bodies declared with `@bp.arguments`, and serialises answers through `@bp.response`. A
field that may be absent from an answer is not `required`; one that may be null says
`allow_none`. The test suite (tests/api/test_openapi_contract.py) runs Schemathesis against the
document, so a field said here and a value the code sends cannot drift apart unnoticed.
"""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate


class IsoDateTime(fields.String):
    """An answer's moment: the ISO 8601 text the code wrote (with its UTC offset), passed through."""


class IsoDate(fields.String):
    """An answer's calendar date: ISO 8601 text, passed through."""


# How the document types them (registered with flask-smorest in eventsys.api.init_app).
OPENAPI_FORMATS = {IsoDateTime: ("string", "date-time"), IsoDate: ("string", "date")}


class Strict(Schema):
    class Meta:
        ordered = True


class Error(Strict):
    """Every error the API answers, whatever its status."""

    error = fields.String(required=True, metadata={"description": "A stable code, e.g. not_found, invalid."})
    message = fields.String(required=True, metadata={"description": "What went wrong, for a person."})
    status = fields.Integer(required=True, metadata={"description": "The HTTP status, repeated."})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Per field: what is wrong with it (validation errors only)."},
    )


class Text(Strict):
    """A text in both languages; Thai is null where there is none."""

    en = fields.String(required=True, allow_none=True)
    th = fields.String(required=True, allow_none=True)


class RegistrationWindow(Strict):
    mode = fields.String(required=True, validate=validate.OneOf(["open", "moderated", "invitation"]))
    status = fields.String(required=True)
    opens_at = IsoDateTime(required=True, allow_none=True)
    closes_at = IsoDateTime(required=True, allow_none=True)
    capacity = fields.Integer(required=True, allow_none=True)


class Host(Strict):
    name = fields.Nested(Text, required=True)
    acronym = fields.String(required=True, allow_none=True)
    role = fields.Nested(Text, required=True)


class Event(Strict):
    slug = fields.String(required=True)
    kind = fields.String(required=True)
    title = fields.Nested(Text, required=True)
    start_date = IsoDate(required=True)
    end_date = IsoDate(required=True)
    timezone = fields.String(required=True)
    venue = fields.Nested(Text, required=True)
    city = fields.String(required=True, allow_none=True)
    is_sample = fields.Boolean(required=True)
    registration = fields.Nested(RegistrationWindow, required=True)
    series = fields.String(required=True, allow_none=True)


class EventDetail(Event):
    theme = fields.Nested(Text, required=True)
    description = fields.Nested(Text, required=True)
    address = fields.String(required=True, allow_none=True)
    hosts = fields.List(fields.Nested(Host), required=True)


class EventList(Strict):
    events = fields.List(fields.Nested(Event), required=True)


class Room(Strict):
    id = fields.Integer(required=True)
    name = fields.Nested(Text, required=True)
    capacity = fields.Integer(required=True, allow_none=True)


class Track(Strict):
    id = fields.Integer(required=True)
    name = fields.Nested(Text, required=True)
    colour = fields.String(required=True, allow_none=True)


class SessionPerson(Strict):
    person_id = fields.Integer(required=True)
    role = fields.String(required=True)
    name = fields.String(required=True)
    local_name = fields.String(required=True, allow_none=True)
    position = fields.Nested(Text, required=True)


class Topic(Strict):
    slug = fields.String(required=True)
    name = fields.Nested(Text, required=True)


class Session(Strict):
    id = fields.Integer(required=True)
    event = fields.String(required=True)
    type = fields.String(required=True)
    title = fields.Nested(Text, required=True)
    abstract = fields.Nested(Text, required=True)
    starts_at = IsoDateTime(required=True)
    ends_at = IsoDateTime(required=True)
    timezone = fields.String(required=True)
    room = fields.Nested(Room, required=True, allow_none=True)
    track = fields.Nested(Track, required=True, allow_none=True)
    people = fields.List(fields.Nested(SessionPerson), required=True)
    focus_areas = fields.List(fields.Nested(Topic), required=True)
    dimensions = fields.List(fields.Nested(Topic), required=True)
    signup_required = fields.Boolean(required=True)
    signup_capacity = fields.Integer(required=True, allow_none=True)


class SessionList(Strict):
    event = fields.String(required=True)
    timezone = fields.String(required=True)
    sessions = fields.List(fields.Nested(Session), required=True)


class OutcomeVersion(Strict):
    number = fields.Integer(required=True)
    created_at = IsoDateTime(required=True)
    content = fields.Dict(required=True)


class SessionOutcomes(Strict):
    session_id = fields.Integer(required=True)
    event_id = fields.Integer(required=True)
    event_slug = fields.String(required=True)
    title = fields.Nested(Text, required=True)
    approved = fields.Nested(OutcomeVersion, required=True, allow_none=True)
    status = fields.String(
        allow_none=True,
        metadata={"description": "Only for the session's rapporteurs and approvers, with the outcomes scope."},
    )
    latest = fields.Nested(OutcomeVersion, allow_none=True, metadata={"description": "As for status."})


class ReportRecommendation(Strict):
    id = fields.String(required=True)
    text = fields.Nested(Text, required=True)


class ReportItem(Strict):
    position = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["recommendation", "outcome"]))
    recommendation_id = fields.String(required=True, allow_none=True)
    outcome_id = fields.Integer(required=True, allow_none=True)
    session_id = fields.Integer(required=True)
    event_id = fields.Integer(required=True)
    event_slug = fields.String(required=True)
    session_title = fields.Nested(Text, required=True)
    connecting_text = fields.Nested(Text, required=True)
    cited_version = fields.Integer(required=True, allow_none=True)
    current_version = fields.Integer(required=True, allow_none=True)
    out_of_date = fields.Boolean(required=True)
    text = fields.Nested(Text, metadata={"description": "A recommendation's text."})
    summary = fields.Nested(Text, metadata={"description": "An outcome's summary."})
    recommendations = fields.List(fields.Nested(ReportRecommendation))


class ReportSection(Strict):
    number = fields.Integer(required=True)
    title = fields.Nested(Text, required=True)
    text = fields.Nested(Text, required=True)
    items = fields.List(fields.Nested(ReportItem), required=True)


class ReportTarget(Strict):
    name = fields.Nested(Text, required=True)
    date = IsoDate(required=True, allow_none=True)


class Report(Strict):
    slug = fields.String(required=True)
    title = fields.Nested(Text, required=True)
    target = fields.Nested(ReportTarget, required=True)
    editor = fields.String(required=True, allow_none=True)
    introduction = fields.Nested(Text, required=True)
    published = fields.Boolean(required=True)
    published_at = IsoDateTime(required=True, allow_none=True)
    sections = fields.List(fields.Nested(ReportSection), required=True)


class VisaLetterIn(Strict):
    """The passport details a visa invitation letter needs, checked like the form's (422 names each)."""

    class Meta:
        ordered = True

    name_in_passport = fields.String(required=True, validate=validate.Length(max=200))
    nationality = fields.String(required=True, metadata={"description": "ISO 3166-1 alpha-2 code, e.g. MM."})
    passport_number = fields.String(
        required=True, metadata={"description": "5 to 20 letters and digits (spaces and hyphens are dropped)."}
    )
    passport_expiry = IsoDate(required=True, metadata={"description": "After the event's last day."})
    date_of_birth = IsoDate(required=True, metadata={"description": "In the past; 16 to 110 years old at the event."})


class RegistrationIn(Strict):
    """A delegate's registration. The values are checked again by the registration rules (a known
    country and city, the event's questions, consent given), which answer 422 with `errors`."""

    class Meta:
        ordered = True
        unknown = EXCLUDE

    email = fields.String(required=True, validate=validate.Length(max=254))
    first_name = fields.String(required=True, validate=validate.Length(max=100))
    last_name = fields.String(required=True, validate=validate.Length(max=100))
    local_name = fields.String(validate=validate.Length(max=200), metadata={"description": "Name in Thai script."})
    organisation = fields.String(validate=validate.Length(max=200))
    position = fields.String(validate=validate.Length(max=200))
    country = fields.String(required=True, metadata={"description": "ISO 3166-1 alpha-2 code, e.g. TH."})
    city = fields.String(allow_none=True, metadata={"description": "An ASCN city's slug, e.g. bangkok."})
    category = fields.String(required=True, metadata={"description": "e.g. city_representative, observer."})
    dietary = fields.String(validate=validate.Length(max=500))
    accessibility = fields.String(validate=validate.Length(max=500))
    answers = fields.Dict(keys=fields.String(), metadata={"description": "The event's questions, by key."})
    consent = fields.Boolean(required=True, metadata={"description": "Must be true."})
    invitation = fields.String(allow_none=True, metadata={"description": "The token of an invitation link."})
    language = fields.String(
        validate=validate.OneOf(["en", "th"]),
        metadata={
            "description": "The language of the delegate's mails (default: the invitation's, else Accept-Language)."
        },
    )
    listed = fields.Boolean(
        load_default=False,
        metadata={
            "description": "The delegate agrees to appear in the published participant list and proceedings "
            "(name, organisation, country). Only an explicit true lists them."
        },
    )
    visa_letter = fields.Nested(
        VisaLetterIn,
        allow_none=True,
        metadata={
            "description": "Ask for a visa invitation letter with these passport details (encrypted at rest, "
            "seen only by the organizers); saved with the registration or not at all."
        },
    )


class RegistrationCreated(Strict):
    id = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(["pending", "confirmed", "waitlisted"]))
    manage_url = fields.String(required=True)
    listed = fields.Boolean(required=True, metadata={"description": "In the published participant list."})
    language = fields.String(required=True, validate=validate.OneOf(["en", "th"]))


class RegistrationUpdate(Strict):
    """What a delegate may change, by their manage link's token: any of these; what is left out stays.
    E-mail and category are the organizers' to change."""

    class Meta:
        ordered = True
        unknown = EXCLUDE

    first_name = fields.String(validate=validate.Length(max=100))
    last_name = fields.String(validate=validate.Length(max=100))
    local_name = fields.String(validate=validate.Length(max=200))
    organisation = fields.String(validate=validate.Length(max=200))
    position = fields.String(validate=validate.Length(max=200))
    country = fields.String(metadata={"description": "ISO 3166-1 alpha-2 code, e.g. TH."})
    city = fields.String(allow_none=True, metadata={"description": "An ASCN city's slug, or null."})
    dietary = fields.String(validate=validate.Length(max=500))
    accessibility = fields.String(validate=validate.Length(max=500))
    answers = fields.Dict(keys=fields.String(), metadata={"description": "The event's questions, by key."})
    language = fields.String(validate=validate.OneOf(["en", "th"]), metadata={"description": "For the mails."})
    listed = fields.Boolean(metadata={"description": "In the published participant list and proceedings."})


class RegistrationState(Strict):
    id = fields.Integer(required=True)
    status = fields.String(
        required=True, validate=validate.OneOf(["pending", "confirmed", "waitlisted", "rejected", "withdrawn"])
    )
    manage_url = fields.String(required=True)
    listed = fields.Boolean(required=True, metadata={"description": "In the published participant list."})
    language = fields.String(required=True, validate=validate.OneOf(["en", "th"]))


class CheckinIn(Strict):
    class Meta:
        ordered = True
        unknown = EXCLUDE

    code = fields.String(
        validate=validate.Length(max=500),
        metadata={"description": "The scanned badge or ticket code (or give registration_id)."},
    )
    registration_id = fields.Integer(
        validate=validate.Range(min=1, max=2**31 - 1), metadata={"description": "Manual check-in by id."}
    )
    list = fields.String(allow_none=True, metadata={"description": "A check-in list's key (default: the event)."})
    direction = fields.String(load_default="in", validate=validate.OneOf(["in", "out"]))
    nonce = fields.String(
        allow_none=True,
        validate=validate.Length(min=8, max=64),
        metadata={"description": "Unique per scan: a retried upload is answered, not counted twice."},
    )
    device = fields.String(allow_none=True, validate=validate.Length(max=200))
    scanned_at = fields.DateTime(allow_none=True, metadata={"description": "When an offline scanner saw it."})


class ScannedRegistration(Strict):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    local_name = fields.String(required=True, allow_none=True)
    organisation = fields.String(required=True, allow_none=True)
    category = fields.String(required=True)
    category_label = fields.String(required=True)
    country = fields.String(required=True, allow_none=True)
    city = fields.String(required=True)
    status = fields.String(required=True)


class CheckinList(Strict):
    key = fields.String(required=True)
    name = fields.String(required=True)


class CheckinResult(Strict):
    result = fields.String(required=True)
    ok = fields.Boolean(required=True)
    already_checked_in = fields.Boolean(required=True)
    message = fields.String(required=True)
    warnings = fields.List(fields.String(), required=True)
    list = fields.Nested(CheckinList, required=True, allow_none=True)
    scan_id = fields.Integer(required=True)
    scanned_at = IsoDateTime(required=True)
    replayed = fields.Boolean(required=True)
    badge_serial = fields.Integer(required=True, allow_none=True)
    registration = fields.Nested(ScannedRegistration, required=True, allow_none=True)
    checked_in_at = IsoDateTime()
    checked_in_at_local = fields.String()
    checked_out_at = IsoDateTime(allow_none=True)
    first_checked_in_at = IsoDateTime()


class CheckinRefused(Error):
    """A refused scan: the error fields, with what the scanner shows (the result and who it was)."""

    result = fields.String()
    ok = fields.Boolean()
    already_checked_in = fields.Boolean()
    warnings = fields.List(fields.String())
    list = fields.Nested(CheckinList, allow_none=True)
    scan_id = fields.Integer()
    scanned_at = IsoDateTime()
    replayed = fields.Boolean()
    badge_serial = fields.Integer(allow_none=True)
    registration = fields.Nested(ScannedRegistration, allow_none=True)


class RevokedBadge(Strict):
    registration_id = fields.Integer(required=True)
    serial = fields.Integer(required=True)
    revoked_at = IsoDateTime(required=True)


class ScannerList(Strict):
    key = fields.String(required=True)
    name_en = fields.String(required=True)
    name_th = fields.String(required=True, allow_none=True)
    day = IsoDate(required=True, allow_none=True)
    session_id = fields.Integer(required=True, allow_none=True)


class CheckinKeys(Strict):
    event = fields.String(required=True)
    event_id = fields.Integer(required=True)
    algorithm = fields.String(required=True)
    public_key = fields.String(required=True)
    code_format = fields.String(required=True)
    revoked = fields.List(fields.Nested(RevokedBadge), required=True)
    generated_at = IsoDateTime(required=True)
    lists = fields.List(fields.Nested(ScannerList), required=True)


class BadgeRequest(Strict):
    class Meta:
        ordered = True
        unknown = EXCLUDE

    layout = fields.String(
        allow_none=True,
        validate=validate.Length(max=50),
        metadata={"description": "A badge layout's name (default: the event's)."},
    )


class BadgeReplaceRequest(Strict):
    class Meta:
        ordered = True

    reason = fields.String(
        required=True,
        validate=validate.Length(min=1, max=500),
        metadata={"description": "Why the badge is replaced, e.g. lost or a wrong name (kept in the audit log)."},
    )


class BadgeReplaced(Schema):
    class Meta:
        ordered = True

    registration_id = fields.Integer(required=True)
    revoked_serial = fields.Integer(required=True, metadata={"description": "The serial the door now refuses."})
    serial = fields.Integer(required=True, metadata={"description": "The serial of the next print."})
