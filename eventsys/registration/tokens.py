"""Signed links: a delegate's manage link, an organizer's invitation link and the unsubscribe link
of the organizers' announcements.

Manage links carry (registration id, manage_key_version): bumping the version voids every link
sent so far. None of the links expires: a delegate may open last month's confirmation mail.
An unsubscribe link opens nothing but the choice to receive announcements (a forwarded
announcement gives nobody the registration), so it has its own salt and survives a new manage link.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from eventsys.db import db
from eventsys.events.models import Event
from eventsys.registration.models import Invitation, Registration

MANAGE_SALT = "registration-manage"
INVITATION_SALT = "registration-invitation"
UNSUBSCRIBE_SALT = "registration-unsubscribe"


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


def unsubscribe_token(registration: Registration) -> str:
    return _serializer(UNSUBSCRIBE_SALT).dumps([registration.id, registration.event_id])


def unsubscribe_url(registration: Registration) -> str:
    """The absolute link that stops the organizers' announcements to this delegate (RFC 8058
    List-Unsubscribe: the page, and one-click POST)."""
    return absolute_url(f"/events/{registration.event.slug}/registration/{unsubscribe_token(registration)}/unsubscribe")


def registration_from_unsubscribe_token(token: str) -> Registration | None:
    try:
        reg_id, event_id = _serializer(UNSUBSCRIBE_SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(reg_id, int) or not isinstance(event_id, int):
        return None
    registration = db.session.get(Registration, reg_id)
    if registration is None or registration.event_id != event_id:
        return None
    return registration
