"""Issue 17, point 3: the public proceedings come in the reader's language. Organizers publish a
book per language (English, Thai, or one bilingual book); a reader gets theirs (`?lang=`, then the
interface language, then the browser's), else the bilingual one, else the one there is."""

from __future__ import annotations

from eventsys.audit.models import AuditEntry
from eventsys.proceedings import storage
from eventsys.proceedings.services import latest_ready, published_builds
from tests.conftest import login


def _build_and_publish(client, event, language: str):
    client.post(
        f"/manage/events/{event.slug}/proceedings",
        data={"language": language, "parts": ["programme"], "watermark": "never"},
    )
    build = latest_ready(event)
    assert build.language == language
    response = client.post(f"/manage/events/{event.slug}/proceedings/builds/{build.id}/publish")
    assert response.status_code == 302
    return build


def _file(build) -> bytes:
    return storage.absolute(build.file_path).read_bytes()


def test_each_reader_gets_the_book_in_their_language(client, make, book_event, db):
    login(client, make.organizer(book_event))
    english = _build_and_publish(client, book_event, "en")
    client.post("/logout")
    url = f"/events/{book_event.slug}/proceedings.pdf"
    # Only the English book is out: a Thai reader gets it rather than nothing.
    only = client.get(url + "?lang=th")
    assert (only.status_code, only.data, only.headers["Content-Language"]) == (200, _file(english), "en")

    login(client, make.organizer(book_event))
    thai = _build_and_publish(client, book_event, "th")
    client.post("/logout")
    assert {build.id for build in published_builds(book_event)} == {english.id, thai.id}
    for asked, book in [("?lang=th", thai), ("?lang=en", english)]:
        response = client.get(url + asked)
        assert (response.status_code, response.data) == (200, _file(book))
        assert response.headers["Content-Language"] == book.language
        assert {"Cookie", "Accept-Language"} <= set(response.vary)
    browser = client.get(url, headers={"Accept-Language": "th-TH,th;q=0.9"})
    assert browser.data == _file(thai)
    client.get("/language/th")  # the interface language, saved
    assert client.get(url).data == _file(thai)
    assert client.get(url + "?lang=en").data == _file(english)  # asked beats saved


def test_a_new_book_replaces_only_the_published_one_of_its_language(client, make, book_event, db):
    login(client, make.organizer(book_event))
    thai = _build_and_publish(client, book_event, "th")
    both = _build_and_publish(client, book_event, "both")
    url = f"/events/{book_event.slug}/proceedings.pdf"
    # An English reader: no English book, so the bilingual one.
    response = client.get(url + "?lang=en")
    assert (response.data, response.headers["Content-Language"]) == (_file(both), "en, th")
    client.post(
        f"/manage/events/{book_event.slug}/proceedings",
        data={"language": "th", "parts": ["programme", "sessions"], "watermark": "never"},
    )
    newer_thai = latest_ready(book_event)
    client.post(f"/manage/events/{book_event.slug}/proceedings/builds/{newer_thai.id}/publish")
    assert {build.id for build in published_builds(book_event)} == {both.id, newer_thai.id}
    assert thai.id not in {build.id for build in published_builds(book_event)}
    assert client.get(url + "?lang=th").data == _file(newer_thai)
    published = db.session.query(AuditEntry).filter_by(action="proceedings.publish").count()
    assert published == 3

    # Withdrawing takes every language down.
    client.post(f"/manage/events/{book_event.slug}/proceedings/unpublish")
    assert published_builds(book_event) == []
    assert client.get(url + "?lang=th").status_code == 404


def test_a_row_unpublishes_its_own_language_only(client, make, book_event):
    login(client, make.organizer(book_event))
    english = _build_and_publish(client, book_event, "en")
    thai = _build_and_publish(client, book_event, "th")
    page = client.get(f"/manage/events/{book_event.slug}/proceedings?lang=en").get_data(as_text=True)
    assert page.count("Unpublish") == 2
    response = client.post(
        f"/manage/events/{book_event.slug}/proceedings/unpublish?lang=en",
        data={"build_id": str(thai.id)},
        follow_redirects=True,
    )
    assert "That version is no longer public; the books in other languages still are." in response.get_data(
        as_text=True
    )
    assert [build.id for build in published_builds(book_event)] == [english.id]
    url = f"/events/{book_event.slug}/proceedings.pdf"
    assert client.get(url + "?lang=th").data == _file(english)
