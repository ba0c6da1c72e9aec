"""Rate limits see the real client behind trusted proxies, count per targeted account too, and fail
open (log and serve) when their store, Redis, is down; so do the jobs and mails that use Redis."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from eventsys.db import db
from eventsys.jobs.models import Job, JobStatus
from eventsys.mail.models import MailStatus
from eventsys.registration.models import Registration
from tests.factories import PASSWORD
from tests.registration.conftest import open_event, reference  # noqa: F401  (fixtures, found by name)
from tests.security.test_headers import app_like

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def loggers_on(monkeypatch):
    """Alembic's logging set-up (the test database's migration) disables the loggers that existed
    before it: switch on again the two whose warnings these tests read."""
    for name in ("flask-limiter", "eventsys.jobs.services"):
        monkeypatch.setattr(logging.getLogger(name), "disabled", False)


def settled(*rows):
    """End the test's own transaction before another app (its own connection) writes: on SQLite an
    open read would hold the lock that app needs. Returns what the tests need of the rows first."""
    values = [row.email for row in rows]
    db.session.commit()
    return values


def sign_in(client, email, password="wrong password", address="192.0.2.1", **headers):
    return client.post(
        "/login?lang=en",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def registration_form(**changes) -> dict:
    data = {
        "first_name": "Somchai",
        "last_name": "Jaidee",
        "email": "somchai@example.org",
        "organisation": "depa",
        "position": "Advisor",
        "country": "TH",
        "city": "phuket",
        "category": "speaker",
        "consent": "y",
    }
    data.update(changes)
    return data


# --- trusted proxies ------------------------------------------------------------------------


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(app, client, make):
    assert app.config["TRUSTED_PROXIES"] == 0
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    make.user(email="someone@example.org")
    statuses = [
        sign_in(client, "someone@example.org", address="192.0.2.1", **{"X-Forwarded-For": f"203.0.113.{n}"}).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_behind_one_trusted_proxy_each_client_has_its_own_limit(app, make):
    behind_proxy = app_like(app, TRUSTED_PROXIES=1, LOGIN_RATE_LIMIT="2 per minute")
    client = behind_proxy.test_client()
    settled(make.user(email="someone@example.org"))
    proxy = "10.0.0.2"
    first = [
        sign_in(client, "someone@example.org", address=proxy, **{"X-Forwarded-For": "203.0.113.5"}).status_code
        for _ in range(3)
    ]
    assert first == [200, 200, 429]
    # Another client through the same proxy has its own count.
    other = sign_in(client, "someone@example.org", address=proxy, **{"X-Forwarded-For": "198.51.100.7"})
    assert other.status_code == 200
    # Only the hop the proxy added is believed: a forged address before it changes nothing.
    forged = sign_in(client, "someone@example.org", address=proxy, **{"X-Forwarded-For": "1.2.3.4, 203.0.113.5"})
    assert forged.status_code == 429


def test_behind_a_trusted_proxy_its_scheme_and_host_are_used(app, make):
    [organizer] = settled(make.organizer(make.event("ascn-proxy-test"), email="organizer@example.org"))
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "events.example.org", "X-Forwarded-For": "203.0.113.5"}

    def share_link(application) -> str:
        db.session.commit()  # the test app's requests leave a read open on this session
        client = application.test_client()
        assert sign_in(client, organizer, password=PASSWORD, **headers).status_code == 302
        html = client.get("/manage/events/ascn-proxy-test/registrations?lang=en", headers=headers).get_data(
            as_text=True
        )
        return re.search(r"Share the registration link: (\S+)/events/ascn-proxy-test/register", html).group(1)

    assert share_link(app) == "http://localhost"  # not trusted: the forwarded headers are ignored
    assert share_link(app_like(app, TRUSTED_PROXIES=1)) == "https://events.example.org"


# --- per account ----------------------------------------------------------------------------


def test_the_eleventh_failed_sign_in_on_one_account_from_different_addresses_is_refused(client, make):
    make.user(email="target@example.org")
    make.user(email="bystander@example.org")
    statuses = [
        sign_in(client, email, address=f"198.51.100.{n}").status_code
        for n, email in enumerate(["target@example.org", " Target@Example.ORG "] * 5)
    ]
    assert statuses == [200] * 10
    refused = sign_in(client, "target@example.org", address="198.51.100.200")
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)
    # Another account, from a fresh address, is not affected.
    assert sign_in(client, "bystander@example.org", address="198.51.100.201").status_code == 200
    ok = sign_in(client, "bystander@example.org", password=PASSWORD, address="198.51.100.202")
    assert (ok.status_code, ok.headers["Location"]) == (302, "/account")


def test_successful_sign_ins_do_not_use_up_the_account_limit(app, make):
    make.user(email="busy@example.org")
    for n in range(12):
        client = app.test_client()
        response = sign_in(client, "busy@example.org", password=PASSWORD, address=f"198.51.100.{n}")
        assert (response.status_code, response.headers["Location"]) == (302, "/account"), n


@pytest.mark.parametrize(
    ("url", "ok_status"),
    [("/password/forgot?lang=en", 302), ("/my-registrations?lang=en", 302)],
    ids=["password-reset", "delegate-sign-in-link"],
)
def test_link_requests_stop_at_ten_per_hour_for_one_address(client, make, outbox, url, ok_status):
    make.user(email="target@example.org")

    def ask(email, n):
        return client.post(url, data={"email": email}, environ_base={"REMOTE_ADDR": f"198.51.100.{n}"})

    assert [ask("target@example.org", n).status_code for n in range(10)] == [ok_status] * 10
    mails = len(outbox())
    assert ask("TARGET@example.org", 10).status_code == 429
    assert len(outbox()) == mails  # the refused request sent nothing
    assert ask("someone.else@example.org", 11).status_code == ok_status


def test_registrations_for_one_address_stop_at_ten_per_hour(client, open_event):  # noqa: F811  (fixture)
    def register(email, n):
        return client.post(
            "/events/open-roundtable/register?lang=en",
            data=registration_form(email=email),
            environ_base={"REMOTE_ADDR": f"198.51.100.{n}"},
        )

    statuses = [register("somchai@example.org", n).status_code for n in range(10)]
    assert statuses == [302] + [409] * 9  # registered once, then "already registered"
    assert register("Somchai@Example.org", 10).status_code == 429
    assert register("kanokwan@example.org", 11).status_code == 302
    emails = db.session.scalars(select(Registration.email).order_by(Registration.id)).all()
    assert emails == ["somchai@example.org", "kanokwan@example.org"]


def test_the_account_limit_is_configurable(app, client, make):
    app.config["ACCOUNT_RATE_LIMIT"] = "2 per hour"
    make.user(email="target@example.org")
    statuses = [sign_in(client, "target@example.org", address=f"198.51.100.{n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]


# --- Redis down -----------------------------------------------------------------------------


@pytest.fixture
def redis_down(app, monkeypatch):
    """The app as production configures it from the environment, with REDIS_URL on a closed port."""
    monkeypatch.setenv("REDIS_URL", CLOSED_PORT_REDIS)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    config = {
        key: app.config[key]
        for key in ("TESTING", "SQLALCHEMY_DATABASE_URI", "INSTANCE_PATH", "WTF_CSRF_ENABLED", "SECRET_KEY")
    }
    config.update({"MAIL_SERVER": None, "BASE_URL": "http://localhost"})
    from eventsys import create_app

    down = create_app(config)
    assert (down.config["REDIS_URL"], down.config["RATELIMIT_STORAGE_URI"]) == (CLOSED_PORT_REDIS, CLOSED_PORT_REDIS)
    return down


def test_with_redis_down_sign_in_still_works_and_is_still_limited(redis_down, make, caplog):
    caplog.set_level(logging.WARNING)
    [email] = settled(make.user(email="someone@example.org"))
    client = redis_down.test_client()
    response = sign_in(client, email, password=PASSWORD)
    assert (response.status_code, response.headers["Location"]) == (302, "/account")
    assert "Rate limit storage unreachable - falling back to in-memory storage" in caplog.text
    # Counting goes on in memory: the per-address limit still holds.
    redis_down.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    statuses = [sign_in(redis_down.test_client(), email, address="192.0.2.9").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.delivers_mail
def test_with_redis_down_registration_works_and_its_mail_is_sent_in_process(
    redis_down,
    open_event,  # noqa: F811  (fixture)
    outbox,
    caplog,
):
    caplog.set_level(logging.WARNING)
    db.session.commit()
    client = redis_down.test_client()
    response = client.post("/events/open-roundtable/register?lang=en", data=registration_form())
    assert response.status_code == 302
    assert re.fullmatch(r"/events/open-roundtable/registration/[^/]+", response.headers["Location"])
    db.session.expire_all()
    [mail] = outbox()
    assert (mail.to_address, mail.status) == ("somchai@example.org", MailStatus.SENT)
    assert len(list(Path(redis_down.config["MAIL_DIR"]).glob("*.eml"))) == 1
    assert "Redis is not answering" in caplog.text


def test_with_redis_down_a_badge_print_run_runs_in_process(redis_down, make, caplog):
    caplog.set_level(logging.WARNING)
    event = make.event("ascn-badges-test")
    make.registration(event, first_name="Nuttapon", last_name="Nimmanphatcharin")
    [organizer] = settled(make.organizer(event, email="organizer@example.org"))
    client = redis_down.test_client()
    assert sign_in(client, organizer, password=PASSWORD).status_code == 302
    response = client.post("/events/ascn-badges-test/badges/print", data={"layout": "a6-4up"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"] + "?lang=en")
    assert page.status_code == 200
    assert "Done: 1 badges ready." in page.get_data(as_text=True)
    job = db.session.scalars(select(Job)).one()
    db.session.refresh(job)
    assert (job.status, job.progress) == (JobStatus.DONE, 100)
    assert "Redis is not answering" in caplog.text
