"""Single-use sign-in links, one table for every purpose: a new staff account's first password (or a
new one after an admin's reset), and a delegate's "My registrations" without any account.

The secret is random, not a signed token: a link that works once needs a row anyway, and a random
secret of which only the SHA-256 is stored cannot be forged, nor rebuilt from a copy of the database.

`consume` uses a link up with one `UPDATE ... WHERE used_at IS NULL AND expires_at > now`: of two
clicks at once, the database lets exactly one change the row (PostgreSQL holds the row lock until
that transaction ends, then re-checks the WHERE; SQLite has one writer at a time), and only the
request whose UPDATE changed it goes on. Pages only `peek` when a link is opened (GET) and consume it
on the button (POST): mail scanners and link previews fetch every link in a mail, and must not use
it up before the person clicks.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, select, update

from eventsys.accounts.models import SignInLink, SignInPurpose, User, hash_token
from eventsys.db import db, utcnow

LIFETIMES = {
    SignInPurpose.SET_PASSWORD: dt.timedelta(hours=24),
    SignInPurpose.DELEGATE: dt.timedelta(minutes=15),
}
# Rows of links that ended this long ago are deleted when a new link is made: they hold an address.
KEEP_ENDED = dt.timedelta(days=7)


def lifetime(purpose: SignInPurpose) -> dt.timedelta:
    return LIFETIMES[purpose]


def issue(purpose: SignInPurpose, *, user: User | None = None, email: str = "", now: dt.datetime | None = None) -> str:
    """Add a link to the session (the caller commits) and return its secret, to mail or print once.

    The person's earlier unused links for the same purpose stop working: only the latest one counts,
    so a reset or a second request leaves no older link behind."""
    now = now or utcnow()
    email = (email or (user.email if user else "")).strip().lower()
    if not email:
        raise ValueError("a sign-in link needs an account or an address")
    void(purpose, user=user, email=email, now=now)
    db.session.execute(delete(SignInLink).where(SignInLink.expires_at < now - KEEP_ENDED))
    secret = secrets.token_urlsafe(32)
    db.session.add(
        SignInLink(
            token_hash=hash_token(secret),
            purpose=purpose,
            user_id=user.id if user else None,
            email=email,
            created_at=now,
            expires_at=now + lifetime(purpose),
        )
    )
    return secret


def void(purpose: SignInPurpose, *, user: User | None = None, email: str = "", now: dt.datetime | None = None) -> int:
    """Make the unused links of an account (or, without one, of an address) unusable; how many."""
    owner = SignInLink.user_id == user.id if user else SignInLink.email == email.strip().lower()
    result = db.session.execute(
        update(SignInLink)
        .where(SignInLink.purpose == purpose, owner, SignInLink.used_at.is_(None))
        .values(used_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def _plausible(secret) -> bool:
    return isinstance(secret, str) and 20 <= len(secret) <= 100


def peek(secret: str, purpose: SignInPurpose, *, now: dt.datetime | None = None) -> SignInLink | None:
    """The link, if it still works (unused, unexpired); nothing is changed."""
    if not _plausible(secret):
        return None
    link = db.session.scalar(
        select(SignInLink).where(SignInLink.token_hash == hash_token(secret), SignInLink.purpose == purpose)
    )
    if link is None or link.used_at is not None or link.expires_at <= (now or utcnow()):
        return None
    return link


def consume(secret: str, purpose: SignInPurpose, *, now: dt.datetime | None = None) -> SignInLink | None:
    """Use the link up, in the caller's transaction; None if it was used, voided, expired or never
    existed. The caller commits (or rolls back, which gives the link back)."""
    if not _plausible(secret):
        return None
    now = now or utcnow()
    token_hash = hash_token(secret)
    result = db.session.execute(
        update(SignInLink)
        .where(
            SignInLink.token_hash == token_hash,
            SignInLink.purpose == purpose,
            SignInLink.used_at.is_(None),
            SignInLink.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None
    return db.session.scalar(
        select(SignInLink).where(SignInLink.token_hash == token_hash).execution_options(populate_existing=True)
    )
