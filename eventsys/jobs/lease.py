"""Leases on jobs: whoever runs a job says so every few seconds; a job nobody speaks for was abandoned.

A job being run carries `worker` (a token "host:pid:random" naming the process and this run) and
`heartbeat_at`. Each process that holds jobs (an RQ work horse, a web process's background runner)
has one `Keeper` thread that renews the heartbeat of every job it holds every JOBS_HEARTBEAT_SECONDS.
When a process dies (SIGKILL, out of memory, machine lost), its heartbeats stop: `reap()` finds
RUNNING jobs (and jobs queued in a web process's own runner) whose heartbeat is older than
JOBS_LEASE_SECONDS, tells the job's area (`on_abandon`, e.g. a book left "building"), and queues the
job again while it has attempts left, else fails it with the reason.

A run that lost its lease (reaped while it was only slow) cannot overwrite the new run's outcome:
`finish` and the heartbeat only touch the row while `worker` is still its own token.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid

from flask import current_app
from sqlalchemy import or_, select, update

from eventsys.db import commit_keeping_state, db, utcnow
from eventsys.jobs.models import Job, JobRunner, JobStatus

log = logging.getLogger(__name__)

# A job is found abandoned within a minute of its worker's death: its last heartbeat was at most
# HEARTBEAT before, its lease runs out LEASE after that, and a reaper looks every REAP (40 + 15 < 60).
DEFAULT_HEARTBEAT_SECONDS = 10.0
DEFAULT_LEASE_SECONDS = 40.0
DEFAULT_REAP_SECONDS = 15.0


def heartbeat_seconds(app=None) -> float:
    return float((app or current_app).config.get("JOBS_HEARTBEAT_SECONDS", DEFAULT_HEARTBEAT_SECONDS))


def lease_seconds(app=None) -> float:
    return float((app or current_app).config.get("JOBS_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


def reap_seconds(app=None) -> float:
    return float((app or current_app).config.get("JOBS_REAP_SECONDS", DEFAULT_REAP_SECONDS))


def new_token(name: str | None = None) -> str:
    """Who runs a job: host, process, and a random part that tells this run from any other."""
    return f"{name or socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:200]


def worker_of(token: str | None) -> str:
    """The worker named in a token, for people: "host:pid"."""
    return (token or "unknown").rsplit(":", 1)[0]


# --- the keeper: one thread per process renews the leases of the jobs the process holds ---------


class Keeper:
    """Renews the heartbeat of the jobs this process holds; optionally reaps now and then."""

    def __init__(self, app, *, reaps: bool) -> None:
        self.app = app
        self.reaps = reaps
        self.pid = os.getpid()
        self.held: dict[str, str] = {}  # job id -> token
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="eventsys-jobs-keeper", daemon=True)
        self.thread.start()

    def hold(self, job_id: str, token: str) -> None:
        with self.lock:
            self.held[job_id] = token

    def release(self, job_id: str) -> None:
        with self.lock:
            self.held.pop(job_id, None)

    def holds(self, job_id: str) -> bool:
        with self.lock:
            return job_id in self.held

    def stop(self, timeout: float = 10.0) -> None:
        """Stop renewing and reaping, and wait for a beat in progress to end: no thread of this
        keeper touches the database once this returns."""
        self.stopped.set()
        if self.thread is not threading.current_thread():
            self.thread.join(timeout)

    def _loop(self) -> None:
        beat, reap_every = heartbeat_seconds(self.app), reap_seconds(self.app)
        next_reap = 0.0 if self.reaps else float("inf")
        elapsed = 0.0
        while not self.stopped.is_set():
            with self.lock:
                held = dict(self.held)
            try:
                with self.app.app_context():
                    renew(held)
                    if elapsed >= next_reap:
                        reap()
                        next_reap = elapsed + reap_every
                    db.session.remove()
            except Exception:  # the database is away for a moment: try again at the next beat
                log.exception("job keeper: heartbeat or reap failed")
            self.stopped.wait(beat)
            elapsed += beat


KEEPER = "eventsys.jobs.keeper"  # app.extensions key: this process's keeper for that app
_KEEPERS_LOCK = threading.Lock()


def keeper(app, *, reaps: bool = False) -> Keeper:
    """This process's keeper for `app` (a new one after fork: threads do not survive it). Kept on
    the app itself, not under id(app): a new app may reuse a collected one's id."""
    with _KEEPERS_LOCK:
        found = app.extensions.get(KEEPER)
        if found is None or found.pid != os.getpid() or found.stopped.is_set():
            found = app.extensions[KEEPER] = Keeper(app, reaps=reaps)
        return found


def stop_keeper(app) -> None:
    with _KEEPERS_LOCK:
        found = app.extensions.pop(KEEPER, None)
    if found is not None:
        found.stop()


def held_here(job_id: str) -> bool:
    found = current_app.extensions.get(KEEPER)
    return found is not None and found.pid == os.getpid() and found.holds(job_id)


def renew(held: dict[str, str]) -> None:
    """One heartbeat for each held job, in its own short transaction (never the job's own)."""
    if not held:
        return
    now = utcnow()
    if db.engine.dialect.name == "sqlite":
        _renew_sqlite(held, now)
        return
    with db.engine.begin() as conn:
        for job_id, token in held.items():
            conn.execute(update(Job).where(Job.id == job_id, Job.worker == token).values(heartbeat_at=now))


