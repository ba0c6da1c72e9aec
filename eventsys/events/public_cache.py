"""Anonymous public pages (home, event, agenda, sessions, calendar files) served from memory
until anything public changes, with an ETag so that a browser asking again gets a 304.

Never stale after a change: every page is kept under the *stamp* of the public content, one row
that every transaction changing anything but the hot, private tables (registrations, scans,
mails, the audit log...) gives a new random value in the same transaction (`_restamp`, on the
session's commit), then copies it to Redis where there is one. A request reads the stamp (from
Redis, else one primary-key query) before it renders, so a request that starts after a change
committed can never be answered from a page kept before it, on any worker or app server. Entries also expire after TTL seconds, for what changes with the
clock alone (a registration window opening at its hour).

Only anonymous requests without a session (no sign-in, no flashed message) are served from the
cache, and only answers that set no cookie are kept: one per path, query and language.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections import OrderedDict
from contextlib import suppress
from dataclasses import dataclass
from functools import wraps
from itertools import chain

import sqlalchemy as sa
from flask import Response, current_app, has_app_context, make_response, request, session
from flask_login import current_user
from redis.exceptions import RedisError
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from eventsys.db import db
from eventsys.i18n import current_language

STAMPS = sa.Table(
    "public_content_stamps",
    db.metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("stamp", sa.String(32), nullable=False),
)
TTL = 30.0  # seconds
MAX_ENTRIES = 2000
# Tables no public page shows, written by the hot paths: a change to them keeps the stamp. Every
# other table (a new one too) changes it, so forgetting a table here costs speed, never freshness.
QUIET_TABLES = frozenset(
    {
        "registrations",
        "registration_answers",
        "registration_changes",
        "invitations",
        "checkin_scans",
        "checkins",
        "checkin_lists",
        "outbox_mails",
        "audit_entries",
        "api_tokens",
        "user_sessions",
        "sign_in_links",
        "jobs",
        "badges",
        "badge_keys",
        "badge_prints",
        "calendar_feeds",
        "personal_agenda_items",
        "campaign_recipients",
        "public_content_stamps",
    }
)
CHANGED = "eventsys.public_content_changed"
NEW_STAMP = "eventsys.public_content_stamp"
# Set when a new stamp could not be copied to Redis (see _publish_stamp).
UNPUBLISHED = "eventsys.public_content_stamp_unpublished"
REDIS_STAMP_SECONDS = 600
log = logging.getLogger(__name__)


# --- the stamp -------------------------------------------------------------------------------


def _table_of(obj) -> str | None:
    return getattr(obj, "__tablename__", None)


@sa_event.listens_for(Session, "before_flush")
def _note_changes(session, flush_context, instances) -> None:
    if any(_table_of(obj) not in QUIET_TABLES for obj in chain(session.new, session.dirty, session.deleted)):
        session.info[CHANGED] = True


@sa_event.listens_for(Session, "do_orm_execute")
def _note_bulk_changes(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) not in QUIET_TABLES:
            state.session.info[CHANGED] = True


@sa_event.listens_for(Session, "before_commit")
def _restamp(session) -> None:
    session.flush()  # what is still pending decides too
    if session.info.pop(CHANGED, False):
        stamp = uuid.uuid4().hex
        if not session.execute(sa.update(STAMPS).where(STAMPS.c.id == 1).values(stamp=stamp)).rowcount:
            session.execute(sa.insert(STAMPS).values(id=1, stamp=stamp))
        session.info[NEW_STAMP] = stamp


@sa_event.listens_for(Session, "after_commit")
def _publish_stamp(session) -> None:
    """The committed stamp to Redis, where every app server reads it (before this request answers)."""
    stamp = session.info.pop(NEW_STAMP, None)
    client = _redis() if stamp and has_app_context() else None
    if client is None:
        return
    try:
        client.set(_redis_key(), stamp, ex=REDIS_STAMP_SECONDS)
    except (RedisError, OSError) as exc:
        log.warning(
            "Redis is not answering (%s): the public pages read their new stamp from the database until it does",
            type(exc).__name__,
        )
        _redis_failed()
        # Redis may still hold the old stamp (it was out of reach, not restarted empty): the first
        # request that reaches it again deletes it, so every server reads the database's.
        current_app.extensions[UNPUBLISHED] = True


@sa_event.listens_for(Session, "after_rollback")
def _forget_changes(session) -> None:
    session.info.pop(CHANGED, None)
    session.info.pop(NEW_STAMP, None)


def current_stamp() -> str | None:
    """The public content's stamp: from Redis when the app has one (no database round trip for a
    page served from the cache), else, or when Redis does not have it, from the database. None (then
    nothing is served from the cache) when there is none yet: the first change, or this call, makes one."""
    client = _redis()
    if client is not None:
        try:
            if current_app.extensions.pop(UNPUBLISHED, False):
                client.delete(_redis_key())
            stamp = client.get(_redis_key())
        except (RedisError, OSError) as exc:
            log.warning(
                "Redis is not answering (%s): the public pages read their stamp from the database for a while",
                type(exc).__name__,
            )
            _redis_failed()
            client = None
        else:
            if stamp:
                return stamp.decode()
    stamp = db.session.scalar(sa.select(STAMPS.c.stamp).where(STAMPS.c.id == 1))
    if stamp is None:
        try:
            db.session.execute(sa.insert(STAMPS).values(id=1, stamp=uuid.uuid4().hex))
            db.session.commit()
        except sa.exc.IntegrityError:
            db.session.rollback()
    elif client is not None:
        # NX: a change committed since this read has set its own stamp, which must win.
        with suppress(RedisError, OSError):
            client.set(_redis_key(), stamp, nx=True, ex=REDIS_STAMP_SECONDS)
    return stamp


def _redis():
    """The Redis client, or None without Redis or while it is backing off after a failure (then the
    stamp is read from the database: one primary-key query, instead of a refused connection or a
    timeout on every request)."""
    from eventsys.jobs.services import redis_client, redis_usable

    return redis_client() if redis_usable() else None


def _redis_failed() -> None:
    from eventsys.jobs.services import mark_redis_down

    mark_redis_down()


def _redis_key() -> str:
    """One key per database: sites (and test databases) sharing a Redis never share a stamp."""
    database = str(current_app.config["SQLALCHEMY_DATABASE_URI"]).encode()
    return f"eventsys:public-stamp:{hashlib.sha256(database).hexdigest()[:16]}"


# --- the cache -------------------------------------------------------------------------------


@dataclass
class Page:
    stamp: str
    expires: float
    body: bytes
    mimetype: str
    etag: str
    headers: dict


def _pages() -> OrderedDict:
    return current_app.extensions.setdefault("eventsys.public_pages", OrderedDict())


def _cacheable() -> bool:
    return request.method == "GET" and not current_user.is_authenticated and not session


def _answer(page: Page) -> Response:
    headers = {
        **page.headers,
        "ETag": f'"{page.etag}"',
        # Browsers and proxies may keep it but must ask again each time (answered 304 if unchanged).
        "Cache-Control": "public, no-cache",
        "Vary": "Accept-Language, Cookie",
    }
    if page.etag in request.if_none_match:
        return Response(status=304, headers=headers)
    return Response(page.body, mimetype=page.mimetype, headers=headers)


def cached_public_page(view):
    """Serve this public page from the cache when it is safe (see the module's docstring)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _cacheable():
            return view(*args, **kwargs)
        stamp = current_stamp()
        if stamp is None:
            return view(*args, **kwargs)
        key = (request.full_path, current_language())
        pages = _pages()
        page = pages.get(key)
        if page is None or page.stamp != stamp or page.expires < time.monotonic():
            response = make_response(view(*args, **kwargs))
            if (
                response.status_code != 200
                or response.is_streamed
                or session.modified
                or "Set-Cookie" in response.headers
            ):
                return response
            body = response.get_data()
            keep = {k: v for k, v in response.headers.items() if k in ("Content-Disposition", "Content-Language")}
            page = Page(
                stamp, time.monotonic() + TTL, body, response.mimetype, hashlib.sha256(body).hexdigest()[:32], keep
            )
            pages[key] = page
            while len(pages) > MAX_ENTRIES:
                pages.popitem(last=False)
        else:
            pages.move_to_end(key)
        return _answer(page)

    return wrapper
