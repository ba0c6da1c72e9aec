"""Faults, each a scripted test that says what it did and what it saw: a real RQ worker process
SIGKILLed mid-job, then another worker; Redis down when a page starts a job.

They run on PostgreSQL (TEST_DATABASE_URL), which the worker processes share with the test, and
Redis (database 11 here, JOBS_TEST_REDIS_URL elsewhere; a queue of their own per test). Each takes a
few seconds on purpose: worker processes start, a lease expires (3 s here, 60 s by default).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from eventsys.config import PROJECT_ROOT
from eventsys.db import db
from eventsys.jobs import background as runner
from eventsys.jobs.models import Job, JobStatus
from eventsys.jobs.services import start_job
from eventsys.proceedings.models import BuildStatus, ProceedingsBuild
from eventsys.proceedings.options import BookOptions
from eventsys.proceedings.services import is_intact
from tests.conftest import login
from tests.jobs.conftest import TEST_REDIS_URL
from tests.proceedings.conftest import make_book_event

pytestmark = pytest.mark.postgresql_only
LEASE = 3.0
CLOSED_PORT_REDIS = "redis://127.0.0.1:1/11"


@pytest.fixture
def redis_for_workers(app, queue_name):
    from redis import Redis

    try:
        Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except OSError as exc:
        pytest.fail(f"the fault tests need Redis at {TEST_REDIS_URL}: {exc}")
    app.config.update(REDIS_URL=TEST_REDIS_URL, JOBS_LEASE_SECONDS=LEASE)
    return queue_name


@pytest.fixture
def workers(app, redis_for_workers, tmp_path):
    """Start real `flask worker` processes (each in its own process group, so that a kill takes its
    work horse too, as losing the machine would); stopped at the end of the test."""
    started = []
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": TEST_REDIS_URL,
        "EVENTSYS_INSTANCE_PATH": app.instance_path,
        "STORAGE_PATH": storage_root(app),
        "JOBS_QUEUE": redis_for_workers,
        "JOBS_LEASE_SECONDS": str(LEASE),
        "JOBS_HEARTBEAT_SECONDS": "0.5",
        "JOBS_REAP_SECONDS": "1",
        "PYTHONPATH": str(PROJECT_ROOT),
    }

    def start(name: str) -> subprocess.Popen:
        log = (tmp_path / f"{name}.log").open("wb")
        flask = Path(sys.executable).with_name("flask")
        process = subprocess.Popen(
            [str(flask), "--app", "tests.jobs.worker_app", "worker"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def storage_root(app) -> str:
    """Where generated files live: STORAGE_PATH when the configuration has it, else the instance."""
    return str(app.config.get("STORAGE_PATH") or app.instance_path)


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def wait_for(what: str, check, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.remove()
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"waited {timeout:.0f} s and never saw {what}")


def test_a_worker_killed_mid_build_is_detected_the_job_retried_and_no_book_stays_building(app, make, workers, tmp_path):
    """Did: queue a proceedings build on RQ whose first attempt lays out slowly; start two workers;
    once the build is "building" on one, SIGKILL that worker and its work horse.
    Saw (asserted): the other worker's reaper finds the job within the lease plus a few seconds,
    marks the lost attempt failed with "abandoned by worker <host:pid>", runs the job again to the
    end; one READY book, intact; nothing left "building"; the job DONE on its second attempt."""
    event = make_book_event(make, db, slug="ascn-fault-book", sessions=1, people_per_session=1, participants=1)
    job = start_job(
        "proceedings",
        "tests.jobs.sample_jobs:slow_book_job",
        event=event,
        on_abandon="eventsys.proceedings.services:settle_abandoned_build",
        event_id=event.id,
        options=BookOptions().as_dict(),
        marker=str(tmp_path / "first-attempt"),
        seconds=60,
    )
    job_id = job.id
    assert job.status == JobStatus.QUEUED and job.runner == "rq", "the job went to RQ"
    began = time.monotonic()
    pool = {process.pid: process for process in (workers("first"), workers("second"))}
    building = wait_for(
        'the build "building" on a worker',
        lambda: db.session.scalar(select(ProceedingsBuild).where(ProceedingsBuild.status == BuildStatus.BUILDING)),
        timeout=60,
    )
    lost_worker = db.session.get(Job, job_id).worker.rsplit(":", 1)[0]  # "host:pid" of the work horse
    horse = int(lost_worker.rsplit(":", 1)[1])
    running = pool[parent_of(horse)]
    assert building.job_id == job_id and horse != running.pid, "the job runs in an RQ work horse"

    # Its machine is lost: the worker and its work horse (RQ puts the horse in a session of its own).
    os.killpg(running.pid, signal.SIGKILL)
    os.kill(horse, signal.SIGKILL)
    running.wait(timeout=10)
    killed_at = time.monotonic()
    print(f"building after {killed_at - began:.1f} s; killed worker {running.pid} and its horse {horse}")

    def retried():
        row = db.session.get(Job, job_id)
        return row if row.attempts >= 2 or row.status != JobStatus.RUNNING else None

    seen = wait_for("the abandoned job picked up again", retried, timeout=60)
    detected_after = time.monotonic() - killed_at
    print(f"picked up again {detected_after:.1f} s after the kill")
    assert detected_after < 60, f"detected {detected_after:.1f} s after the kill"
    done = wait_for(
        "the job done",
        lambda: (row := db.session.get(Job, job_id)).is_finished and row,
        timeout=60,
    )
    print(f"done {time.monotonic() - killed_at:.1f} s after the kill")
    assert (done.status, done.attempts, done.error) == (JobStatus.DONE, 2, None), (
        f"after the kill the job was {seen.status.value} ({seen.error}); it ended {done.status.value} "
        f"after {done.attempts} attempt(s): {done.error}"
    )
    books = db.session.scalars(select(ProceedingsBuild).order_by(ProceedingsBuild.id)).all()
    assert [(b.status, b.error) for b in books] == [
        (BuildStatus.FAILED, f"abandoned by worker {lost_worker}"),
        (BuildStatus.READY, ""),
    ], f"detected {detected_after:.1f} s after the kill"
    assert is_intact(books[1]) and books[1].version == 1
    assert not list(Path(storage_root(app)).rglob("*.part")), "a half-written file was left where books are served"


def test_with_redis_down_starting_a_print_run_redirects_and_it_runs_here(app, make, client, caplog):
    """Did: point REDIS_URL at a closed port, run the web's "print badges" (a background runner,
    as `make run`). Saw: a redirect to the job's page (no 500), the job done in this process,
    no job left "queued", and Redis' silence in the log."""
    app.config.update(REDIS_URL=CLOSED_PORT_REDIS, JOBS_INLINE=False)
    event = make.event(slug="ascn-redis-down")
    organizer = make.organizer(event, email="organizer@example.org")
    make.registration(event, first_name="Nuttapon", last_name="Nimmanphatcharin")
    login(client, organizer)
    try:
        response = client.post(f"/events/{event.slug}/badges/print", data={"layout": "a6-4up"})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        page = client.get(response.headers["Location"] + "?lang=en")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "Done: 1 badges ready." in html or "this job runs on this web server instead" in html
        db.session.remove()
        assert runner.wait_for_jobs(app, timeout=60)
    finally:
        runner.shutdown(app)
    statuses = db.session.scalars(select(Job.status)).all()
    assert statuses == [JobStatus.DONE], f"jobs after the run: {statuses}"
    assert db.session.scalar(select(Job.runner)) == "local"
    assert "Redis is not answering" in caplog.text
    assert "Done: 1 badges ready." in client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
