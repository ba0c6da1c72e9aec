"""The RQ worker process (`flask --app wsgi worker`) and the periodic work it shares with its peers.

Every worker runs a small scheduler process beside RQ's loop. Each periodic task (the reaper of
abandoned jobs, the retry of mail whose delivery failed, whatever the caller adds) runs at most once
per period across all the workers on all machines: before running it, a worker takes the task's
Redis key with SET NX PX (the period); the others find it taken and skip. If the worker that took
it dies, the key expires with the period and another one runs the task next time. The tasks run in
the scheduler process, never on the queue, so that a reaper never waits behind a long book build.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from dataclasses import dataclass

from eventsys.db import db
from eventsys.jobs import lease, runner
from eventsys.jobs.services import queue_name, resolve

log = logging.getLogger(__name__)
REAPER = "eventsys.jobs.lease:reap"


@dataclass(frozen=True)
class Periodic:
    name: str
    path: str  # "module:function", called with no arguments inside the app
    every: float  # seconds


def default_tasks(app) -> list[Periodic]:
    return [Periodic("reap", REAPER, lease.reap_seconds(app))]


def lock_key(app, task: Periodic) -> str:
    return f"eventsys:periodic:{queue_name(app)}:{task.name}"


def run_due(app, connection, tasks: list[Periodic], worker_name: str) -> list[str]:
    """Run each task whose Redis key this worker takes now; returns the names of those it ran."""
    ran = []
    for task in tasks:
        if not connection.set(lock_key(app, task), worker_name, nx=True, px=max(1, int(task.every * 1000))):
            continue
        try:
            with app.app_context():
                result = resolve(task.path)()
                if result:
                    log.info("periodic %s: %s", task.name, result)
                db.session.remove()
        except Exception:
            log.exception("periodic task %s failed", task.name)
        ran.append(task.name)
    return ran


class Scheduler:
    """The periodic tasks' loop, in a process of its own beside the worker. Not a thread: RQ forks
    a work horse for each job, and a fork taken while a thread holds a lock (SQLAlchemy's mapper
    configuration, a connection pool's) leaves the horse waiting on it forever."""

    def __init__(self, app, tasks: list[Periodic], worker_name: str, tick: float = 1.0) -> None:
        self.app, self.tasks, self.worker_name, self.tick = app, tasks, worker_name, tick
        self.process = None

    def start(self) -> None:
        context = multiprocessing.get_context("fork")
        self.process = context.Process(target=self._run, args=(os.getpid(),), name="eventsys-periodic", daemon=True)
        self.process.start()

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=5)

    def _run(self, parent: int) -> None:
        from redis import Redis

        with self.app.app_context():
            db.engine.dispose(close=False)  # the parent's connections stay the parent's
        connection = Redis.from_url(self.app.config["REDIS_URL"])  # and so does its Redis client
        while os.getppid() == parent:  # a worker killed alone takes its scheduler with it
            try:
                run_due(self.app, connection, self.tasks, self.worker_name)
            except Exception:  # Redis away for a moment: the next tick tries again
                log.exception("periodic scheduler: Redis did not answer")
            time.sleep(self.tick)


def run_worker(app, *, burst: bool = False, tasks: list[Periodic] = (), on_start=()) -> None:
    """Work the app's queue until stopped (or, with `burst`, until it is empty), with RQ's scheduler
    (jobs enqueued for later, e.g. the daily retention) and the periodic tasks."""
    from redis import Redis
    from rq import Queue, Worker

    runner.use_app(app)
    connection = Redis.from_url(app.config["REDIS_URL"])
    queue = Queue(queue_name(app), connection=connection)
    for step in on_start:
        step(queue)
    worker = Worker([queue], connection=connection, name=lease.new_token())
    every = [*default_tasks(app), *tasks]
    if burst:
        run_due(app, connection, every, worker.name)  # once: a burst worker is a one-off
        worker.work(burst=True, with_scheduler=True)
        return
    scheduler = Scheduler(app, every, worker.name)
    scheduler.start()
    try:
        worker.work(burst=False, with_scheduler=True)
    finally:
        scheduler.stop()
