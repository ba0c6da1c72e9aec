"""What the accounts area does: people sign in, reset passwords, hold roles and API tokens."""

from __future__ import annotations

import functools
import secrets

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from eventsys.accounts import sessions
from eventsys.accounts.models import EventRole, Role, User
from eventsys.db import db
from eventsys.i18n import current_language
from eventsys.mail.services import queue_mail


class AccountError(Exception):
    """A domain error of this area, shown to the person as its message."""


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def create_or_reset_admin(email: str, name: str = "") -> tuple[User, str]:
    """Create a site admin, or reset an existing account's password and make it admin."""
    email = email.strip().lower()
    password = generate_password()
    user = User.by_email(email)
    if user is None:
        user = User(email=email, name=name or email.split("@")[0])
        db.session.add(user)
    user.is_admin = True
    user.active = True
    user.set_password(password)
    db.session.commit()
    return user, password


def create_user(email: str, name: str, password: str | None = None, *, is_admin: bool = False) -> User:
    email = email.strip().lower()
    if User.by_email(email):
        raise AccountError(f"An account for {email} already exists.")
    user = User(email=email, name=name, is_admin=is_admin)
    user.set_password(password or generate_password())
    db.session.add(user)
    db.session.flush()
    return user


def grant_role(user: User, event, role: Role) -> EventRole:
    existing = next((r for r in user.roles if r.event_id == event.id and r.role == role), None)
    if existing:
        return existing
    grant = EventRole(user=user, event_id=event.id, role=role)
    db.session.add(grant)
    db.session.flush()
    return grant


@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(email: str, password: str) -> User | None:
    """The account with this address and password, or None. Takes as long for an unknown address,
    a disabled account or one without a password yet as for a wrong password (one hash check
    each), so the time of the answer does not tell which addresses have accounts."""
    user = User.by_email(email or "")
    if user is None or not user.is_active or not user.password_hash:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not user.check_password(password or ""):
        return None
    return user


# --- password reset -------------------------------------------------------------------------


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def make_reset_token(user: User) -> str:
    # The token carries a fingerprint of the current password hash: once the password changes,
    # every earlier link stops working (single use without storing anything).
    return _reset_serializer().dumps({"uid": user.id, "pw": user.password_hash[-16:]})


def user_for_reset_token(token: str) -> User | None:
    try:
        data = _reset_serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.password_hash[-16:] != data.get("pw"):
        return None
    return user


def send_password_reset(email: str) -> None:
    """Mail a reset link if the address has an account. Says nothing either way to the caller,
    so the form cannot be used to find out who has an account."""
    user = User.by_email(email or "")
    if user is None or not user.is_active:
        return
    language = user.locale or current_language()
    link = current_app.config["BASE_URL"] + url_for("accounts.reset_password", token=make_reset_token(user))
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    queue_mail(
        to=user.email,
        template="accounts/mail/password_reset",
        language=language,
        context={"user": user, "link": link, "minutes": minutes},
    )
    db.session.commit()


def set_password(user: User, password: str) -> None:
    """A new password ends every session, remember-me cookie and API token of the account: whoever
    knew the old one is out."""
    user.set_password(password)
    sessions.end_everywhere(user)
    db.session.commit()
