"""Web processes keep no state of their own: two gunicorn servers on two ports, one PostgreSQL
database, one Redis and one RQ worker behave as one site.

Marked `servers`; PostgreSQL and Redis only: skipped without TEST_DATABASE_URL. It needs seconds, not
minutes (a fresh database migrated, three processes started, one badge sheet rendered by the worker):
about 15 s on an idle 2-core machine.

A delegate registers through server A and is seen through B; a door scans the badge on B and a repeat
on A says "already in"; an organizer signs in on A, starts a badge batch there and downloads the PDF
from B (the RQ worker wrote it under the shared STORAGE_PATH); the registration rate limit counts the
requests to both servers together (the limiter's counts are in Redis).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import sqlalchemy as sa

from eventsys.config import PROJECT_ROOT
from tests.conftest import TEST_DATABASE_URL, _psycopg_url

pytestmark = [
    pytest.mark.servers,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="two servers need PostgreSQL: set TEST_DATABASE_URL"),
]
REDIS_URL = "redis://127.0.0.1:6379/12"
BIN = Path(sys.executable).parent
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(base: str, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{base} exited: {log.read_text()[-2000:]}")
        try:
            if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{base} did not answer /healthz within {seconds} s: {log.read_text()[-2000:]}")


@pytest.fixture
def site(tmp_path):
    """A fresh migrated PostgreSQL database with an event, its organizer and door staff; then two
    gunicorn servers and an RQ worker on it. Yields what the test needs; stops and drops everything."""
    from redis import Redis

    server = sa.make_url(_psycopg_url(TEST_DATABASE_URL))
    name = f"eventsys_two_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    url = server.set(database=name).render_as_string(hide_password=False)
    env = {
        **os.environ,
        "EVENTSYS_ENV": "development",  # plain http here: production's cookies are HTTPS-only
        "SECRET_KEY": "two-servers-secret",
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
        "STORAGE_PATH": str(tmp_path / "shared-storage"),
        "LOG_FORMAT": "json",
        "REGISTRATION_RATE_LIMIT": "4 per minute",
        "OPS_TEST_LIMITER_PREFIX": f"two-servers-{uuid.uuid4().hex[:8]}",
        "WEB_CONCURRENCY": "1",
        "HOST": "127.0.0.1",
        # gunicorn.conf.py puts its control socket and Prometheus folder under the temporary directory
        "TMPDIR": str(tmp_path),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    processes: list[subprocess.Popen] = []
    try:
        # The servers start while this process migrates the database: /healthz needs no database,
        # and gunicorn loads the app without touching it.
        bases, logs = {}, {}
        for label in ("a", "b"):
            port = free_port()
            logs[label] = tmp_path / f"server-{label}.log"
            processes.append(
                subprocess.Popen(
                    [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "tests.ops.servers_app:app"],
                    cwd=PROJECT_ROOT,
                    env={**env, "PORT": str(port), "EVENTSYS_INSTANCE_PATH": str(tmp_path / f"instance-{label}")},
                    stdout=subprocess.DEVNULL,
                    stderr=logs[label].open("w"),
                    start_new_session=True,
                )
            )
            bases[label] = f"http://127.0.0.1:{port}"
        world = _prepare_database(url, tmp_path, env)
        world.update(bases)
        worker_log = (tmp_path / "worker.log").open("w")
        processes.append(
            subprocess.Popen(
                [str(BIN / "flask"), "--app", "wsgi", "worker"],
                cwd=PROJECT_ROOT,
                env={**env, "EVENTSYS_INSTANCE_PATH": str(tmp_path / "instance-worker")},
                stdout=worker_log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        for label, process in zip(("a", "b"), processes, strict=False):
            wait_until_healthy(world[label], process, logs[label])
        # Ready too: the schema they see is the code's.
        assert {requests.get(f"{world[label]}/readyz", timeout=5).json()["status"] for label in "ab"} == {"ok"}
        world["logs"] = {**logs, "worker": tmp_path / "worker.log"}
        yield world
    finally:
        # Nothing here needs a graceful end: each process group (gunicorn's master and workers, the RQ
        # worker and its work horse) is killed; their files are under tmp_path (TMPDIR).
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
        Redis.from_url(REDIS_URL).close()


def _prepare_database(url: str, tmp_path: Path, env: dict) -> dict:
    """Migrate (as `make serve` does first) and seed, in this process, with the servers' settings."""
    from flask_migrate import upgrade

    from eventsys import create_app
    from eventsys.accounts.models import Role
    from eventsys.accounts.tokens import create as create_api_token
    from eventsys.db import db
    from eventsys.demo.seed import seed_reference_data
    from tests import factories

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": env["SECRET_KEY"],
            "INSTANCE_PATH": str(tmp_path / "instance-setup"),
            "STORAGE_PATH": env["STORAGE_PATH"],
            "REDIS_URL": None,
        }
    )
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"), revision="heads")
        seed_reference_data()
        db.session.commit()
        event = factories.event("two-servers-summit", capacity=50)
        organizer = factories.organizer(event, email="organizer@two-servers.example.org")
        door = factories.with_role(event, Role.CHECKIN_STAFF, email="door@two-servers.example.org")
        _, door_token = create_api_token(door, "scanner", ["checkin"])
        world = {"slug": event.slug, "organizer": organizer.email, "door_token": door_token, "app": app}
        db.engine.dispose()
    return world


