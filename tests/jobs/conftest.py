import os
import uuid

import pytest

# Redis for these tests: database 11 on this machine (JOBS_TEST_REDIS_URL elsewhere); each test
# gets its own queue name and periodic-lock keys, so parallel test workers never share them.
TEST_REDIS_URL = os.environ.get("JOBS_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


@pytest.fixture
def background(app):
    """The app as `make run` has it: long jobs run in the web process's background runner, not
    inside the request. The fixture waits for the runner to finish and stops it after the test."""
    from eventsys.jobs import background as runner

    app.config.update(JOBS_INLINE=False, JOBS_HEARTBEAT_SECONDS=0.2, JOBS_LEASE_SECONDS=2, JOBS_REAP_SECONDS=60)
    yield app
    runner.wait_for_jobs(app, timeout=30)
    runner.shutdown(app)


@pytest.fixture
def queue_name(app):
    name = f"eventsys-test-{uuid.uuid4().hex[:10]}"
    app.config["JOBS_QUEUE"] = name
    yield name
    from redis import Redis

    connection = Redis.from_url(TEST_REDIS_URL)
    keys = list(connection.scan_iter(f"*{name}*"))
    for key in connection.scan_iter("rq:job:*"):  # RQ's job hashes say their queue as "origin"
        if connection.type(key) == b"hash" and connection.hget(key, "origin") == name.encode():
            job_id = key.decode().removeprefix("rq:job:")
            keys += [key, f"rq:results:{job_id}"]
    if keys:
        connection.delete(*keys)
