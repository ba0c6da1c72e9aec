"""`/metrics`: who may scrape it, the request histogram, and the database's gauges."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from prometheus_client.parser import text_string_to_metric_families

from eventsys.db import utcnow


def samples(response) -> dict[tuple[str, tuple], float]:
    """{(sample name, sorted labels): value} of a scrape."""
    found = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_the_loopback_address_may_scrape(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert "version=" in response.headers["Content-Type"]
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("remote", "headers", "status"),
    [
        ("192.0.2.10", {}, 403),
        ("192.0.2.10", {"Authorization": "Bearer wrong-token"}, 403),
        ("192.0.2.10", {"Authorization": "Bearer metrics-secret-1"}, 200),
        ("192.0.2.10", {"Authorization": "bearer metrics-secret-1"}, 200),
        ("::1", {}, 200),
        # through a proxy on this machine that no TRUSTED_PROXIES setting vouches for: not local
        ("127.0.0.1", {"X-Forwarded-For": "203.0.113.9"}, 403),
    ],
)
def test_others_need_the_metrics_token(app, client, remote, headers, status):
    app.config["METRICS_TOKEN"] = "metrics-secret-1"
    response = client.get("/metrics", headers=headers, environ_base={"REMOTE_ADDR": remote})
    assert response.status_code == status
    if status == 403:
        assert response.json["message"] == (
            "Metrics are served to the loopback address, or with Authorization: Bearer <METRICS_TOKEN>."
        )


def test_without_a_token_setting_no_bearer_opens_it(client):
    response = client.get("/metrics", headers={"Authorization": "Bearer "}, environ_base={"REMOTE_ADDR": "192.0.2.1"})
    assert response.status_code == 403


def test_request_latency_is_counted_by_endpoint_method_and_status_class(client):
    def count(found, endpoint, status):
        labels = (("endpoint", endpoint), ("method", "GET"), ("status", status))
        return found.get(("eventsys_http_request_duration_seconds_count", labels), 0)

    before = samples(client.get("/metrics"))
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no-such-page")
    after = samples(client.get("/metrics"))
    assert count(after, "ops.healthz", "2xx") - count(before, "ops.healthz", "2xx") == 2
    assert count(after, "unmatched", "4xx") - count(before, "unmatched", "4xx") == 1
    buckets = [
        key
        for key in after
        if key[0] == "eventsys_http_request_duration_seconds_bucket" and ("endpoint", "ops.healthz") in key[1]
    ]
    assert len(buckets) == 14  # 13 bounds and +Inf


def test_business_gauges_come_from_the_database(client, db, make):
    from eventsys.checkin.models import Checkin, CheckinList
    from eventsys.jobs.models import Job, JobStatus
    from eventsys.mail.models import MailStatus, OutboxMail
    from eventsys.registration.models import RegistrationStatus

    summit = make.event(slug="metrics-summit")
    other = make.event(slug="metrics-other")
    confirmed = [make.registration(summit) for _ in range(3)]
    make.registration(summit, status=RegistrationStatus.WAITLISTED)
    make.registration(other, status=RegistrationStatus.PENDING)
    door = CheckinList(event_id=summit.id, key="day-1", name_en="Day 1")
    db.session.add(door)
    db.session.flush()
    db.session.add_all(
        [
            Checkin(list_id=door.id, registration_id=confirmed[0].id),
            Checkin(list_id=door.id, registration_id=confirmed[1].id, checked_out_at=utcnow()),
        ]
    )
    for status in (MailStatus.SENT, MailStatus.SENT, MailStatus.QUEUED, MailStatus.FAILED):
        db.session.add(OutboxMail(to_address="a@example.org", subject="s", body_text="b", status=status))
    now = utcnow()
    db.session.add_all(
        [
            Job(kind="badges", function="m:f", status=JobStatus.QUEUED, created_at=now - dt.timedelta(seconds=90)),
            Job(kind="badges", function="m:f", status=JobStatus.QUEUED, created_at=now - dt.timedelta(seconds=10)),
            Job(kind="book", function="m:f", status=JobStatus.RUNNING, started_at=now - dt.timedelta(seconds=30)),
            Job(kind="book", function="m:f", status=JobStatus.DONE),
        ]
    )
    db.session.commit()

    found = samples(client.get("/metrics"))
    gauges = {
        (name, labels): value
        for (name, labels), value in found.items()
        if name
        in (
            "eventsys_registrations",
            "eventsys_checkins",
            "eventsys_checkins_present",
            "eventsys_mails",
            "eventsys_jobs",
        )
    }
    assert gauges == {
        ("eventsys_registrations", (("event", "metrics-summit"), ("state", "confirmed"))): 3,
        ("eventsys_registrations", (("event", "metrics-summit"), ("state", "waitlisted"))): 1,
        ("eventsys_registrations", (("event", "metrics-other"), ("state", "pending"))): 1,
        ("eventsys_checkins", (("event", "metrics-summit"),)): 2,
        ("eventsys_checkins_present", (("event", "metrics-summit"),)): 1,
        ("eventsys_mails", (("status", "sent"),)): 2,
        ("eventsys_mails", (("status", "queued"),)): 1,
        ("eventsys_mails", (("status", "failed"),)): 1,
        ("eventsys_jobs", (("status", "queued"),)): 2,
        ("eventsys_jobs", (("status", "running"),)): 1,
        ("eventsys_jobs", (("status", "done"),)): 1,
        ("eventsys_jobs", (("status", "failed"),)): 0,
    }
    assert 90 <= found[("eventsys_job_oldest_age_seconds", (("status", "queued"),))] < 120
    assert 30 <= found[("eventsys_job_oldest_age_seconds", (("status", "running"),))] < 60
    assert found[("eventsys_database_up", ())] == 1
    assert ("eventsys_rq_queue_length", (("queue", "eventsys"),)) not in found  # no REDIS_URL, no queue


def test_a_scrape_costs_four_queries_and_never_fails_on_the_database(client, count_queries, monkeypatch):
    with count_queries() as counter:
        assert client.get("/metrics").status_code == 200
    assert counter.count == 4

    from eventsys.ops import metrics

    class Broken:
        def connection(self):
            raise OSError("database gone")

        def rollback(self):
            pass

    monkeypatch.setattr(metrics, "db", type("FakeDb", (), {"session": Broken()})())
    response = client.get("/metrics")
    assert response.status_code == 200
    assert samples(response)[("eventsys_database_up", ())] == 0
    assert not re.search(r"^eventsys_registrations", response.get_data(as_text=True), re.M)


def test_redis_down_is_a_gauge_not_an_error(app, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    response = client.get("/metrics")
    assert response.status_code == 200
    assert samples(response)[("eventsys_redis_up", ())] == 0


def test_the_rq_queue_length_is_read_from_redis(app, client):
    import uuid

    from redis import Redis
    from rq import Queue

    url = "redis://127.0.0.1:6379/12"
    name = f"eventsys-metrics-{uuid.uuid4().hex[:8]}"  # its own queue: parallel test workers keep apart
    queue = Queue(name, connection=Redis.from_url(url))
    app.config.update(REDIS_URL=url, JOBS_QUEUE=name)
    try:
        for _ in range(3):
            queue.enqueue("os.getcwd")
        found = samples(client.get("/metrics"))
    finally:
        queue.empty()
        queue.delete(delete_jobs=True)
    assert found[("eventsys_redis_up", ())] == 1
    assert found[("eventsys_rq_queue_length", (("queue", name),))] == 3
    assert found[("eventsys_rq_started_jobs", (("queue", name),))] == 0
