"""API tokens: scoped, expiring bearer secrets for scripts, scanners and partner sites.

A token is shown once; only its SHA-256 is kept. It opens /api/v1 and nothing else (the request
loader in accounts/__init__.py looks at it there only), and within the API only the operations
whose scope it holds (eventsys.api.scope). Making and revoking tokens happen on the account page
(cookies and a CSRF token) or at the command line, so a token cannot mint or revoke tokens.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from eventsys.accounts.models import TOKEN_SCOPES, ApiToken, Role, User, hash_token
from eventsys.db import db, utcnow

TOKEN_PREFIX = "esk_"
DEFAULT_EXPIRY_DAYS = 90
MAX_EXPIRY_DAYS = 730
# How often a token's "last used" is written: a scanner sending 500 scans a minute writes once.
LAST_USED_EVERY = dt.timedelta(minutes=1)

SCOPE_DESCRIPTIONS = {
    "read": _l("Read events, sessions, outcomes and reports"),
    "registrations": _l("Register delegates and print their badges"),
    "checkin": _l("Check people in at the doors"),
    "outcomes": _l("See sessions' draft outcomes"),
    "admin": _l("Everything the account may do"),
}
# The scopes each event role allows. `read` and `outcomes` anyone may hold: they open nothing the
# account could not read with its cookies (a session's rapporteurs are named on the session, not by
# a role, and the outcomes rules decide who sees which draft).
ROLE_SCOPES = {
    Role.ORGANIZER: ("registrations", "checkin"),
    Role.CHECKIN_STAFF: ("checkin",),
}
EVERYONE_SCOPES = ("read", "outcomes")


class TokenError(ValueError):
    """A token that cannot be made as asked; the message says why."""


def allowed_scopes(user: User) -> list[str]:
    """What this person's tokens may hold: everything for site admins, else `read`, `outcomes` and
    what their roles allow."""
    if user.is_admin:
        return list(TOKEN_SCOPES)
    granted = set(EVERYONE_SCOPES)
    for role in user.roles:
        granted.update(ROLE_SCOPES.get(role.role, ()))
    return [s for s in TOKEN_SCOPES if s in granted]


def create(
    user: User, name: str, scopes: list[str] | None = None, *, expires_days: int | None = DEFAULT_EXPIRY_DAYS
) -> tuple[ApiToken, str]:
    """Make a token; returns it and its secret (shown once). Without `scopes`: every scope the person
    may hold (`read` and what their roles allow). `expires_days=None`: until revoked."""
    allowed = allowed_scopes(user)
    wanted = list(dict.fromkeys(scopes)) if scopes else allowed
    unknown = [s for s in wanted if s not in TOKEN_SCOPES]
    if unknown:
        raise TokenError(f"Unknown scope {unknown[0]!r}: use {', '.join(TOKEN_SCOPES)}.")
    refused = [s for s in wanted if s not in allowed]
    if refused:
        raise TokenError(f"{user.email} may not hold the scope {refused[0]!r}: their roles allow {', '.join(allowed)}.")
    if expires_days is not None and not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        raise TokenError(f"A token lasts 1 to {MAX_EXPIRY_DAYS} days.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=(name or "").strip()[:100] or "API token",
        token_hash=hash_token(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        scopes=" ".join(s for s in TOKEN_SCOPES if s in wanted),
        expires_at=utcnow() + dt.timedelta(days=expires_days) if expires_days is not None else None,
    )
    db.session.add(token)
    db.session.commit()
    return token, secret


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


def revoke(user: User, token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise TokenError("No such token.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
    return token


def revoke_all(user: User) -> int:
    """Revoke every live token of this account (a password reset, "sign out everywhere"). Does not commit."""
    now, count = utcnow(), 0
    for token in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))):
        token.revoked_at = now
        count += 1
    return count


@functools.cache
def _token_by_hash():
    """Built once, the hash a parameter: every API request with a token runs it."""
    return (
        select(ApiToken)
        .options(joinedload(ApiToken.user).joinedload(User.roles))
        .where(ApiToken.token_hash == bindparam("hash"))
    )


def authenticate(secret: str) -> ApiToken | None:
    """The live token with this secret, or None (unknown, revoked, expired, or its account disabled)."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    # The account and its event roles come in the same query: every API request reads whether the
    # account is still active, and every event operation which roles it holds there.
    token = db.session.execute(_token_by_hash(), {"hash": hash_token(secret)}).unique().scalar_one_or_none()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        token.last_used_at = now
        db.session.commit()
    return token
