"""Background jobs whose progress a page shows (badge sheets, proceedings books, mail to participants)."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eventsys.db import UTCDateTime, db, enum_column, utcnow


class JobStatus(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobRunner(str, enum.Enum):
    """Where a job runs: an RQ worker, a thread of the web process that started it (no Redis, or
    Redis down), or the request itself (tests with JOBS_INLINE)."""

    RQ = "rq"
    LOCAL = "local"
    INLINE = "inline"


class Job(db.Model):
    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    kind: Mapped[str] = mapped_column(String(60))
    function: Mapped[str] = mapped_column(String(200))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus), default=JobStatus.QUEUED)
    progress: Mapped[int] = mapped_column(Integer, default=0)  # 0..100
    stage: Mapped[str] = mapped_column(String(60), default="")
    result: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # A job abandoned by its worker (killed, machine lost) runs again until it has had this many attempts.
    max_attempts: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    runner: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # The lease of a running job: who runs it ("host:pid:token") and when it last said so. A RUNNING
    # job whose heartbeat is older than JOBS_LEASE_SECONDS was abandoned (eventsys.jobs.lease.reap).
    worker: Mapped[str | None] = mapped_column(String(200))
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    # "module:function" called with (job_id, reason, final) when the job is abandoned, so the area
    # can settle what the lost run left half-done (a book "building").
    on_abandon: Mapped[str | None] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
