"""POST /api/v1/events/<slug>/registrations: the public contract for kiosks and partner sites; and
PATCH .../registrations/<token>: a delegate's own changes by their manage link's token (their
details, the language of their mails, whether they are listed among the participants)."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user

from eventsys.accounts.permissions import public
from eventsys.api import bp, json_error, schemas, scope
from eventsys.extensions import limiter, per_account_limit
from eventsys.registration import services
from eventsys.registration.errors import InvalidRegistration, RegistrationError
from eventsys.registration.tokens import invitation_from_token
from eventsys.registration.validation import EDITABLE_FIELDS


def _rate_limit() -> str:
    return current_app.config["REGISTRATION_RATE_LIMIT"]


def registration_error_response(exc: RegistrationError):
    """The one translation of a registration domain error into an API answer."""
    errors = exc.errors if isinstance(exc, InvalidRegistration) else None
    return json_error(exc.status, str(exc.message), code=exc.code, errors=errors)


@bp.route("/events/<slug>/registrations", methods=["POST"])
@scope("registrations")
@public
@limiter.limit(_rate_limit)
@per_account_limit("REGISTRATION_ACCOUNT_RATE_LIMIT")
# The body is documented by its schema but checked by the registration rules alone (the form's
# rules), so that every wrong field is named in one answer.
@bp.doc(requestBody={"required": True, "content": {"application/json": {"schema": schemas.RegistrationIn}}})
@bp.response(201, schemas.RegistrationCreated, description="Registered: confirmed, waitlisted or pending.")
@bp.alt_response(403, schema=schemas.Error, description="Registration closed, or by invitation only.")
@bp.alt_response(404, schema=schemas.Error, description="No event open for registration with this slug.")
@bp.alt_response(
    409,
    schema=schemas.Error,
    description="Already registered (a fresh manage link is mailed to the address; nothing else is said), "
    "or no seat left.",
)
@bp.alt_response(422, schema=schemas.Error, description="Fields missing or not valid: see `errors`.")
@bp.alt_response(429, schema=schemas.Error, description="Too many registrations from this address.")
def create_registration(slug: str):
    """Register a delegate, as the public form does: kiosks and partner sites. The delegate gets the
    confirmation mail with their manage link."""
    try:
        event = services.event_for_registration(slug)
    except services.EventNotFound:
        return json_error(404, f"No event with slug '{slug}'.")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return registration_error_response(InvalidRegistration({"body": "Send a JSON object."}))
    invitation = invitation_from_token(data.get("invitation"), event)
    if data.get("language") not in ("en", "th"):
        # No (usable) choice: the invitation's language, else the caller's Accept-Language.
        data = {**data, "language": None}
    language = request.accept_languages.best_match(("en", "th")) or "en"
    try:
        registration = services.register(
            event,
            data,
            actor=current_user if current_user.is_authenticated else "api",
            invitation=invitation,
            language=language,
        )
    except RegistrationError as exc:
        return registration_error_response(exc)
    return registration_state(registration), 201


def registration_state(registration) -> dict:
    return {
        "id": registration.id,
        "status": registration.status.value,
        "manage_url": services.manage_url(registration),
        "listed": registration.listed_as_participant,
        "language": registration.language,
    }


@bp.route("/events/<slug>/registrations/<token>", methods=["PATCH"])
@scope("registrations")
@public
@limiter.limit(_rate_limit)
@bp.doc(requestBody={"required": True, "content": {"application/json": {"schema": schemas.RegistrationUpdate}}})
@bp.response(200, schemas.RegistrationState, description="Saved: the registration as it is now.")
@bp.alt_response(404, schema=schemas.Error, description="No registration behind this token in this event.")
@bp.alt_response(422, schema=schemas.Error, description="Fields not valid: see `errors`.")
@bp.alt_response(429, schema=schemas.Error, description="Too many requests from this address.")
def update_registration(slug: str, token: str):
    """A delegate changes their own registration, as on its manage page: `token` is the last part
    of their manage link. Send only what changes, e.g. `{"listed": true}`."""
    registration = services.registration_from_manage_token(token)
    if registration is None or registration.event.slug != slug or registration.is_erased:
        return json_error(404, "No registration behind this link in this event.")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return registration_error_response(InvalidRegistration({"body": "Send a JSON object."}))
    current = services.registration_as_json(registration)
    merged = {name: current[name] for name in EDITABLE_FIELDS}
    merged.update({name: data[name] for name in EDITABLE_FIELDS if name in data})
    try:
        services.update_details(registration, merged, questions=services.questions_for(registration.event))
    except RegistrationError as exc:
        return registration_error_response(exc)
    return registration_state(registration)
