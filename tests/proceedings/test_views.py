"""The organizer's proceedings page, its progress JSON, downloads, publishing and the public link."""

from __future__ import annotations

import re

from eventsys.proceedings.services import latest_ready
from tests.conftest import login
from tests.pdftext import pdftotext


def _organizer_client(client, make, event):
    login(client, make.organizer(event))
    return client


def test_only_organizers_see_the_proceedings_page(client, make, book_event):
    url = f"/manage/events/{book_event.slug}/proceedings"
    response = client.get(url)
    assert (response.status_code, response.headers["Location"]) == (302, f"/login?next={url}")
    login(client, make.user())
    assert client.get(url).status_code == 403
    assert client.get("/manage/events/no-such-event/proceedings").status_code == 404


def test_organizer_builds_follows_progress_and_downloads(client, make, book_event):
    _organizer_client(client, make, book_event)
    page = client.get(f"/manage/events/{book_event.slug}/proceedings")
    assert page.status_code == 200 and "No book built yet" in page.get_data(as_text=True)
    response = client.post(
        f"/manage/events/{book_event.slug}/proceedings",
        data={"language": "en", "parts": ["programme", "sessions"], "watermark": "never"},
    )
    assert response.status_code == 302
    assert re.fullmatch(
        rf"/manage/events/{book_event.slug}/proceedings\?job=[0-9a-f-]{{36}}", response.headers["Location"]
    ), response.headers["Location"]
    job_id = response.headers["Location"].split("job=")[1]
    status = client.get(f"/manage/events/{book_event.slug}/proceedings/jobs/{job_id}.json").get_json()
    build = latest_ready(book_event)
    assert (status["status"], status["progress"], status["result"]["build_id"]) == ("done", 100, build.id)
    html = client.get(f"/manage/events/{book_event.slug}/proceedings?job={job_id}").get_data(as_text=True)
    assert 'id="progress-bar"' in html and f"/proceedings/builds/{build.id}.pdf" in html
    download = client.get(f"/manage/events/{book_event.slug}/proceedings/builds/{build.id}.pdf")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert "Programme" in pdftotext(download.data) and "Participants" not in pdftotext(download.data)
    again = client.post(
        f"/manage/events/{book_event.slug}/proceedings",
        data={"language": "en", "parts": ["programme", "sessions"], "watermark": "never"},
        follow_redirects=True,
    )
    assert "The book is up to date: version 1 already has this content and these options." in again.get_data(
        as_text=True
    )


def test_no_parts_chosen_is_a_form_error(client, make, book_event):
    _organizer_client(client, make, book_event)
    response = client.post(
        f"/manage/events/{book_event.slug}/proceedings", data={"language": "en", "watermark": "never"}
    )
    assert response.status_code == 200 and "Choose at least one part." in response.get_data(as_text=True)
    assert latest_ready(book_event) is None


def test_status_of_an_unknown_job_is_404_json(client, make, book_event):
    _organizer_client(client, make, book_event)
    response = client.get(f"/manage/events/{book_event.slug}/proceedings/jobs/nope.json")
    assert (response.status_code, response.get_json()) == (404, {"error": "No such proceedings job."})


def test_foreword_is_saved_and_printed(client, make, book_event):
    _organizer_client(client, make, book_event)
    response = client.post(
        f"/manage/events/{book_event.slug}/proceedings/foreword",
        data={"text_en": "Welcome to the Roundtable.", "text_th": "ยินดีต้อนรับสู่การประชุม", "signed_by": "ASCN Chair"},
        follow_redirects=True,
    )
    assert "Foreword saved. Build the book again to include it." in response.get_data(as_text=True)
    client.post(
        f"/manage/events/{book_event.slug}/proceedings",
        data={"language": "en", "parts": ["foreword"], "watermark": "never"},
    )
    text = pdftotext(
        client.get(f"/manage/events/{book_event.slug}/proceedings/builds/{latest_ready(book_event).id}.pdf").data
    )
    assert "Foreword\nWelcome to the Roundtable.\nASCN Chair\n" in text


