"""POST /api/v1/events/<slug>/registrations: the public contract for kiosks and partner sites."""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_login import current_user

from eventsys.accounts.permissions import public
from eventsys.api import bp, json_error
from eventsys.extensions import limiter
from eventsys.registration import services
from eventsys.registration.errors import InvalidRegistration, RegistrationError
from eventsys.registration.tokens import invitation_from_token


def _rate_limit() -> str:
    return current_app.config["REGISTRATION_RATE_LIMIT"]


def registration_error_response(exc: RegistrationError):
    """The one translation of a registration domain error into an API answer."""
    extra = {"code": exc.code}
    if isinstance(exc, InvalidRegistration):
        extra["errors"] = {name: str(message) for name, message in exc.errors.items()}
    return json_error(exc.status, str(exc.message), **extra)


@bp.post("/events/<slug>/registrations")
@public
@limiter.limit(_rate_limit)
def create_registration(slug: str):
    try:
        event = services.event_for_registration(slug)
    except services.EventNotFound:
        return json_error(404, f"No event with slug '{slug}'.")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return registration_error_response(InvalidRegistration({"body": "Send a JSON object."}))
    invitation = invitation_from_token(data.get("invitation"))
    language = (
        data.get("language")
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
    return jsonify(
        {"id": registration.id, "status": registration.status.value, "manage_url": services.manage_url(registration)}
    ), 201
