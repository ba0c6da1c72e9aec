"""Run long work in the background: on RQ when REDIS_URL is set, inline otherwise.

Two kinds of work go through here:
- `dispatch_soon(path)`: fire-and-forget calls such as "deliver the outbox" (no row, no progress);
- `start_job(kind, path, ...)`: tracked jobs with a `Job` row whose progress and stage a page polls.

Functions are named by "module:function" strings so a worker process can import them.

With REDIS_URL set but Redis down or unreachable, nothing fails: the work runs in this process, as
without Redis (a warning is logged), and Redis is not asked again for REDIS_RETRY_AFTER seconds, so
each request does not wait for a connection that will not come.
"""

from __future__ import annotations

import importlib
import logging
import time
import traceback

from flask import after_this_request, current_app, has_app_context, has_request_context
from sqlalchemy import update

from eventsys.db import db, utcnow
from eventsys.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)
QUEUE_NAME = "eventsys"
# Seconds the web process waits for Redis: to connect, and for an answer.
REDIS_CONNECT_TIMEOUT = 2
REDIS_SOCKET_TIMEOUT = 5
# After Redis failed to answer, seconds during which work runs in-process without asking it again.
REDIS_RETRY_AFTER = 30


def resolve(path: str):
    module_name, _, attr = path.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def _queue():
    """The app's RQ queue. Its Redis client (and connection pool) is made once per app and URL:
    a client per call would open a new connection for every mail a request queues."""
    from redis import Redis
    from rq import Queue

    url = current_app.config["REDIS_URL"]
    clients = current_app.extensions.setdefault("eventsys.redis", {})
    if url not in clients:
        clients[url] = Redis.from_url(
            url, socket_connect_timeout=REDIS_CONNECT_TIMEOUT, socket_timeout=REDIS_SOCKET_TIMEOUT
        )
    return Queue(QUEUE_NAME, connection=clients[url])


def _enqueue(function: str, *args, **options) -> bool:
    """Hand `function(*args)` to the RQ workers. False when there is no Redis, or it does not answer
    (logged; not asked again for REDIS_RETRY_AFTER seconds): the caller then runs the work itself."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return False
    down_until = current_app.extensions.setdefault("eventsys.redis_down_until", {})
    if time.monotonic() < down_until.get(url, 0):
        return False
    from redis.exceptions import RedisError

    try:
        _queue().enqueue(function, *args, **options)
    except (RedisError, OSError) as exc:
        down_until[url] = time.monotonic() + REDIS_RETRY_AFTER
        # The URL may hold a password: only the reason is logged.
        log.warning("Redis is not answering (%s: %s): running the work in this process", type(exc).__name__, exc)
        return False
    return True


def dispatch_soon(path: str, *args, **kwargs) -> None:
    """Call `path` in a worker, or at the end of the current request when Redis is not configured or
    not answering. Outside a request without a worker (CLI, shell) the call is dropped: what it would
    have done stays recorded (e.g. queued mail, which `flask mail send` delivers)."""
    if not has_app_context():
        return
    if _enqueue("eventsys.jobs.runner.call_in_app", path, args, kwargs):
        return
    if has_request_context():

        @after_this_request
        def _run(response):
            try:
                resolve(path)(*args, **kwargs)
            except Exception:
                log.exception("inline call of %s failed", path)
                db.session.rollback()
            return response


def start_job(kind: str, path: str, *, user=None, event=None, retries: int = 2, **params) -> Job:
    """Record a job and run it: queued on RQ with REDIS_URL, else (or with Redis down) right now, inline."""
    job = Job(
        kind=kind, function=path, params=params, user_id=getattr(user, "id", None), event_id=getattr(event, "id", None)
    )
    db.session.add(job)
    db.session.commit()
    from rq import Retry

    queued = _enqueue(
        "eventsys.jobs.runner.run_job_in_app",
        job.id,
        job_timeout=3600,
        retry=Retry(max=retries) if retries else None,
    )
    if not queued:
        run_job(job.id)
        db.session.refresh(job)
    return job


# SQLite (development) holds one write lock per transaction, so a second connection could not
# write progress while the job's own transaction is open; there, with one process, progress is
# kept in memory and read back by job_as_dict() through live_progress().
_LOCAL_PROGRESS: dict[str, tuple[int, str]] = {}


def report_progress(job_id: str | None, progress: int, stage: str = "") -> None:
    """Record progress where a polling page sees it while the job's transaction is still open."""
    if not job_id:
        return
    progress = max(0, min(100, progress))
    if db.engine.dialect.name == "sqlite":
        _LOCAL_PROGRESS[job_id] = (progress, stage)
        return
    with db.engine.begin() as conn:  # its own connection and transaction, committed at once
        conn.execute(update(Job).where(Job.id == job_id).values(progress=progress, stage=stage))


def live_progress(job: Job) -> tuple[int, str]:
    if job.is_finished:
        _LOCAL_PROGRESS.pop(job.id, None)
        return job.progress, job.stage
    return _LOCAL_PROGRESS.get(job.id, (job.progress, job.stage))


def run_job(job_id: str, *, in_worker: bool = False) -> None:
    """Run a recorded job. A failure is recorded on the job; `in_worker` (RQ) also re-raises it,
    so that RQ retries the job. Run inline (no worker), a failure never reaches the request."""
    job = db.session.get(Job, job_id)
    if job is None:
        log.warning("job %s vanished", job_id)
        return
    job.status = JobStatus.RUNNING
    job.started_at = utcnow()
    job.attempts += 1
    job.error = None
    db.session.commit()
    try:
        result = resolve(job.function)(job_id=job.id, **(job.params or {}))
    except Exception as exc:
        db.session.rollback()
        job = db.session.get(Job, job_id)
        job.status = JobStatus.FAILED
        job.error = f"{type(exc).__name__}: {exc}"
        job.finished_at = utcnow()
        db.session.commit()
        log.error("job %s failed:\n%s", job_id, traceback.format_exc())
        if in_worker:
            raise  # let RQ retry it
        return
    job = db.session.get(Job, job_id)
    job.status = JobStatus.DONE
    job.progress = 100
    job.result = result if isinstance(result, dict) else {"value": result}
    job.finished_at = utcnow()
    db.session.commit()


def job_as_dict(job: Job) -> dict:
    progress, stage = live_progress(job)
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status.value,
        "progress": progress,
        "stage": stage,
        "result": job.result,
        "error": job.error,
    }


def job_status(job_id: str) -> dict | None:
    """What a polling page shows: the job as stored now (not as this session last saw it)."""
    job = db.session.get(Job, job_id, populate_existing=True)
    return job_as_dict(job) if job else None
