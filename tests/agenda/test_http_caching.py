"""The public agenda, session pages, calendar files and event page are served from the cache with
an ETag (a browser asking again gets a 304), and never stale after a change is published."""

from __future__ import annotations

import pytest

from eventsys.db import db
from tests.conftest import login


@pytest.fixture
def session_row(make, event, hall, publish):
    row = make.session(event, "Smart Cities and the SDGs", title_th="เมืองอัจฉริยะกับเป้าหมายการพัฒนาที่ยั่งยืน", room_row=hall)
    db.session.commit()
    publish(event)
    db.session.commit()
    return row


def pages(event, session_row) -> list[str]:
    return [
        f"/events/{event.slug}/agenda",
        f"/events/{event.slug}/sessions/{session_row.id}",
        f"/events/{event.slug}/agenda.ics",
        f"/events/{event.slug}/sessions/{session_row.id}.ics",
        f"/events/{event.slug}",
    ]


def test_a_page_asked_again_with_its_etag_is_answered_304_without_a_body(client, event, session_row):
    for url in pages(event, session_row):
        first = client.get(url)
        assert first.status_code == 200, url
        assert first.headers["Cache-Control"] == "public, no-cache"
        assert "Accept-Language" in first.headers["Vary"]
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert (again.status_code, again.data, again.headers["ETag"]) == (304, b"", first.headers["ETag"]), url


def test_a_published_change_shows_at_once_even_to_a_browser_holding_the_old_etag(client, event, session_row, publish):
    before = {url: client.get(url) for url in pages(event, session_row)}
    assert "Smart Cities and the SDGs" in before[f"/events/{event.slug}/agenda"].get_data(as_text=True)

    session_row.title_en = "Liveable Cities and the SDGs"
    db.session.commit()
    # Saved in the draft but not published yet: the public still sees what was published.
    assert "Smart Cities and the SDGs" in client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)

    publish(event)
    db.session.commit()
    for url in pages(event, session_row)[:4]:
        after = client.get(url, headers={"If-None-Match": before[url].headers["ETag"]})
        assert after.status_code == 200, url
        assert "Liveable Cities and the SDGs" in after.get_data(as_text=True), url
        assert after.headers["ETag"] != before[url].headers["ETag"]


def test_an_edited_event_shows_at_once_on_its_page(client, event, session_row):
    assert client.get(f"/events/{event.slug}").status_code == 200
    event.venue_en = "Queen Sirikit National Convention Center"
    db.session.commit()
    assert "Queen Sirikit National Convention Center" in client.get(f"/events/{event.slug}").get_data(as_text=True)


def test_a_registration_keeps_the_pages_cached(client, app, event, session_row, make, count_queries):
    url = f"/events/{event.slug}/agenda"
    etag = client.get(url).headers["ETag"]
    make.registration(event, email="somchai@example.org")
    db.session.commit()
    with count_queries() as counter:
        again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert counter.count == 1  # the content's stamp; nothing rendered (no Redis in the tests)


def test_each_language_has_its_own_copy(client, event, session_row):
    url = f"/events/{event.slug}/sessions/{session_row.id}"
    english = client.get(url, headers={"Accept-Language": "en"})
    thai = client.get(url, headers={"Accept-Language": "th"})
    assert "Smart Cities and the SDGs" in english.get_data(as_text=True)
    assert "เมืองอัจฉริยะกับเป้าหมายการพัฒนาที่ยั่งยืน" in thai.get_data(as_text=True)
    assert english.headers["ETag"] != thai.headers["ETag"]


def test_signed_in_people_get_their_own_page_never_a_cached_one(client, event, session_row, organizer):
    url = f"/events/{event.slug}"
    assert "ETag" in client.get(url).headers
    login(client, organizer)
    page = client.get(url)
    assert page.status_code == 200
    assert "ETag" not in page.headers
    assert "Manage this event" in page.get_data(as_text=True)


class FlakyRedis:
    """Enough of a Redis client for the public pages' stamp, which can be taken out of reach (a
    partition: it keeps what it held) and counts what it was asked."""

    def __init__(self):
        self.values: dict[str, bytes] = {}
        self.down = False
        self.calls = 0

    def _ask(self):
        self.calls += 1
        if self.down:
            from redis.exceptions import ConnectionError

            raise ConnectionError("Connection refused")

    def get(self, key):
        self._ask()
        return self.values.get(key)

    def set(self, key, value, nx=False, ex=None):
        self._ask()
        if not (nx and key in self.values):
            self.values[key] = value.encode() if isinstance(value, str) else value

    def delete(self, key):
        self._ask()
        self.values.pop(key, None)


@pytest.fixture
def flaky_redis(app, monkeypatch):
    fake = FlakyRedis()
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    monkeypatch.setattr("eventsys.jobs.services.redis_client", lambda app=None: fake)
    return fake


def back_off_over(app) -> None:
    app.extensions["eventsys.redis_down_until"].clear()


def test_with_redis_out_of_reach_pages_stay_fresh_and_redis_is_not_asked_on_every_request(
    app, client, event, session_row, publish, flaky_redis
):
    agenda = f"/events/{event.slug}/agenda"
    assert client.get(agenda).status_code == 200
    flaky_redis.down = True
    session_row.title_en = "Liveable Cities and the SDGs"
    publish(event)
    db.session.commit()
    calls = flaky_redis.calls
    for _ in range(5):
        page = client.get(agenda)
        assert page.status_code == 200
        assert "Liveable Cities and the SDGs" in page.get_data(as_text=True)
    # The publish's own copy failed; then the process backs off instead of asking on every request.
    assert flaky_redis.calls == calls


def test_a_change_published_while_redis_was_out_of_reach_is_not_hidden_by_its_old_stamp(
    app, client, event, session_row, publish, flaky_redis
):
    agenda = f"/events/{event.slug}/agenda"
    assert "Smart Cities and the SDGs" in client.get(agenda).get_data(as_text=True)
    assert len(flaky_redis.values) == 1  # the stamp every server reads
    flaky_redis.down = True
    session_row.title_en = "Liveable Cities and the SDGs"
    publish(event)
    db.session.commit()
    flaky_redis.down = False
    back_off_over(app)

    page = client.get(agenda).get_data(as_text=True)
    assert "Liveable Cities and the SDGs" in page
    assert "Smart Cities and the SDGs" not in page
