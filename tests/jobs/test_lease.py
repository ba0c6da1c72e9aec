"""Leases and the reaper: a job whose worker died is found, marked, and retried or failed; what the
lost run left half-done (a book "building") is settled; a live job is never touched."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import select

from eventsys.db import db, utcnow
from eventsys.jobs import background as runner
from eventsys.jobs import lease
from eventsys.jobs.models import Job, JobStatus
from tests.jobs.conftest import TEST_REDIS_URL

DEAD = "deadhost:4242:0badc0de"


def abandoned_job(*, attempts=1, max_attempts=3, seconds_ago=120, **fields) -> Job:
    """A job as a worker killed mid-run leaves it: RUNNING, its heartbeat stopped long ago."""
    fields.setdefault("function", "tests.jobs.test_jobs:sample_job")
    fields.setdefault("params", {"count": 5})
    job = Job(
        kind=fields.pop("kind", "test"),
        status=JobStatus.RUNNING,
        attempts=attempts,
        max_attempts=max_attempts,
        runner="rq",
        worker=DEAD,
        heartbeat_at=utcnow() - dt.timedelta(seconds=seconds_ago),
        started_at=utcnow() - dt.timedelta(seconds=seconds_ago + 5),
        **fields,
    )
    db.session.add(job)
    db.session.commit()
    return job


def reload(job_id: str) -> Job:
    db.session.remove()
    return db.session.get(Job, job_id)


def test_an_abandoned_job_is_marked_and_run_again_to_the_end(background):
    job_id = abandoned_job().id
    [action] = lease.reap()
    assert action == {
        "job": job_id,
        "kind": "test",
        "worker": "deadhost:4242",
        "retried": True,
        "error": "abandoned by worker deadhost:4242; retrying (attempt 2 of 3)",
    }
    db.session.remove()
    assert runner.wait_for_jobs(background, timeout=10)
    job = reload(job_id)
    assert (job.status, job.attempts, job.result, job.error) == (JobStatus.DONE, 2, {"count": 10}, None)
    assert job.worker != DEAD and job.runner == "local"


def test_an_abandoned_job_with_no_attempt_left_fails_with_the_reason(app):
    job_id = abandoned_job(attempts=3, max_attempts=3).id
    [action] = lease.reap()
    job = reload(job_id)
    assert (job.status, action["retried"]) == (JobStatus.FAILED, False)
    assert job.error == "abandoned by worker deadhost:4242 after 3 attempt(s); not retried"
    assert job.finished_at is not None and job.worker is None


def test_a_job_whose_worker_speaks_for_it_is_left_alone(app):
    fresh = abandoned_job(seconds_ago=5).id
    done = abandoned_job(seconds_ago=500)
    done.status = JobStatus.DONE
    db.session.commit()
    done_id = done.id
    assert lease.reap() == []
    assert reload(fresh).status == JobStatus.RUNNING and reload(done_id).status == JobStatus.DONE


def test_a_run_that_lost_its_lease_cannot_overwrite_the_new_runs_outcome(app):
    job = abandoned_job()
    job_id, old_token = job.id, job.worker
    lease.reap()  # run again at once (JOBS_INLINE), to the end
    db.session.remove()
    # The lost run comes back, late, with another outcome: it is not recorded.
    assert lease.finish(job_id, old_token, status=JobStatus.FAILED, error="late") is False
    job = reload(job_id)
    assert (job.status, job.result, job.error, job.attempts) == (JobStatus.DONE, {"count": 10}, None, 2)


def test_the_keeper_renews_the_heartbeat_of_the_jobs_it_holds(background):
    job = abandoned_job(seconds_ago=30)
    job_id, token = job.id, job.worker
    keeper = lease.keeper(background)
    keeper.hold(job_id, token)
    db.session.remove()
    deadline = time.monotonic() + 5
    while reload(job_id).heartbeat_at < utcnow() - dt.timedelta(seconds=5) and time.monotonic() < deadline:
        db.session.remove()
        time.sleep(0.1)
    assert reload(job_id).heartbeat_at > utcnow() - dt.timedelta(seconds=5), "no heartbeat in 5 s"
    assert lease.held_here(job_id)
    db.session.remove()
    assert lease.reap() == []  # held by this very process: never reaped here
    keeper.release(job_id)


def test_a_book_left_building_by_a_lost_worker_is_marked_failed_and_never_served(make, db):
    from eventsys.proceedings.models import BuildStatus, ProceedingsBuild
    from eventsys.proceedings.services import latest_ready

    event = make.event(slug="ascn-book-lost")
    job = abandoned_job(
        kind="proceedings",
        attempts=3,
        on_abandon="eventsys.proceedings.services:settle_abandoned_build",
        function="eventsys.proceedings.jobs:build_proceedings_job",
        params={"event_id": event.id, "options": {}},
        event_id=event.id,
    )
    attempt = ProceedingsBuild(
        event_id=event.id, options={}, options_hash="x", job_id=job.id, status=BuildStatus.BUILDING
    )
    db.session.add(attempt)
    db.session.commit()
    attempt_id, job_id = attempt.id, job.id
    lease.reap()
    db.session.remove()
    attempt = db.session.get(ProceedingsBuild, attempt_id)
    assert (attempt.status, attempt.error) == (BuildStatus.FAILED, "abandoned by worker deadhost:4242")
    assert latest_ready(attempt.event) is None
    assert reload(job_id).status == JobStatus.FAILED


def test_flask_jobs_reap_says_what_it_did(app):
    job_id = abandoned_job(attempts=3).id
    result = app.test_cli_runner().invoke(args=["jobs", "reap"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{job_id} (test): abandoned by worker deadhost:4242 after 3 attempt(s); not retried\n1 abandoned job(s)\n"
    )


def test_each_periodic_task_runs_once_per_period_across_workers(app, queue_name):
    from redis import Redis

    from eventsys.jobs.worker import Periodic, run_due

    connection = Redis.from_url(TEST_REDIS_URL)
    try:
        connection.ping()
    except OSError as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"no Redis at {TEST_REDIS_URL}: {exc}")
    calls.clear()
    task = Periodic("count", "tests.jobs.test_lease:count_call", every=30)
    first = run_due(app, connection, [task], "host-a:1")
    second = run_due(app, connection, [task], "host-b:2")  # another machine, the same moment
    assert (first, second, calls) == (["count"], [], ["called"])
    connection.delete(f"eventsys:periodic:{queue_name}:count")  # the period is over
    assert run_due(app, connection, [task], "host-b:2") == ["count"] and calls == ["called", "called"]


calls: list[str] = []


def count_call() -> None:
    calls.append("called")


def test_jobs_from_before_leases_left_running_are_reaped_too(app):
    """Rows left "running" by a killed worker before this release have no heartbeat at all."""
    job = abandoned_job(attempts=3)
    job.heartbeat_at, job.worker = None, None
    db.session.commit()
    [action] = lease.reap()
    assert action["worker"] == "unknown"
    assert db.session.scalars(select(Job.status)).all() == [JobStatus.FAILED]


def test_mail_to_participants_whose_job_was_lost_for_good_shows_it_stopped(make):
    """Retried, the job continues where it stopped; with no attempt left the campaign says it
    stopped, so the organizer sees "Continue sending" instead of a bar that never moves."""
    from eventsys.messages.models import CampaignStatus, MailCampaign

    event = make.event(slug="ascn-mail-lost")
    retried = abandoned_job(kind="mail_campaign", on_abandon="eventsys.messages.campaigns:settle_abandoned_job")
    lost = abandoned_job(
        kind="mail_campaign", attempts=3, on_abandon="eventsys.messages.campaigns:settle_abandoned_job"
    )
    retried_id, lost_id = retried.id, lost.id
    for job_id in (retried_id, lost_id):
        db.session.add(MailCampaign(event_id=event.id, subject_en="Agenda", body_en="Hello", job_id=job_id))
    db.session.commit()
    lease.reap()
    db.session.remove()
    states = {campaign.job_id: campaign.status for campaign in db.session.scalars(select(MailCampaign))}
    assert states == {retried_id: CampaignStatus.SENDING, lost_id: CampaignStatus.FAILED}
