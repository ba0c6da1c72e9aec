"""Prometheus metrics at `/metrics`, with the prometheus_client exporter.

Two kinds:
- measured in each web process: the request latency histogram (by endpoint, method and status
  class). Under gunicorn, prometheus_client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR, set by
  gunicorn.conf.py) keeps each worker's values in files that any worker's scrape adds up;
- read from the database and Redis at scrape time: registrations, check-ins, mails, jobs and the RQ
  queue. Business totals come from the database so that every app server reports the same truth, not
  what it happened to serve. That is five small GROUP BY queries and one Redis LLEN per scrape.

Who may scrape: the loopback address (a Prometheus or agent on the same machine, not through a proxy),
or anyone sending `Authorization: Bearer <METRICS_TOKEN>` when that setting is made.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time

from flask import current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import case, func, select

from eventsys.db import db, utcnow

log = logging.getLogger(__name__)

# Seconds; the app's pages answer in milliseconds, PDFs and exports in seconds.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

# Not registered anywhere at import: each scrape builds its own registry (see exposition()).
REQUEST_LATENCY = Histogram(
    "eventsys_http_request_duration_seconds",
    "Time from the request's arrival in the app to its response, by endpoint, method and status class.",
    ("endpoint", "method", "status"),
    buckets=LATENCY_BUCKETS,
    registry=None,
)


def observe_request(endpoint: str | None, method: str, status: int, seconds: float) -> None:
    REQUEST_LATENCY.labels(
        endpoint or "unmatched", method if method in KNOWN_METHODS else "other", f"{status // 100}xx"
    ).observe(seconds)


# --- who may scrape --------------------------------------------------------------------------------


def _from_loopback() -> bool:
    # Without trusted proxies, a request relayed by a proxy on this machine comes from 127.0.0.1 too:
    # one that says it was forwarded is not the local scraper.
    if not current_app.config.get("TRUSTED_PROXIES") and "X-Forwarded-For" in request.headers:
        return False
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


def _has_token() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        return False
    sent = request.headers.get("Authorization", "")
    scheme, _, value = sent.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), token.encode())


def may_scrape() -> bool:
    return _from_loopback() or _has_token()


# --- what the database and Redis say at scrape time -----------------------------------------------


def _age_seconds(moment, now) -> float:
    if moment is None:
        return 0.0
    if moment.tzinfo is None:  # SQLite hands back naive UTC times from aggregates
        moment = moment.replace(tzinfo=now.tzinfo)
    return max(0.0, (now - moment).total_seconds())


class DatabaseCollector:
    """Gauges computed from the database (and the RQ queue) when Prometheus scrapes."""

    def collect(self):
        from eventsys.checkin.models import Checkin, CheckinList
        from eventsys.events.models import Event
        from eventsys.jobs.models import Job, JobStatus
        from eventsys.mail.models import OutboxMail
        from eventsys.registration.models import Registration

        up = GaugeMetricFamily("eventsys_database_up", "1 when the scrape's database queries succeeded, else 0.")
        started = time.perf_counter()
        try:
            # The request's own session and connection: read only, ended with the request.
            conn = db.session.connection()
            registrations = conn.execute(
                select(Event.slug, Registration.status, func.count())
                .join(Event, Event.id == Registration.event_id)
                .group_by(Event.slug, Registration.status)
            ).all()
            checkins = conn.execute(
                select(
                    Event.slug,
                    func.count(),
                    func.coalesce(func.sum(case((Checkin.checked_out_at.is_(None), 1), else_=0)), 0),
                )
                .select_from(Checkin)
                .join(CheckinList, CheckinList.id == Checkin.list_id)
                .join(Event, Event.id == CheckinList.event_id)
                .group_by(Event.slug)
            ).all()
            mails = conn.execute(select(OutboxMail.status, func.count()).group_by(OutboxMail.status)).all()
            jobs = conn.execute(
                select(Job.status, func.count(), func.min(Job.created_at), func.min(Job.started_at)).group_by(
                    Job.status
                )
            ).all()
        except Exception:
            log.exception("metrics: the database queries failed")
            db.session.rollback()
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up

        family = GaugeMetricFamily(
            "eventsys_registrations", "Registrations in the database, by event and state.", labels=("event", "state")
        )
        for slug, status, count in registrations:
            family.add_metric([slug, getattr(status, "value", status)], count)
        yield family

        checked_in = GaugeMetricFamily(
            "eventsys_checkins",
            "Check-ins recorded (one per delegate and check-in list), by event.",
            labels=("event",),
        )
        inside = GaugeMetricFamily(
            "eventsys_checkins_present",
            "Check-ins not followed by a check-out, by event.",
            labels=("event",),
        )
        for slug, count, present in checkins:
            checked_in.add_metric([slug], count)
            inside.add_metric([slug], int(present))
        yield checked_in
        yield inside

        family = GaugeMetricFamily(
            "eventsys_mails", "Mails in the outbox, by status (queued, sent, failed).", labels=("status",)
        )
        for status, count in mails:
            family.add_metric([getattr(status, "value", status)], count)
        yield family

        now = utcnow()
        by_status = {JobStatus(status): (count, created, began) for status, count, created, began in jobs}
        family = GaugeMetricFamily("eventsys_jobs", "Background jobs in the jobs table, by status.", labels=("status",))
        for status in JobStatus:
            family.add_metric([status.value], by_status.get(status, (0, None, None))[0])
        yield family
        ages = GaugeMetricFamily(
            "eventsys_job_oldest_age_seconds",
            "Age of the oldest queued job (since it was queued) and running job (since it started); 0: none.",
            labels=("status",),
        )
        ages.add_metric(["queued"], _age_seconds(by_status.get(JobStatus.QUEUED, (0, None, None))[1], now))
        ages.add_metric(["running"], _age_seconds(by_status.get(JobStatus.RUNNING, (0, None, None))[2], now))
        yield ages
        yield from _rq_metrics()
        scrape = GaugeMetricFamily(
            "eventsys_metrics_scrape_seconds", "Time this scrape spent on its database and Redis queries."
        )
        scrape.add_metric([], time.perf_counter() - started)
        yield scrape


def _rq_metrics():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return
    from redis import Redis
    from redis.backoff import NoBackoff
    from redis.exceptions import RedisError
    from redis.retry import Retry
    from rq import Queue

    from eventsys.jobs.services import QUEUE_NAME

    name = current_app.config.get("JOBS_QUEUE") or QUEUE_NAME
    clients = current_app.extensions.setdefault("eventsys.ops.redis", {})
    client = clients.get(url)
    if client is None:
        client = clients[url] = Redis.from_url(
            url, socket_connect_timeout=1, socket_timeout=1, retry=Retry(NoBackoff(), 0)
        )
    up = GaugeMetricFamily("eventsys_redis_up", "1 when Redis answered the scrape's queries, else 0.")
    try:
        queue = Queue(name, connection=client)
        length = queue.count
        failed = queue.failed_job_registry.count
        started = queue.started_job_registry.count
    except (RedisError, OSError) as exc:
        log.warning("metrics: Redis did not answer: %s", type(exc).__name__)
        up.add_metric([], 0)
        yield up
        return
    up.add_metric([], 1)
    yield up
    family = GaugeMetricFamily("eventsys_rq_queue_length", "Jobs waiting in the RQ queue.", labels=("queue",))
    family.add_metric([name], length)
    yield family
    family = GaugeMetricFamily("eventsys_rq_started_jobs", "Jobs RQ workers are running now.", labels=("queue",))
    family.add_metric([name], started)
    yield family
    family = GaugeMetricFamily(
        "eventsys_rq_failed_jobs", "Jobs in RQ's failed registry (out of retries).", labels=("queue",)
    )
    family.add_metric([name], failed)
    yield family


def exposition() -> tuple[bytes, str]:
    """The scrape's body and content type: this server's (or, under gunicorn, all its workers')
    request metrics, and the database's gauges."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_LATENCY)
    registry.register(DatabaseCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST
