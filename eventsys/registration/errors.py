"""Domain errors of registration. Each carries its user-facing message, a stable API code and the
HTTP status the API answers with, so the edges (form, API, CLI) translate them in one place."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l


class RegistrationError(Exception):
    code = "registration_error"
    status = 400
    default_message = _l("The registration could not be completed.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class RegistrationClosed(RegistrationError):
    code = "registration_closed"
    status = 403
    default_message = _l("Registration for this event is closed.")


class RegistrationNotYetOpen(RegistrationClosed):
    code = "registration_not_open"
    default_message = _l("Registration for this event has not opened yet.")


class InvitationRequired(RegistrationError):
    code = "invitation_required"
    status = 403
    default_message = _l("This event is by invitation only. Please use the link in your invitation e-mail.")


class InvitationInvalid(InvitationRequired):
    code = "invitation_invalid"
    default_message = _l("This invitation link is not valid for this event or for this e-mail address.")


class AlreadyRegistered(RegistrationError):
    code = "already_registered"
    status = 409
    default_message = _l(
        "This e-mail address is already registered for this event. "
        "We have sent a fresh link to manage that registration to it."
    )


class CapacityReached(RegistrationError):
    code = "capacity_reached"
    status = 409
    default_message = _l("There is no free seat: the event (or this category) is full.")


class InvalidTransition(RegistrationError):
    code = "invalid_transition"
    status = 409
    default_message = _l("That change is not possible from the registration's current state.")


class InvalidRegistration(RegistrationError):
    """Bad input: `errors` maps each field name to its message."""

    code = "invalid"
    status = 422
    default_message = _l("Please correct the marked fields.")

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__()
