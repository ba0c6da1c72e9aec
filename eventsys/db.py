"""Database plumbing shared by every area: the declarative base, UTC timestamps, enum columns,
SQLite locking.

Times are stored as UTC. SQLite has no time zone type, so `UTCDateTime` stores naive UTC and hands
back aware datetimes on both databases; a naive datetime is refused rather than guessed at.
"""

from __future__ import annotations

import datetime as dt
import time

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Enum, MetaData, event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so Alembic can alter them on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime stored as UTC on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware datetime (UTC)")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


def enum_column(enum_cls, length: int = 24):
    """Enums stored as their values in a VARCHAR (portable, readable in SQL and exports)."""
    return Enum(
        enum_cls,
        native_enum=False,
        length=length,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


def is_sqlite(engine_or_url) -> bool:
    url = getattr(engine_or_url, "url", engine_or_url)
    return str(url).startswith("sqlite")


@event.listens_for(Engine, "connect")
def _sqlite_connect(dbapi_connection, connection_record):
    # pysqlite's own transaction handling issues a deferred BEGIN lazily; we take over so that
    # every transaction is BEGIN IMMEDIATE: the write lock is taken up front, which is what makes
    # "decide a count inside one transaction" (seats, sign-ups) correct on SQLite too.
    module = type(dbapi_connection).__module__
    if "sqlite" not in module:
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


# A connection handed back to the pool less than this long ago was in use by a busy worker a moment
# before: it is known to work. Only one that sat idle longer is pinged before it is handed out.
PING_AFTER_IDLE_S = 2.0


def ping_idle_connections(engine: Engine) -> None:
    """What `pool_pre_ping` does, but only for connections that sat idle.

    pool_pre_ping sends "SELECT 1" before every request's first query: on the door's hot path a
    round trip and ~0.4 ms of CPU per scan (3 %), to guard against a failure that happens once a
    restart. A quiet worker's connections (the ones a database restart or a firewall's idle timeout
    kill) are still checked; one that breaks while in use is answered 503 by eventsys.errors, and
    SQLAlchemy then discards the whole pool, so the next request connects afresh."""

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection, record) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _handed_out(dbapi_connection, record, proxy) -> None:
        returned_at = record.info.pop("returned_at", None)
        if returned_at is None or time.monotonic() - returned_at < PING_AFTER_IDLE_S:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool throws this connection away and hands out a new one (up to three tries).
            raise exc.DisconnectionError(str(error)) from error
        if not alive:
            raise exc.DisconnectionError("the connection did not answer a ping")


def insert_unless_present(model, dialect_name: str | None = None):
    """INSERT ... ON CONFLICT DO NOTHING, on either database (the session's, unless named): a row
    whose unique key is taken writes nothing and returns no row, without an error that would end
    the transaction. (On PostgreSQL it first waits for a transaction inserting the same key to end.)"""
    from sqlalchemy.dialects.postgresql import insert as postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    dialect_name = dialect_name or db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect_name == "postgresql" else sqlite_insert
    return insert(model).on_conflict_do_nothing()


def lock_for_update(stmt, *, key_share: bool = False):
    """Add FOR UPDATE (FOR NO KEY UPDATE with `key_share`) where the database has it (PostgreSQL);
    SQLite already holds the write lock."""
    if db.engine.dialect.name == "postgresql":
        return stmt.with_for_update(key_share=key_share)
    return stmt


def commit_keeping_state() -> None:
    """Commit without expiring the session's objects, for a request that goes on to read back
    only what it has just written (a new registration's id, status and manage link). The usual
    expiry would reload each of them with a query of its own, a quarter of a registration's time.
    Anything that must see other transactions' changes afterwards expires first (deliver_due)."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