def badge_code(world: dict, registration_id: int) -> str:
    from eventsys.badges import services as badges
    from eventsys.db import db
    from eventsys.registration.models import Registration

    with world["app"].app_context():
        code = badges.code_for(badges.ensure_badge(db.session.get(Registration, registration_id)))
        db.session.commit()
        db.engine.dispose()
    return code


def delegate(n: int) -> dict:
    return {
        "first_name": "Kanokwan",
        "last_name": f"Srisuk {n}",
        "email": f"delegate{n}@two-servers.example.org",
        "organisation": "Bangkok Metropolitan Administration",
        "position": "Director",
        "country": "TH",
        "city": "bangkok",
        "category": "city_representative",
        "answers": {},
        "consent": True,
    }


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', html).group(1)


def test_two_servers_behave_as_one_site(site):
    a, b, slug = site["a"], site["b"], site["slug"]
    registrations = f"/api/v1/events/{slug}/registrations"

    # Registered through A, with a request id of the caller's: A's log line carries it.
    created = requests.post(
        a + registrations, json=delegate(1), headers={"X-Request-ID": "two-servers-0001"}, timeout=10
    )
    assert (created.status_code, created.json()["status"]) == (201, "confirmed")
    assert created.headers["X-Request-ID"] == "two-servers-0001"
    # The delegate's manage page, signed by the one SECRET_KEY, opens on B.
    manage = requests.get(b + urlsplit(created.json()["manage_url"]).path, timeout=10)
    assert manage.status_code == 200 and "Srisuk 1" in manage.text

    # The door scans the badge on B; the same badge again on A is a repeat.
    code = badge_code(site, created.json()["id"])
    scanner = {"Authorization": f"Bearer {site['door_token']}"}
    checkins = f"/api/v1/events/{slug}/checkins"
    first = requests.post(b + checkins, json={"code": code, "nonce": "door-1-0001"}, headers=scanner, timeout=10)
    assert (first.status_code, first.json()["result"]) == (201, "checked_in")
    again = requests.post(a + checkins, json={"code": code, "nonce": "door-2-0001"}, headers=scanner, timeout=10)
    assert (again.status_code, again.json()["result"]) == (200, "already_checked_in")

    # The organizer signs in on A; the session works on B too (nothing is kept in a process).
    browser = requests.Session()
    login_page = browser.get(a + "/login", timeout=10)
    signed_in = browser.post(
        a + "/login",
        data={"email": site["organizer"], "password": PASSWORD, "csrf_token": csrf_token(login_page.text)},
        allow_redirects=False,
        timeout=10,
    )
    assert (signed_in.status_code, signed_in.headers["Location"]) == (302, "/account")
    badges_page = browser.get(f"{b}/events/{slug}/badges/", timeout=10)
    assert badges_page.status_code == 200
    layout = re.search(r'id="print_layout"[^>]*>\s*<option[^>]*value="([^"]+)"', badges_page.text).group(1)
    started = browser.post(
        f"{a}/events/{slug}/badges/print",
        data={"layout": layout, "csrf_token": csrf_token(badges_page.text)},
        allow_redirects=False,
        timeout=10,
    )
    assert started.status_code == 302
    job_page = urlsplit(started.headers["Location"]).path
    deadline = time.monotonic() + 60  # seconds on an idle machine; a loaded one needs more
    while True:  # the RQ worker renders it; B answers the progress
        status = browser.get(f"{b}{job_page}.json", timeout=10).json()
        if status["status"] in ("done", "failed") or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert status["status"] == "done", (status, site["logs"]["worker"].read_text()[-3000:])
    sheet = browser.get(b + urlsplit(status["download_url"]).path, timeout=10)
    assert (sheet.status_code, sheet.headers["Content-Type"], sheet.content[:5]) == (200, "application/pdf", b"%PDF-")

    # The per-address registration limit (4 a minute) counts both servers' requests: one above,
    # two more, then B refuses the fourth on A's count.
    assert requests.post(b + registrations, json=delegate(2), timeout=10).status_code == 201
    assert requests.post(a + registrations, json=delegate(3), timeout=10).status_code == 201
    assert requests.post(b + registrations, json=delegate(4), timeout=10).status_code == 201
    refused = requests.post(a + registrations, json=delegate(5), timeout=10)
    assert refused.status_code == 429

    # Both servers' request lines are JSON, with the caller's request id where one was sent.
    a_lines = site["logs"]["a"].read_text()
    assert '"request_id": "two-servers-0001"' in a_lines
    assert '"endpoint": "api.create_registration", "status": 201' in a_lines
