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
