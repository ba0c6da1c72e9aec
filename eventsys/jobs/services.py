"""Run long work in the background, never inside the request that asks for it.

Two kinds of work go through here:
- `dispatch_soon(path)`: fire-and-forget calls such as "deliver the outbox" (no row, no progress);
- `start_job(kind, path, ...)`: tracked jobs with a `Job` row whose progress and stage a page polls.

Where the work runs:
- REDIS_URL set and Redis answering: on the RQ workers (`flask --app wsgi worker`);
- no REDIS_URL (the default `make run`), or Redis down: in a small thread pool of this web process
  (eventsys.jobs.background); the request answers at once either way, and the page shows progress;
- JOBS_INLINE (on by default in tests): in the request itself, so a test sees the outcome at once.

With REDIS_URL set but Redis down or unreachable, nothing fails and no job stays "queued": the work
runs in this process (a warning is logged, and `job_notice` gives the page its message), and Redis is
not asked again for REDIS_RETRY_AFTER seconds, so each request does not wait for a connection that
will not come.

Functions are named by "module:function" strings so a worker process can import them.
"""

from __future__ import annotations

import importlib
import logging
import time
import traceback

from flask import after_this_request, current_app, has_app_context, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from eventsys.db import commit_keeping_state, db, utcnow
from eventsys.jobs import background, lease
from eventsys.jobs.models import Job, JobRunner, JobStatus

log = logging.getLogger(__name__)
QUEUE_NAME = "eventsys"
# Seconds the web process waits for Redis: to connect, and for an answer.
REDIS_CONNECT_TIMEOUT = 2
REDIS_SOCKET_TIMEOUT = 5
# After Redis failed to answer, seconds during which work runs in-process without asking it again.
REDIS_RETRY_AFTER = 30
RUNS_HERE_NOTICE = _l(
    "The job queue is not answering, so this job runs on this web server instead. It may take a little longer."
)


def resolve(path: str):
    module_name, _, attr = path.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def queue_name(app=None) -> str:
    """The RQ queue: JOBS_QUEUE, so that tests (and several sites on one Redis) keep apart."""
    return (app or current_app).config.get("JOBS_QUEUE") or QUEUE_NAME


def redis_client(app=None):
    """The app's Redis client (and connection pool), made once per app and URL: a client per call
    would open a new connection for every mail a request queues."""
    from redis import Redis

    app = app or current_app
    url = app.config["REDIS_URL"]
    clients = app.extensions.setdefault("eventsys.redis", {})
    if url not in clients:
        clients[url] = Redis.from_url(
            url, socket_connect_timeout=REDIS_CONNECT_TIMEOUT, socket_timeout=REDIS_SOCKET_TIMEOUT
        )
    return clients[url]


def _queue():
    from rq import Queue

    return Queue(queue_name(), connection=redis_client())


def _redis_down_until() -> dict[str, float]:
    return current_app.extensions.setdefault("eventsys.redis_down_until", {})


def redis_usable() -> bool:
    """REDIS_URL is set, and Redis has not failed to answer in the last REDIS_RETRY_AFTER seconds."""
    url = current_app.config.get("REDIS_URL")
    return bool(url) and time.monotonic() >= _redis_down_until().get(url, 0)


def mark_redis_down() -> None:
    """Redis just failed to answer: nobody in this process asks it again for REDIS_RETRY_AFTER seconds
    (a Redis that is away costs each request a refused connection, or a timeout, otherwise)."""
    _redis_down_until()[current_app.config["REDIS_URL"]] = time.monotonic() + REDIS_RETRY_AFTER


def _enqueue(function: str, *args, **options) -> bool:
    """Hand `function(*args)` to the RQ workers. False when there is no Redis, or it does not answer
    (logged; not asked again for REDIS_RETRY_AFTER seconds): the caller then runs the work itself."""
    if not redis_usable():
        return False
    from redis.exceptions import RedisError

    try:
        _queue().enqueue(function, *args, **options)
    except (RedisError, OSError) as exc:
        mark_redis_down()
        # The URL may hold a password: only the reason is logged.
        log.warning("Redis is not answering (%s: %s): running the work in this process", type(exc).__name__, exc)
        return False
    return True