def test_published_book_is_downloadable_from_the_event_page(client, make, book_event):
    _organizer_client(client, make, book_event)
    public_url = f"/events/{book_event.slug}/proceedings.pdf"
    assert client.get(public_url).status_code == 404
    assert public_url not in client.get(f"/events/{book_event.slug}").get_data(as_text=True)
    client.post(
        f"/manage/events/{book_event.slug}/proceedings",
        data={"language": "en", "parts": ["programme"], "watermark": "never"},
    )
    build = latest_ready(book_event)
    response = client.post(
        f"/manage/events/{book_event.slug}/proceedings/builds/{build.id}/publish", follow_redirects=True
    )
    assert "Version 1 is now the published proceedings." in response.get_data(as_text=True)
    client.post("/logout")
    assert "Proceedings (PDF)" in client.get(f"/events/{book_event.slug}").get_data(as_text=True)
    download = client.get(public_url)
    assert download.status_code == 200 and download.data[:5] == b"%PDF-"


def test_a_session_page_links_to_its_chapter_in_the_published_book(client, make, book_event, db):
    import io

    from pypdf import PdfReader

    from eventsys.agenda.models import AgendaSession
    from eventsys.agenda.publishing import publish as publish_agenda

    publish_agenda(book_event)
    session = db.session.query(AgendaSession).filter_by(event_id=book_event.id).first()
    session_url = f"/events/{book_event.slug}/sessions/{session.id}"
    chapter_link = f"/events/{book_event.slug}/proceedings.pdf#session-{session.id}"
    _organizer_client(client, make, book_event)
    assert chapter_link not in client.get(session_url).get_data(as_text=True)
    client.post(
        f"/manage/events/{book_event.slug}/proceedings",
        data={"language": "en", "parts": ["programme"], "watermark": "never"},
    )
    client.post(f"/manage/events/{book_event.slug}/proceedings/builds/{latest_ready(book_event).id}/publish")
    assert chapter_link not in client.get(session_url).get_data(as_text=True)  # that book has no chapters
    client.post(
        f"/manage/events/{book_event.slug}/proceedings",
        data={"language": "en", "parts": ["sessions"], "watermark": "never"},
    )
    client.post(f"/manage/events/{book_event.slug}/proceedings/builds/{latest_ready(book_event).id}/publish")
    client.post("/logout")
    assert chapter_link in client.get(session_url).get_data(as_text=True)
    reader = PdfReader(io.BytesIO(client.get(chapter_link.split("#")[0]).data))
    chapter_page = reader.get_destination_page_number(reader.named_destinations[f"session-{session.id}"])
    assert reader.pages[chapter_page].extract_text().startswith(session.title_en)


def test_a_draft_version_is_marked_and_publishing_it_warns(client, make, book_event):
    _organizer_client(client, make, book_event)
    page_url = f"/manage/events/{book_event.slug}/proceedings"
    client.post(page_url, data={"language": "en", "parts": ["programme"], "watermark": "always"})
    draft = latest_ready(book_event)
    client.post(page_url, data={"language": "en", "parts": ["programme"], "watermark": "never"})
    final = latest_ready(book_event)
    assert (draft.draft, final.draft) == (True, False)
    rows = client.get(page_url + "?lang=en").get_data(as_text=True).split("<tr>")
    assert sum("text-bg-warning" in row and ">Draft<" in row for row in rows) == 1
    response = client.post(f"{page_url}/builds/{draft.id}/publish?lang=en", follow_redirects=True)
    assert "but it is a draft: every page says DRAFT" in response.get_data(as_text=True)
    response = client.post(f"{page_url}/builds/{final.id}/publish?lang=en", follow_redirects=True)
    assert f"Version {final.version} is now the published proceedings." in response.get_data(as_text=True)
