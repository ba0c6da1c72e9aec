"""Without Redis (the default `make run`) and with Redis down, long jobs run in a thread pool of the
web process: the request that starts one answers at once and its page shows the progress."""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import select

from eventsys.db import db
from eventsys.jobs import background as runner
from eventsys.jobs.models import Job, JobRunner, JobStatus
from eventsys.jobs.services import job_status, start_job
from tests.conftest import login
from tests.jobs import sample_jobs

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/11"


def status_now(job_id: str) -> dict:
    """The job as a polling page sees it, read the way a request does: in a transaction that ends
    (on SQLite an open one would hold the only lock, which the runner's thread needs)."""
    seen = job_status(job_id)
    db.session.remove()
    return seen


@pytest.fixture
def gate():
    sample_jobs.GATE.clear()
    sample_jobs.STARTED.clear()
    yield sample_jobs.GATE
    sample_jobs.GATE.set()  # never leave a job waiting after a failed test


def test_start_job_returns_while_the_job_runs_and_the_page_sees_its_progress(background, gate):
    job = start_job("test", "tests.jobs.sample_jobs:gated_job", value=7)
    assert job.status == JobStatus.QUEUED and job.runner == "local", "start_job returned before the job ran"
    assert sample_jobs.STARTED.wait(10), "the background runner never started the job"
    seen = status_now(job.id)
    assert (seen["status"], seen["progress"], seen["stage"]) == ("running", 10, "waiting at the gate")
    gate.set()
    assert runner.wait_for_jobs(background, timeout=10)
    done = status_now(job.id)
    assert (done["status"], done["progress"], done["result"], done["attempts"]) == ("done", 100, {"value": 7}, 1)


def test_a_failing_background_job_is_recorded_and_the_runner_goes_on(background):
    failing = start_job("test", "tests.jobs.test_jobs:failing_job")
    fine = start_job("test", "tests.jobs.test_jobs:sample_job", count=4)
    assert runner.wait_for_jobs(background, timeout=10)
    failed, done = status_now(failing.id), status_now(fine.id)
    assert (failed["status"], failed["error"]) == ("failed", "ValueError: the PDF template is broken")
    assert (done["status"], done["result"]) == ("done", {"count": 8})


def test_a_badge_print_run_answers_at_once_and_the_page_shows_a_progress_bar(background, client, make):
    event = make.event(slug="ascn-background")
    organizer = make.organizer(event, email="organizer@example.org")
    for n in range(3):
        make.registration(event, first_name=f"Delegate{n}", last_name="Test", email=f"d{n}@example.org")
    login(client, organizer)
    db.session.commit()
    response = client.post(f"/events/{event.slug}/badges/print", data={"layout": "a6-4up"})
    assert response.status_code == 302
    job_url = response.headers["Location"]
    assert re.fullmatch(rf"/events/{event.slug}/badges/jobs/[0-9a-f-]{{36}}", job_url), job_url
    page = client.get(job_url + "?lang=en").get_data(as_text=True)
    # The page has the bar, with its accessible values, and refreshes itself without JavaScript.
    assert 'role="progressbar"' in page and 'aria-valuemin="0" aria-valuemax="100"' in page
    if "Done: 3 badges ready." not in page:  # the job may already be done on a fast machine
        assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
        assert "Reload to see the progress" in page
    db.session.remove()
    assert runner.wait_for_jobs(background, timeout=60)
    page = client.get(job_url + "?lang=en").get_data(as_text=True)
    assert "Done: 3 badges ready." in page and 'http-equiv="refresh"' not in page
    assert client.get(job_url + ".json").json["status"] == "done"


def test_with_redis_down_a_job_runs_here_with_a_message_and_none_stays_queued(background, gate, caplog):
    background.config["REDIS_URL"] = CLOSED_PORT_REDIS
    started = time.monotonic()
    job = start_job("test", "tests.jobs.sample_jobs:gated_job", value=1)
    assert time.monotonic() - started < 5, "start_job waited too long for the Redis that is down"
    assert job.runner == JobRunner.LOCAL.value
    assert "Redis is not answering" in caplog.text
    assert sample_jobs.STARTED.wait(10)
    assert status_now(job.id)["notice"] == (
        "The job queue is not answering, so this job runs on this web server instead. It may take a little longer."
    )
    gate.set()
    assert runner.wait_for_jobs(background, timeout=10)
    assert status_now(job.id)["notice"] is None  # finished: nothing more to say
    assert db.session.scalars(select(Job.status)).all() == [JobStatus.DONE]


def test_dispatch_soon_without_redis_runs_in_the_background(background, app, gate):
    from eventsys.jobs.services import dispatch_soon

    calls = []
    sample_jobs.CALLED = calls
    with app.test_request_context("/"):
        dispatch_soon("tests.jobs.test_background:record_call", "hello")
    # The call waits at the gate, so had it run inside the request we would not be here yet.
    assert sample_jobs.STARTED.wait(10) and calls == []
    gate.set()
    assert runner.wait_for_jobs(app, timeout=10)
    assert calls == ["hello"]


def record_call(word: str) -> None:
    sample_jobs.STARTED.set()
    assert sample_jobs.GATE.wait(20)
    sample_jobs.CALLED.append(word)