def runs_inline() -> bool:
    """Work runs inside the request: JOBS_INLINE, on by default (unset or None) only in tests."""
    inline = current_app.config.get("JOBS_INLINE")
    return current_app.testing if inline is None else bool(inline)


def dispatch_soon(path: str, *args, **kwargs) -> None:
    """Call `path` in a worker; without one (no Redis, or Redis down) in this process's background
    runner, or with JOBS_INLINE at the end of the current request. Outside a request and the runner
    (CLI, shell) the call is dropped: what it would have done stays recorded (e.g. queued mail, which
    `flask mail send` and the worker's periodic delivery send)."""
    if not has_app_context():
        return
    if _enqueue("eventsys.jobs.runner.call_in_app", path, args, kwargs):
        return
    if runs_inline():
        if has_request_context():

            @after_this_request
            def _run(response):
                _call_logged(path, args, kwargs)
                return response

        return
    if has_request_context() or background.in_background_thread():
        background.runner().submit(_call_logged, path, args, kwargs)


# How long a queued "once" call keeps others from being queued, should it never start (its worker
# died): after that the next piece of work queues a call again. The worker's periodic sweep (mail
# retry, every 30 s) covers the gap either way.
PENDING_SECONDS = 30


def pending_key(path: str, app=None) -> str:
    return f"eventsys:pending:{queue_name(app)}:{path}"


def dispatch_once(path: str) -> None:
    """`dispatch_soon(path)` for work that takes care of everything pending when it runs (deliver
    the outbox): while one such call waits in the queue, queuing another for each new mail would
    only add calls that find nothing left to do. Registration opening queues hundreds of mails a
    second; with this, one call waits at a time, and each registration saves an RQ enqueue (a
    tenth of its Python).

    A Redis key marks the waiting call; the call clears it as it starts (`runner.call_pending_in_app`),
    before it looks for work, so anything queued after that point queues a call of its own."""
    if not has_app_context():
        return
    if redis_usable():
        from redis.exceptions import RedisError

        key = pending_key(path)
        try:
            first = redis_client().set(key, "1", nx=True, ex=PENDING_SECONDS)
        except (RedisError, OSError):
            first = True  # _enqueue below finds Redis down, says so, and the work runs here
        if not first:
            return  # a call is waiting and has not started: it will see this work too
        if _enqueue("eventsys.jobs.runner.call_pending_in_app", path, key):
            return
    dispatch_soon(path)


def _call_logged(path: str, args, kwargs) -> None:
    try:
        resolve(path)(*args, **kwargs)
    except Exception:
        log.exception("call of %s failed", path)
        db.session.rollback()


def start_job(
    kind: str, path: str, *, user=None, event=None, retries: int = 2, on_abandon: str | None = None, **params
) -> Job:
    """Record a job and have it run; returns at once (but with JOBS_INLINE) with the job QUEUED or
    RUNNING. `retries`: how many more times it runs after a failure on RQ, or after its worker was
    lost. `on_abandon`: "module:function(job_id, reason, final)" settling what a lost run left."""
    job = Job(
        kind=kind,
        function=path,
        params=params,
        user_id=getattr(user, "id", None),
        event_id=getattr(event, "id", None),
        max_attempts=1 + max(0, retries),
        on_abandon=on_abandon,
        runner=JobRunner.RQ.value,
    )
    db.session.add(job)
    # Committed without expiring: reading the job back would open a transaction, which on SQLite
    # (one lock for the whole database) would hold off the runner's thread until the request ends.
    commit_keeping_state()
    if _enqueue_job(job.id, retries):
        return job
    if runs_inline():
        run_job(job.id, runner=JobRunner.INLINE)
        db.session.refresh(job)
    else:
        _run_here(job)
    return job


