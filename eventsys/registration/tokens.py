"""Signed links: a delegate's manage link and an organizer's invitation link.

Manage links carry (registration id, manage_key_version): bumping the version voids every link
sent so far. Neither link expires: a delegate may open last month's confirmation mail.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from eventsys.db import db
from eventsys.events.models import Event
from eventsys.registration.models import Invitation, Registration

MANAGE_SALT = "registration-manage"
INVITATION_SALT = "registration-invitation"


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def absolute_url(path: str) -> str:
    return current_app.config["BASE_URL"] + path


def manage_token(registration: Registration) -> str:
    return _serializer(MANAGE_SALT).dumps([registration.id, registration.manage_key_version])


def manage_url(registration: Registration) -> str:
    """The absolute manage link for mails and the API (EVENTSYS_BASE_URL + path)."""
    # Built by hand, not url_for: mails are also queued outside requests (CLI, workers, threads).
    return absolute_url(f"/events/{registration.event.slug}/registration/{manage_token(registration)}")


def registration_from_manage_token(token: str) -> Registration | None:
    """The registration a manage link points at, or None when the link is forged or voided."""
    try:
        reg_id, version = _serializer(MANAGE_SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(reg_id, int) or not isinstance(version, int):
        return None
    registration = db.session.get(Registration, reg_id)
    if registration is None or registration.manage_key_version != version:
        return None
    return registration


def invitation_token(invitation: Invitation) -> str:
    return _serializer(INVITATION_SALT).dumps([invitation.id, invitation.event_id])


def invitation_url(invitation: Invitation) -> str:
    return absolute_url(f"/events/{invitation.event.slug}/register?invitation={invitation_token(invitation)}")


def invitation_from_token(token: str | None, event: Event) -> Invitation | None:
    """The invitation a link's token names, if it is genuine and for `event`; None otherwise (an
    invitation to another event opens nothing here, in the form and the API alike)."""
    if not token or not isinstance(token, str):
        return None
    try:
        inv_id, event_id = _serializer(INVITATION_SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(inv_id, int) or event_id != event.id:
        return None
    invitation = db.session.get(Invitation, inv_id)
    if invitation is None or invitation.event_id != event.id:
        return None
    return invitation
