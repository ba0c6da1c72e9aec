"""Entry points for RQ workers: run inside the app, built once per worker.

`flask worker` hands its own app to `use_app` before RQ forks a work horse per job, so a horse
starts at once with the worker's configuration; without it (a worker started some other way) the
horse builds the app from the environment. A forked horse never uses the connections its parent
opened: the pool is dropped (not closed, they are the parent's) the first time it runs anything.
"""

from __future__ import annotations

import os

_app = None
_pool_pid: int | None = None


def use_app(app) -> None:
    global _app, _pool_pid
    _app, _pool_pid = app, os.getpid()


def _app_instance():
    global _app, _pool_pid
    if _app is None:
        from eventsys import create_app

        _app, _pool_pid = create_app(), os.getpid()
    if _pool_pid != os.getpid():
        from eventsys.db import db

        with _app.app_context():
            db.engine.dispose(close=False)
        _pool_pid = os.getpid()
    return _app


def call_in_app(path: str, args: tuple, kwargs: dict):
    from eventsys.jobs.services import resolve

    with _app_instance().app_context():
        return resolve(path)(*args, **kwargs)


def call_pending_in_app(path: str, key: str):
    """A call queued by `dispatch_once`: it clears its mark first, so work queued from now on
    queues another call, then does what is pending."""
    from eventsys.jobs.services import redis_client, resolve

    with _app_instance().app_context():
        redis_client().delete(key)
        return resolve(path)()


def run_job_in_app(job_id: str):
    """Run a tracked job under its lease; this process's keeper renews it while the job runs."""
    from eventsys.jobs import lease
    from eventsys.jobs.models import JobRunner
    from eventsys.jobs.services import run_job

    app = _app_instance()
    with app.app_context():
        run_job(job_id, in_worker=True, runner=JobRunner.RQ, keeper=lease.keeper(app))
