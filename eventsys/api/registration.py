"""POST /api/v1/events/<slug>/registrations: the public contract for kiosks and partner sites."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user

from eventsys.accounts.permissions import public
from eventsys.api import bp, json_error, schemas, scope
from eventsys.extensions import limiter, per_account_limit
from eventsys.registration import services
from eventsys.registration.errors import InvalidRegistration, RegistrationError
from eventsys.registration.tokens import invitation_from_token


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
    language = (
        data["language"]
        if data.get("language") in ("en", "th")
        else (request.accept_languages.best_match(("en", "th")) or "en")
    )
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
    return {
        "id": registration.id,
        "status": registration.status.value,
        "manage_url": services.manage_url(registration),
    }, 201
