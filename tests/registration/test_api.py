"""POST /api/v1/events/<slug>/registrations: the public contract."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from eventsys.db import db, utcnow
from eventsys.extensions import limiter
from eventsys.registration.models import Registration
from tests.registration.conftest import payload

URL = "/api/v1/events/open-roundtable/registrations"


def test_201_with_id_status_and_manage_url(client, open_event):
    response = client.post(URL, json=payload())
    assert response.status_code == 201
    body = response.get_json()
    registration = db.session.get(Registration, body["id"])
    assert body["status"] == "confirmed"
    assert body["manage_url"].startswith("http://localhost/events/open-roundtable/registration/")
    assert client.get(body["manage_url"].removeprefix("http://localhost")).status_code == 200
    assert registration.email == "kanokwan.srisuk@example.org"


def test_a_registration_reads_nothing_back_after_its_commit(client, open_event, count_queries, app):
    # Mail goes to RQ in production; here the request would deliver it inline afterwards.
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    try:
        with count_queries() as counter:
            response = client.post(URL, json=payload())
    finally:
        app.config["REDIS_URL"] = None
        from redis import Redis
        from rq import Queue

        Queue("eventsys", connection=Redis.from_url("redis://127.0.0.1:6379/15")).empty()
    assert response.status_code == 201
    # The answer (id, status, manage link) comes from what was just written, not from a reload:
    # after the registration's own writes, only the seats are read, under the event's lock.
    last_write = max(i for i, sql in enumerate(counter.statements) if sql.split()[0].upper() == "INSERT")
    read_after = [re.search(r"\bFROM\s+(\w+)", sql).group(1) for sql in counter.statements[last_write + 1 :]]
    assert read_after == ["events", "registrations", "category_capacities"], counter.statements[last_write:]
    # 13 with the look-up of the event's own wording of the mail (mail/texts.py), and the seats
    # counted once before the writes (the promise) and once under the lock (the decision).
    assert counter.count <= 13


def test_pending_and_waitlisted_statuses(client, moderated_event, make):
    assert (
        client.post("/api/v1/events/closed-roundtable/registrations", json=payload()).get_json()["status"] == "pending"
    )
    make.event("tiny", capacity=0)
    assert client.post("/api/v1/events/tiny/registrations", json=payload()).get_json()["status"] == "waitlisted"


def test_409_for_a_duplicate_in_any_case(client, open_event):
    client.post(URL, json=payload())
    response = client.post(URL, json=payload(email="KANOKWAN.SRISUK@example.org"))
    assert response.status_code == 409
    assert response.get_json()["error"] == "already_registered"
    assert db.session.scalar(select(db.func.count()).select_from(Registration)) == 1


def test_422_lists_errors_by_field(client, open_event):
    response = client.post(
        URL, json=payload(email="nope", country="ZZ", city="gotham", consent=False, first_name="", local_name=["list"])
    )
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"email", "country", "city", "consent", "first_name", "local_name"}


def test_422_for_a_body_that_is_not_an_object(client, open_event):
    response = client.post(URL, json=["first_name"])
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"body": ["Send a JSON object."]}


def test_404_unknown_event_and_415_without_json(client, open_event):
    assert client.post("/api/v1/events/nowhere/registrations", json=payload()).status_code == 404
    assert client.post(URL, data="first_name=x").status_code == 415


def test_403_when_closed_or_invitation_only(client, make, invitation_event):
    make.event("over", registration_closes_at=utcnow() - dt.timedelta(minutes=1))
    closed = client.post("/api/v1/events/over/registrations", json=payload())
    assert (closed.status_code, closed.get_json()["error"]) == (403, "registration_closed")
    invited = client.post("/api/v1/events/invited-roundtable/registrations", json=payload())
    assert (invited.status_code, invited.get_json()["error"]) == (403, "invitation_required")


def test_html_in_names_is_stored_as_text_and_escaped_on_pages(client, open_event):
    body = client.post(URL, json=payload(first_name="<script>alert(1)</script>")).get_json()
    page = client.get(body["manage_url"].removeprefix("http://localhost")).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_429_after_the_configured_limit(client, app, open_event):
    app.config["REGISTRATION_RATE_LIMIT"] = "2 per minute"
    limiter.reset()
    statuses = [client.post(URL, json=payload(email=f"r{i}@example.org")).status_code for i in range(3)]
    assert statuses == [201, 201, 429]
    assert client.post(URL, json=payload(email="r9@example.org")).get_json()["status"] == 429


def test_invitation_token_in_the_body_opens_an_invitation_only_event(client, invitation_event):
    from eventsys.registration.models import Invitation
    from eventsys.registration.tokens import invitation_token

    invitation = Invitation(event_id=invitation_event.id, email="kanokwan.srisuk@example.org")
    db.session.add(invitation)
    db.session.commit()
    url = "/api/v1/events/invited-roundtable/registrations"
    wrong = client.post(url, json=payload(email="other@example.org", invitation=invitation_token(invitation)))
    assert (wrong.status_code, wrong.get_json()["error"]) == (403, "invitation_invalid")
    response = client.post(url, json=payload(invitation=invitation_token(invitation)))
    assert (response.status_code, response.get_json()["status"]) == (201, "confirmed")


def test_names_with_markup_are_escaped_in_the_organizer_list(client, make, open_event):
    from tests.conftest import login

    client.post(URL, json=payload(last_name="<b>Bold</b>"))
    login(client, make.organizer(open_event))
    html = client.get("/manage/events/open-roundtable/registrations").get_data(as_text=True)
    assert "Kanokwan &lt;b&gt;Bold&lt;/b&gt;" in html
    assert "<b>Bold</b>" not in html
