"""The background runner inside a web process: jobs run in a small thread pool, so that without Redis
(the default `make run`), or with Redis down, a request that starts a long job still answers at once.

Each job runs in its own app context, hence its own database session. The process's `Keeper`
renews the lease of every job the pool holds, queued or running, and reaps jobs abandoned by
processes that died (this one's previous life after a restart included), every JOBS_REAP_SECONDS.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from flask import current_app, g

from eventsys.jobs import lease

log = logging.getLogger(__name__)
DEFAULT_THREADS = 2
EXTENSION = "eventsys.jobs.background"


class Runner:
    def __init__(self, app) -> None:
        self.app = app
        self.pid = os.getpid()
        threads = int(app.config.get("JOBS_THREADS", DEFAULT_THREADS))
        self.pool = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="eventsys-job")
        self.keeper = lease.keeper(app, reaps=True)
        self.pending: set[Future] = set()
        self.lock = threading.Lock()

    def submit(self, target, *args) -> Future:
        future = self.pool.submit(self._call, target, *args)
        with self.lock:
            self.pending.add(future)
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future) -> None:
        with self.lock:
            self.pending.discard(future)

    def _call(self, target, *args):
        with self.app.app_context():
            g.eventsys_background = True  # dispatch_soon from here goes to this pool too
            try:
                return target(*args)
            except Exception:
                log.exception("background call %s failed", getattr(target, "__name__", target))
                return None
            finally:
                from eventsys.db import db

                db.session.remove()

    def wait(self, timeout: float | None = None) -> bool:
        """Until every submitted call (and what they submitted in turn) has finished: for tests."""
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self.lock:
                pending = list(self.pending)
            if not pending:
                return True
            for future in pending:
                remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
                try:
                    future.result(timeout=remaining)
                except TimeoutError:
                    return False
                except Exception:  # recorded on the job already
                    pass

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=False)
        lease.stop_keeper(self.app)


_LOCK = threading.Lock()


def runner(app=None) -> Runner:
    """The app's runner in this process (a fresh one after fork: a pool's threads do not survive it)."""
    app = app or current_app._get_current_object()
    with _LOCK:
        found = app.extensions.get(EXTENSION)
        if found is None or found.pid != os.getpid():
            found = app.extensions[EXTENSION] = Runner(app)
        return found


def in_background_thread() -> bool:
    return bool(g.get("eventsys_background"))


def wait_for_jobs(app, timeout: float = 30.0) -> bool:
    found = app.extensions.get(EXTENSION)
    return True if found is None else found.wait(timeout)


def shutdown(app) -> None:
    with _LOCK:
        found = app.extensions.pop(EXTENSION, None)
    if found is not None:
        found.shutdown()
    lease.stop_keeper(app)
