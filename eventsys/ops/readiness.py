"""What `/readyz` checks: the database answers, Redis answers (when REDIS_URL is set), and the
database's schema is the one this code's migrations lead to.

Each check runs with a deadline (READINESS_TIMEOUT seconds, 2 by default) in a small thread pool, so
a database or Redis that accepts the connection and then says nothing makes the check fail on time
instead of holding the load balancer's probe (and a web worker) until the TCP timeout.
The reasons given to the caller are short and name no host or password; the full error is logged.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from functools import cache

from flask import current_app
from sqlalchemy import Engine, text

from eventsys.config import PROJECT_ROOT
from eventsys.db import db

log = logging.getLogger(__name__)
_pool: ThreadPoolExecutor | None = None
_pool_pid: int | None = None


def _executor() -> ThreadPoolExecutor:
    """The checks' threads, made in the process that uses them (gunicorn forks its workers after
    loading the app). A check that is stuck keeps its thread until its socket gives up: a few do."""
    global _pool, _pool_pid
    if _pool is None or _pool_pid != os.getpid():
        _pool, _pool_pid = ThreadPoolExecutor(max_workers=4, thread_name_prefix="readyz"), os.getpid()
    return _pool


@dataclass
class Check:
    name: str
    ok: bool
    latency_ms: float
    reason: str = ""
    details: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        answer = {"ok": self.ok, "latency_ms": self.latency_ms}
        if self.reason:
            answer["reason"] = self.reason
        answer.update(self.details)
        return answer


@cache
def migration_heads() -> frozenset[str]:
    """The head revisions of the migration scripts this code ships (read once per process: the
    scripts do not change under a running server)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def _database_revisions(bind) -> frozenset[str]:
    """`bind`: the session's engine (a connection of its own from the pool), or the connection the
    session is bound to (tests that run every request inside one transaction)."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return _database_revisions(conn)
    bind.execute(text("SELECT 1"))
    return frozenset(bind.execute(text("SELECT version_num FROM alembic_version")).scalars().all())


def _redis_ping(url: str, timeout: float) -> None:
    from redis import Redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    clients = current_app.extensions.setdefault("eventsys.ops.redis", {})
    client = clients.get(url)
    if client is None:
        client = clients[url] = Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout, retry=Retry(NoBackoff(), 0)
        )
    client.ping()


def _timed(name: str, work: Callable[[], object], timeout: float | None) -> tuple[Check, object]:
    """Run `work` with a deadline (in a thread; None: here, without one); a Check for it, and what it
    returned (None if it failed)."""
    started = time.perf_counter()
    try:
        value = work() if timeout is None else _executor().submit(work).result(timeout=timeout)
    except FutureTimeout:
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        log.warning("readiness: %s did not answer within %ss", name, timeout)
        return Check(name, False, elapsed, f"no answer within {timeout:g} s"), None
    except Exception as exc:
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        log.warning("readiness: %s failed: %s: %s", name, type(exc).__name__, exc)
        return Check(name, False, elapsed, f"unreachable ({type(exc).__name__})"), None
    return Check(name, True, round((time.perf_counter() - started) * 1000, 1)), value


def readiness() -> list[Check]:
    """Every check, in order: database, migrations, redis (when configured)."""
    timeout = float(current_app.config.get("READINESS_TIMEOUT", 2))
    bind = db.session.get_bind()  # no I/O: the connecting happens in the check's thread, on time
    if isinstance(bind, Engine) and bind.dialect.name != "sqlite":
        database, revisions = _timed("database", lambda: _database_revisions(bind), timeout)
    else:
        # SQLite is a file beside the app: it cannot be out of reach, and a second connection would
        # wait for the write lock any open transaction holds (BEGIN IMMEDIATE, eventsys/db.py). Tests
        # that bind the session to one connection come here too. The session's own connection, then.
        database, revisions = _timed("database", lambda: _database_revisions(db.session.connection()), None)
    checks = [database]
    if database.ok:
        heads = migration_heads()
        current = revisions == heads
        details = {"database": sorted(revisions), "code": sorted(heads)}
        reason = "" if current else "the database's schema is not the code's: run `flask --app wsgi db upgrade`"
        checks.append(Check("migrations", current, 0.0, reason, details))
    else:
        checks.append(Check("migrations", False, 0.0, "database unreachable"))
    url = current_app.config.get("REDIS_URL")
    if url:
        app = current_app._get_current_object()

        def ping() -> None:
            with app.app_context():
                _redis_ping(url, timeout)

        checks.append(_timed("redis", ping, timeout)[0])
    return checks
