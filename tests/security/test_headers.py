"""Security headers on every kind of response, HSTS in production only, and the cookie flags."""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime

import pytest

from eventsys import create_app
from eventsys.db import db
from tests.conftest import login
from tests.factories import PASSWORD

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=(), payment=(), usb=()",
}
HSTS = "max-age=31536000; includeSubDomains"

# The headers and cookie flags are set on the way out (eventsys/security_headers.py, the session
# config), whatever the database; the pages and sign-ins behind them run on both in their own areas.
pytestmark = pytest.mark.one_backend


def security_headers(response) -> dict:
    return {name: response.headers.get(name) for name in [*HEADERS, "Strict-Transport-Security"]}


def app_like(app, **overrides):
    """Another app on the test's database and instance, with `overrides` (e.g. production)."""
    config = {
        key: app.config[key]
        for key in ("TESTING", "SQLALCHEMY_DATABASE_URI", "INSTANCE_PATH", "WTF_CSRF_ENABLED", "SECRET_KEY")
    }
    config.update(
        {"REDIS_URL": None, "MAIL_SERVER": None, "RATELIMIT_STORAGE_URI": "memory://", "BASE_URL": "http://localhost"}
    )
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def production(app):
    return app_like(
        app,
        ENV="production",
        BASE_URL="https://events.example.org",
        DATA_ENCRYPTION_KEYS="9bD4WmnuV6ajTmYdE6p7jzu1ZrmwJ0VEBC7l1mhvvuE=",
    )


def test_an_html_page_carries_every_header_and_no_hsts_outside_production(client, make):
    make.event("ascn-headers-test")
    response = client.get("/events/ascn-headers-test?lang=en")
    assert (response.status_code, response.mimetype) == (200, "text/html")
    assert security_headers(response) == {**HEADERS, "Strict-Transport-Security": None}


def test_a_json_api_answer_carries_them(client, make):
    make.event("ascn-headers-test")
    response = client.get("/api/v1/events/ascn-headers-test")
    assert (response.status_code, response.mimetype) == (200, "application/json")
    assert security_headers(response) == {**HEADERS, "Strict-Transport-Security": None}


def test_not_found_pages_and_json_errors_carry_them(client):
    page = client.get("/no/such/page")
    assert (page.status_code, page.mimetype) == (404, "text/html")
    assert security_headers(page) == {**HEADERS, "Strict-Transport-Security": None}
    api = client.get("/api/v1/events/no-such-event")
    assert (api.status_code, api.mimetype) == (404, "application/json")
    assert security_headers(api) == {**HEADERS, "Strict-Transport-Security": None}


def test_a_server_error_carries_them(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken():
        raise RuntimeError("boom")

    app.add_url_rule("/__broken-for-a-test", "broken_for_a_test", broken)
    response = client.get("/__broken-for-a-test")
    assert response.status_code == 500
    assert security_headers(response) == {**HEADERS, "Strict-Transport-Security": None}


def test_files_carry_them_pdf_calendar_and_static(client, make):
    make.event("ascn-headers-test")
    pdf = client.get("/events/ascn-headers-test/agenda.pdf")
    assert (pdf.status_code, pdf.mimetype, pdf.data[:5]) == (200, "application/pdf", b"%PDF-")
    assert security_headers(pdf) == {**HEADERS, "Strict-Transport-Security": None}
    ics = client.get("/events/ascn-headers-test/agenda.ics")
    assert (ics.status_code, ics.mimetype) == (200, "text/calendar")
    assert security_headers(ics) == {**HEADERS, "Strict-Transport-Security": None}
    script = client.get("/static/checkin/scanner.js")
    assert (script.status_code, script.mimetype) == (200, "text/javascript")
    assert security_headers(script) == {**HEADERS, "Strict-Transport-Security": None}
    script.close()


def test_production_adds_hsts_to_pages_json_and_errors(production, make):
    make.event("ascn-headers-test")
    db.session.commit()
    client = production.test_client()
    for url, status in (
        ("/events/ascn-headers-test?lang=en", 200),
        ("/api/v1/events/ascn-headers-test", 200),
        ("/no/such/page", 404),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        assert security_headers(response) == {**HEADERS, "Strict-Transport-Security": HSTS}, url


def set_cookies(response) -> dict[str, str]:
    return {value.split("=", 1)[0]: value for value in response.headers.getlist("Set-Cookie")}


def cookie_flags(header: str) -> set[str]:
    """The attributes of one Set-Cookie line, lower-cased, without the value and dates."""
    parts = [part.strip() for part in header.split(";")[1:]]
    return {part.lower() for part in parts if not part.lower().startswith(("expires=", "max-age="))}


def test_in_production_session_and_remember_me_cookies_are_secure_httponly_lax(production, make):
    make.user(email="secure@example.org")
    db.session.commit()  # another app, another connection: on SQLite this test's open read would lock it out
    client = production.test_client()
    response = client.post(
        "/login",
        data={"email": "secure@example.org", "password": PASSWORD, "remember": "y"},
        base_url="https://localhost",
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/account")
    cookies = set_cookies(response)
    assert set(cookies) == {"session", "remember_token"}
    assert cookie_flags(cookies["session"]) == {"secure", "httponly", "path=/", "samesite=lax"}
    assert cookie_flags(cookies["remember_token"]) == {"secure", "httponly", "path=/", "samesite=lax"}
    # The remember-me cookie lasts as long as an idle session may: 30 days.
    expires = next(p for p in cookies["remember_token"].split("; ") if p.startswith("Expires="))
    lasts = parsedate_to_datetime(expires.removeprefix("Expires=")) - dt.datetime.now(dt.UTC)
    assert dt.timedelta(days=30) - dt.timedelta(minutes=1) < lasts <= dt.timedelta(days=30)


def test_in_development_cookies_are_httponly_lax_but_not_secure(client, make):
    user = make.user(email="dev@example.org")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    cookies = set_cookies(response)
    assert cookie_flags(cookies["session"]) == {"httponly", "path=/", "samesite=lax"}
    assert cookie_flags(cookies["remember_token"]) == {"httponly", "path=/", "samesite=lax"}


def test_signed_in_pages_carry_them_too(client, make):
    login(client, make.user(email="reader@example.org"))
    response = client.get("/account?lang=en")
    assert response.status_code == 200
    assert security_headers(response) == {**HEADERS, "Strict-Transport-Security": None}
