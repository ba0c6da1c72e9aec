"""`/healthz` and `/readyz`: what a load balancer's probe sees, healthy or not."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from eventsys import create_app
from eventsys.ops import readiness


def test_healthz_answers_ok_without_the_database_or_a_cookie(client, count_queries):
    with count_queries() as counter:
        response = client.get("/healthz")
    assert (response.status_code, response.json) == (200, {"status": "ok"})
    assert counter.count == 0
    assert "Set-Cookie" not in response.headers
    assert response.headers["Content-Type"] == "application/json"


def test_readyz_reports_each_check_and_its_latency(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json
    assert body["status"] == "ok"
    assert list(body["checks"]) == ["database", "migrations"]  # no REDIS_URL in tests: no Redis check
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["database"]["latency_ms"] >= 0
    heads = sorted(readiness.migration_heads())
    assert body["checks"]["migrations"] == {"ok": True, "latency_ms": 0.0, "database": heads, "code": heads}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_readyz_is_503_when_the_schema_is_behind_the_code(client, db):
    with db.engine.begin() as conn:
        current = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
        conn.execute(sa.text("DELETE FROM alembic_version"))
        conn.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES ('0001_foundation')"))
    try:
        response = client.get("/readyz")
    finally:  # alembic_version is no model table: the test must put it back itself
        db.session.rollback()  # the request's read, in the session tests share (SQLite: the write lock)
        with db.engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM alembic_version"))
            for version in current:
                conn.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": version})
    assert sorted(current) == sorted(readiness.migration_heads())
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["reason"] == (
        "migrations: the database's schema is not the code's: run `flask --app wsgi db upgrade`"
    )
    assert response.json["checks"]["migrations"]["database"] == ["0001_foundation"]


def test_readyz_is_503_with_the_reason_when_the_database_is_unreachable(client, monkeypatch):
    def refuse(engine):
        raise sa.exc.OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    monkeypatch.setattr(readiness, "_database_revisions", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["reason"] == "database: unreachable (OperationalError)"
    assert response.json["checks"]["database"]["ok"] is False
    assert response.json["checks"]["migrations"] == {"ok": False, "latency_ms": 0.0, "reason": "database unreachable"}


def test_a_check_that_says_nothing_fails_at_its_deadline(app):
    """PostgreSQL and Redis are checked in a thread with a deadline (SQLite, a local file, in the
    request): a server that accepts the connection and then stays silent fails the check on time."""
    started = time.perf_counter()
    check, value = readiness._timed("database", lambda: time.sleep(1), 0.2)
    assert time.perf_counter() - started < 0.8
    assert (check.ok, check.reason, value) == (False, "no answer within 0.2 s", None)


def test_readyz_answers_at_once_while_the_session_holds_a_transaction(client, db, make):
    make.event(slug="open-transaction")  # the test's session: a transaction (SQLite: the write lock)
    client.get("/metrics")
    started = time.perf_counter()
    response = client.get("/readyz")
    assert time.perf_counter() - started < 1
    assert response.status_code == 200


def test_readyz_checks_redis_when_redis_url_is_set(app, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["reason"] == "redis: unreachable (ConnectionError)"
    assert response.json["checks"]["database"]["ok"] is True


def test_probes_are_outside_the_rate_limits(app):
    """With a site-wide default limit of 2 a minute, a page is refused at the third request; the
    probes never are."""
    from eventsys.extensions import limiter

    limited = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "INSTANCE_PATH": app.instance_path,
            "RATELIMIT_STORAGE_URI": "memory://",
            "RATELIMIT_DEFAULT": "2 per minute",
            "REDIS_URL": None,
        }
    )
    try:
        client = limited.test_client()
        assert [client.get("/").status_code for _ in range(3)] == [200, 200, 429]
        for path in ("/healthz", "/readyz", "/metrics"):
            assert {client.get(path).status_code for _ in range(4)} == {200}, path
    finally:  # the one limiter outlives this app: the apps of the next tests must not inherit the default
        limiter.limit_manager.set_default_limits([])


@pytest.mark.csrf
def test_probes_need_no_session_or_csrf_token(client):
    for path in ("/healthz", "/readyz"):
        response = client.get(path)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
        assert "Vary" not in response.headers or "Cookie" not in response.headers["Vary"]
