"""The single-use link table both purposes share: only a hash is stored, a link works once, the newest
link of a person replaces the older ones, and two uses at the same moment never both succeed."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import func, select

from eventsys.accounts import signin_links
from eventsys.accounts.models import SignInLink, SignInPurpose, hash_token
from eventsys.db import db, utcnow

DELEGATE = SignInPurpose.DELEGATE
SET_PASSWORD = SignInPurpose.SET_PASSWORD


def test_only_the_hash_is_stored_and_the_lifetimes_are_as_promised(app):
    now = utcnow()
    secret = signin_links.issue(DELEGATE, email=" Delegate@Example.org ", now=now)
    db.session.commit()
    row = db.session.scalar(select(SignInLink))
    assert row.token_hash == hash_token(secret) and secret not in row.token_hash
    assert (row.email, row.user_id, row.used_at) == ("delegate@example.org", None, None)
    assert row.expires_at - row.created_at == dt.timedelta(minutes=15)
    assert signin_links.lifetime(SET_PASSWORD) == dt.timedelta(hours=24)


def test_a_link_is_used_once_and_only_for_its_purpose(app):
    secret = signin_links.issue(DELEGATE, email="d@example.org")
    db.session.commit()
    assert signin_links.consume(secret, SET_PASSWORD) is None
    assert signin_links.peek(secret, DELEGATE).email == "d@example.org"
    assert signin_links.consume(secret, DELEGATE).email == "d@example.org"
    db.session.commit()
    assert signin_links.peek(secret, DELEGATE) is None
    assert signin_links.consume(secret, DELEGATE) is None


def test_a_rolled_back_use_gives_the_link_back(app):
    secret = signin_links.issue(DELEGATE, email="d@example.org")
    db.session.commit()
    assert signin_links.consume(secret, DELEGATE) is not None
    db.session.rollback()
    assert signin_links.peek(secret, DELEGATE) is not None


def test_the_newest_link_replaces_the_older_ones_of_the_same_person_only(app):
    first = signin_links.issue(DELEGATE, email="d@example.org")
    other_person = signin_links.issue(DELEGATE, email="e@example.org")
    second = signin_links.issue(DELEGATE, email="D@example.org")
    db.session.commit()
    assert signin_links.peek(first, DELEGATE) is None
    assert signin_links.peek(second, DELEGATE) is not None
    assert signin_links.peek(other_person, DELEGATE) is not None


def test_expiry_is_exact(app):
    start = utcnow()
    secret = signin_links.issue(DELEGATE, email="d@example.org", now=start)
    db.session.commit()
    assert signin_links.peek(secret, DELEGATE, now=start + dt.timedelta(minutes=14, seconds=59)) is not None
    assert signin_links.peek(secret, DELEGATE, now=start + dt.timedelta(minutes=15)) is None
    assert signin_links.consume(secret, DELEGATE, now=start + dt.timedelta(minutes=15)) is None


def test_rows_of_links_that_ended_a_week_ago_are_deleted(app):
    long_ago = utcnow() - dt.timedelta(days=8)
    signin_links.issue(DELEGATE, email="old@example.org", now=long_ago)
    recent = signin_links.issue(DELEGATE, email="recent@example.org", now=utcnow() - dt.timedelta(days=1))
    db.session.commit()
    signin_links.issue(DELEGATE, email="new@example.org")
    db.session.commit()
    emails = set(db.session.scalars(select(SignInLink.email)))
    assert emails == {"recent@example.org", "new@example.org"}
    assert signin_links.peek(recent, DELEGATE) is None  # kept for a while, but long expired


def test_simultaneous_uses_of_one_link_let_exactly_one_through(app, database):
    """Eight requests use the same link at the same moment, each on its own connection: the
    `UPDATE ... WHERE used_at IS NULL` lets one through (PostgreSQL: the row lock and the re-checked
    WHERE; SQLite: one writer at a time), the others find it used."""
    secret = signin_links.issue(DELEGATE, email="race@example.org")
    db.session.commit()
    db.session.remove()
    start = threading.Barrier(8)
    results, errors = [], []

    def use() -> None:
        with app.app_context():
            try:
                start.wait(timeout=30)
                link = signin_links.consume(secret, DELEGATE)
                results.append(link.email if link else None)
                db.session.commit()
            except Exception as exc:  # recorded and asserted below: no error is acceptable
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert (results.count("race@example.org"), results.count(None), len(results)) == (1, 7, 8)
    assert db.session.scalar(select(func.count()).select_from(SignInLink).where(SignInLink.used_at.is_(None))) == 0