def _enqueue_job(job_id: str, retries: int) -> bool:
    from rq import Retry

    return _enqueue(
        "eventsys.jobs.runner.run_job_in_app",
        job_id,
        job_timeout=int(current_app.config.get("JOBS_TIMEOUT", 3600)),
        retry=Retry(max=retries) if retries else None,
    )


def _run_here(job: Job) -> None:
    """Queue the job in this process's runner, holding its lease from now: should the process die
    before the job starts, another process's reaper queues it again."""
    token = lease.new_token()
    job.runner, job.worker, job.heartbeat_at = JobRunner.LOCAL.value, token, utcnow()
    commit_keeping_state()
    runner = background.runner()
    runner.keeper.hold(job.id, token)
    runner.submit(_run_held, job.id, token)


def _run_held(job_id: str, queued_token: str) -> None:
    keeper = background.runner().keeper
    try:
        run_job(job_id, runner=JobRunner.LOCAL, keeper=keeper)
    finally:
        if keeper.held.get(job_id) == queued_token:  # not claimed (done meanwhile, or run elsewhere)
            keeper.release(job_id)


def redispatch(job_id: str) -> None:
    """Run again a job the reaper found abandoned: on RQ if it answers, else in this process."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != JobStatus.QUEUED:
        return
    if current_app.config.get("REDIS_URL") and _enqueue_job(job.id, 0):
        job.runner = JobRunner.RQ.value
        db.session.commit()
    elif runs_inline():
        run_job(job.id, runner=JobRunner.INLINE)
    else:
        _run_here(job)


def event_job(event, job_id: str, kind: str) -> Job | None:
    """The job `job_id` of `kind` started for `event`, or None: what a job page may show (another
    event's job, or another kind's, is not found)."""
    job = db.session.get(Job, job_id)
    return job if job is not None and job.event_id == event.id and job.kind == kind else None


def job_notice(job: Job) -> str | None:
    """What a job's page tells its user about where it runs: with REDIS_URL set, a job not finished
    that runs on the web server instead of the workers means Redis was down when it started."""
    if job.is_finished or job.runner != JobRunner.LOCAL.value or not current_app.config.get("REDIS_URL"):
        return None
    return str(RUNS_HERE_NOTICE)


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


def run_job(
    job_id: str, *, in_worker: bool = False, runner: JobRunner = JobRunner.INLINE, keeper=None, token=None
) -> None:
    """Run a recorded job under a lease (eventsys.jobs.lease). A failure is recorded on the job;
    `in_worker` (RQ) also re-raises it, so that RQ retries the job. Run in the web process, a failure
    never reaches the request. A job that is done, or run by another live worker, is not run again."""
    token = token or lease.new_token()
    job = lease.claim(job_id, token, runner)
    if job is None:
        return
    if keeper is not None:
        keeper.hold(job_id, token)
    try:
        try:
            result = resolve(job.function)(job_id=job.id, **(job.params or {}))
        except Exception as exc:
            db.session.rollback()
            lease.finish(job_id, token, status=JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
            log.error("job %s failed:\n%s", job_id, traceback.format_exc())
            if in_worker:
                raise  # let RQ retry it
            return
        lease.finish(
            job_id,
            token,
            status=JobStatus.DONE,
            progress=100,
            error=None,
            result=result if isinstance(result, dict) else {"value": result},
        )
    finally:
        if keeper is not None:
            keeper.release(job_id)


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
        "attempts": job.attempts,
        "notice": job_notice(job),
    }


def job_status(job_id: str) -> dict | None:
    """What a polling page shows: the job as stored now (not as this session last saw it).
    Polling starts this process's runner (and so its reaper), if jobs may run here: a job left by a
    web process that died is taken up again by one its user is still watching."""
    if not runs_inline():
        background.runner()
    job = db.session.get(Job, job_id, populate_existing=True)
    return job_as_dict(job) if job else None