def _renew_sqlite(held: dict[str, str], now: dt.datetime) -> None:
    """SQLite (development) has one write lock, which a running job may hold for long: the beat is
    tried for a moment and skipped if the lock is busy. The keeper's own process never reaps what
    it holds, whatever the stored heartbeat says, so a skipped beat only matters to another process."""
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA busy_timeout=250")
        stamp = now.astimezone(dt.UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
        try:
            for job_id, token in held.items():
                cursor.execute("UPDATE jobs SET heartbeat_at = ? WHERE id = ? AND worker = ?", (stamp, job_id, token))
        except Exception as exc:  # "database is locked": the next beat tries again
            log.debug("job keeper: heartbeat skipped (%s)", exc)
        finally:
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()
    finally:
        raw.close()


# --- claiming, finishing -----------------------------------------------------------------------


def claim(job_id: str, token: str, runner: JobRunner) -> Job | None:
    """Take the job to run it: None if it is done, failed with no attempt left, or being run by someone
    whose lease is alive (a duplicate delivery: RQ's own retry of an abandoned job, a second enqueue).
    A failed job with attempts left runs again: that is RQ's retry."""
    stmt = select(Job).where(Job.id == job_id)
    if db.engine.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    job = db.session.scalar(stmt.execution_options(populate_existing=True))
    if job is None:
        log.warning("job %s vanished", job_id)
        db.session.rollback()
        return None
    used_up = job.status == JobStatus.FAILED and job.attempts >= (job.max_attempts or 1)
    if job.status == JobStatus.DONE or used_up or (job.status == JobStatus.RUNNING and not _lease_expired(job)):
        log.info("job %s not run again: it is %s (worker %s)", job_id, job.status.value, worker_of(job.worker))
        db.session.rollback()
        return None
    job.status = JobStatus.RUNNING
    job.runner = runner.value
    job.worker = token
    job.heartbeat_at = job.started_at = utcnow()
    job.attempts += 1
    commit_keeping_state()  # the job starts with no transaction open (SQLite: the lock stays free)
    return job


def _lease_expired(job: Job, now: dt.datetime | None = None) -> bool:
    last = job.heartbeat_at or job.started_at or job.created_at
    return last is None or (now or utcnow()) - last > dt.timedelta(seconds=lease_seconds())


def finish(job_id: str, token: str, **values) -> bool:
    """Record the outcome of a run while it still holds the lease; False if it lost it."""
    values.setdefault("finished_at", utcnow())
    values.setdefault("heartbeat_at", None)
    done = db.session.execute(update(Job).where(Job.id == job_id, Job.worker == token).values(**values))
    db.session.commit()
    if done.rowcount == 0:
        log.warning("job %s: this run lost its lease (reaped as abandoned); its outcome is not recorded", job_id)
        return False
    return True


# --- the reaper --------------------------------------------------------------------------------


def reap(now: dt.datetime | None = None) -> list[dict]:
    """Find jobs whose worker stopped speaking for them; retry or fail each. Returns what was done."""
    now = now or utcnow()
    limit = now - dt.timedelta(seconds=lease_seconds())
    candidates = db.session.scalars(
        select(Job.id).where(
            or_(
                Job.status == JobStatus.RUNNING,
                # queued in a web process's own runner, which keeps their lease while they wait
                (Job.status == JobStatus.QUEUED) & (Job.runner == JobRunner.LOCAL.value) & Job.worker.is_not(None),
            ),
            or_(Job.heartbeat_at < limit, Job.heartbeat_at.is_(None) & (Job.started_at < limit)),
        )
    ).all()
    db.session.rollback()  # end the read: each job is settled in its own transaction
    actions = []
    for job_id in candidates:
        if held_here(job_id):
            continue
        action = _reap_one(job_id, now)
        if action:
            actions.append(action)
    return actions


def _reap_one(job_id: str, now: dt.datetime) -> dict | None:
    from eventsys.jobs.services import redispatch, resolve

    stmt = select(Job).where(Job.id == job_id)
    if db.engine.dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)  # another reaper has it
    job = db.session.scalar(stmt.execution_options(populate_existing=True))
    if job is None or job.status not in (JobStatus.RUNNING, JobStatus.QUEUED) or not _lease_expired(job, now):
        db.session.rollback()
        return None
    lost = worker_of(job.worker)
    final = job.attempts >= (job.max_attempts or 1)
    reason = f"abandoned by worker {lost}"
    if job.on_abandon:
        try:
            with db.session.begin_nested():
                resolve(job.on_abandon)(job_id=job.id, reason=reason, final=final)
        except Exception:
            log.exception("job %s: its on_abandon step failed", job.id)
    job.worker, job.heartbeat_at = None, None
    if final:
        job.status, job.finished_at = JobStatus.FAILED, now
        job.error = f"{reason} after {job.attempts} attempt(s); not retried"
    else:
        job.status = JobStatus.QUEUED
        job.error = f"{reason}; retrying (attempt {job.attempts + 1} of {job.max_attempts})"
    db.session.commit()
    log.warning("job %s (%s): %s", job.id, job.kind, job.error)
    if not final:
        redispatch(job.id)
    return {"job": job.id, "kind": job.kind, "worker": lost, "retried": not final, "error": job.error}
