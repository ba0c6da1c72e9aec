"""Sign-in sessions kept on the server, so that signing out really ends them.

Flask's session is a signed cookie: on its own, a copy of it (or of the remember-me cookie) keeps
working after "sign out". So each sign-in makes a `UserSession` row and a random key; the cookies
carry "<user id>.<key>" as Flask-Login's user id (User.get_id), and the user loader accepts it only
while the row is open. Signing out closes that row; a password reset or "sign out everywhere"
closes every row of the account and revokes its API tokens.
"""

from __future__ import annotations

import datetime as dt
import secrets

from flask import request
from flask_login import login_user, logout_user
from sqlalchemy import select, update

from eventsys.accounts import tokens
from eventsys.accounts.models import User, UserSession, hash_token
from eventsys.db import db, utcnow

# A session nobody has used for this long is over (remember-me or not).
IDLE_LIMIT = dt.timedelta(days=30)
# How often "last seen" is written: not on every page view.
SEEN_EVERY = dt.timedelta(minutes=5)


def start(user: User, *, remember: bool = False) -> UserSession:
    """Sign `user` in on this browser. Commits."""
    key = secrets.token_urlsafe(32)
    row = UserSession(
        user=user,
        key_hash=hash_token(key),
        remember=remember,
        user_agent=(request.user_agent.string or "")[:200] if request else "",
    )
    db.session.add(row)
    user.session_key = key
    user.last_login_at = utcnow()
    db.session.commit()
    login_user(user, remember=remember)
    return row


def load(cookie_id: str) -> User | None:
    """The user a session or remember-me cookie names, if its session is still open."""
    user_id, _, key = (cookie_id or "").partition(".")
    if not user_id.isdigit() or not key or len(key) > 100:
        return None
    row = db.session.scalar(select(UserSession).where(UserSession.key_hash == hash_token(key)))
    if row is None or row.ended_at is not None or row.user_id != int(user_id) or not row.user.is_active:
        return None
    now = utcnow()
    if now - row.last_seen_at > IDLE_LIMIT:
        row.ended_at = now
        db.session.commit()
        return None
    if now - row.last_seen_at > SEEN_EVERY:
        row.last_seen_at = now
        db.session.commit()
    row.user.session_key = key
    return row.user


def current_row(user: User) -> UserSession | None:
    key = getattr(user, "session_key", None)
    if not key:
        return None
    return db.session.scalar(select(UserSession).where(UserSession.key_hash == hash_token(key)))


def end(user: User) -> None:
    """Sign out this browser: its session row closes, so copies of its cookies stop working. Commits."""
    row = current_row(user)
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
        db.session.commit()
    logout_user()


def end_everywhere(user: User) -> tuple[int, int]:
    """Close every session of the account and revoke its API tokens; returns (sessions, tokens).
    Does not commit (a password change commits with it)."""
    result = db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount, tokens.revoke_all(user)


def open_sessions(user: User) -> list[UserSession]:
    return list(
        db.session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
            .order_by(UserSession.last_seen_at.desc())
        )
    )
