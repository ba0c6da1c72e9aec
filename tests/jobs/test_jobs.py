import pytest

from eventsys.jobs.models import JobStatus
from eventsys.jobs.services import job_as_dict, job_status, report_progress, start_job
from tests.jobs.conftest import TEST_REDIS_URL

CALLS = []


def sample_job(job_id, count):
    report_progress(job_id, 50, "halfway")
    CALLS.append(job_status(job_id))
    return {"count": count * 2}


def failing_job(job_id):
    raise ValueError("the PDF template is broken")


def test_jobs_run_inline_without_redis_and_record_progress(app):
    CALLS.clear()
    job = start_job("test", "tests.jobs.test_jobs:sample_job", count=21)
    assert job.status == JobStatus.DONE
    assert job.result == {"count": 42}
    assert job.progress == 100
    assert job_as_dict(job)["status"] == "done"
    # What a polling page saw while the job ran:
    assert (CALLS[0]["status"], CALLS[0]["progress"], CALLS[0]["stage"]) == ("running", 50, "halfway")


def test_a_failing_job_is_recorded_with_its_reason(app):
    job = start_job("test", "tests.jobs.test_jobs:failing_job")
    assert job.status == JobStatus.FAILED
    assert job.error == "ValueError: the PDF template is broken"
    assert job.finished_at is not None


def test_with_redis_jobs_are_queued_for_a_worker_over_one_connection(app, queue_name):
    from redis import Redis
    from rq import Queue

    from eventsys.jobs import services

    url = TEST_REDIS_URL
    app.config["REDIS_URL"] = url
    try:
        first = start_job("test", "tests.jobs.test_jobs:sample_job", count=1)
        second = start_job("test", "tests.jobs.test_jobs:sample_job", count=2)
        ids = {first.id, second.id}
        assert (first.status, second.status) == (JobStatus.QUEUED, JobStatus.QUEUED)  # a worker runs them
        assert (first.runner, first.max_attempts) == ("rq", 3)
        queued = Queue(queue_name, connection=Redis.from_url(url)).jobs
        assert ids <= {job.args[0] for job in queued}
        # One client, one connection pool, for every job and mail this app queues.
        assert services._queue().connection is services._queue().connection
        assert list(app.extensions["eventsys.redis"]) == [url]
    finally:
        app.config["REDIS_URL"] = None


@pytest.mark.delivers_mail
def test_mail_delivery_is_queued_once_while_a_call_waits(app, queue_name):
    """Three mails queued while a delivery call waits add no calls: the waiting one sends all three.
    Once it has started, the next mail queues a call of its own."""
    from redis import Redis
    from rq import Queue
    from sqlalchemy import select

    from eventsys.db import db
    from eventsys.jobs import runner, services
    from eventsys.mail.models import MailStatus, OutboxMail
    from tests.mail.test_outbox import queue_one

    app.config["REDIS_URL"] = TEST_REDIS_URL
    queue = Queue(queue_name, connection=Redis.from_url(TEST_REDIS_URL))
    try:
        for n in range(3):
            queue_one(to=f"delegate{n}@example.org")
        [call] = queue.jobs
        assert call.func_name == "eventsys.jobs.runner.call_pending_in_app"
        assert call.args == (
            "eventsys.mail.services:deliver_due",
            services.pending_key("eventsys.mail.services:deliver_due"),
        )

        runner.use_app(app)
        assert call.perform() == {"sent": 3, "failed": 0}
        db.session.expire_all()
        assert {m.status for m in db.session.scalars(select(OutboxMail))} == {MailStatus.SENT}

        queue_one(to="late@example.org")  # after the call started: it needs a call of its own
        assert len(queue.jobs) == 2
    finally:
        app.config["REDIS_URL"] = None
