"""A delegate downloads everything held about them (PDPA access request); organizers can too."""

from __future__ import annotations

import re

from sqlalchemy import select

from eventsys.audit.models import AuditEntry
from eventsys.registration.tokens import manage_url
from tests.conftest import login
from tests.privacy.conftest import EMAIL


def _path(url: str) -> str:
    return url.replace("http://localhost", "")


def _link(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}" href="([^"]+)"', page)
    assert found, f"no #{element_id} link on the page"
    return found.group(1).replace("&amp;", "&")


def test_the_manage_page_offers_everything_held_as_json(client, held):
    manage = _path(manage_url(held.registration))
    page = client.get(manage + "?lang=en").get_data(as_text=True)
    assert "Download my data (JSON)" in page
    link = _link(page, "download-my-data")
    assert link == manage + "/my-data.json"

    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="my-data-registration-{held.registration.id}.json"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    assert data["addresses"] == [EMAIL]
    [registration] = data["registrations"]
    assert (registration["first_name"], registration["local_name"], registration["email"]) == (
        "Siriporn",
        "ศิริพร แก้วมณี",
        EMAIL,
    )
    assert registration["event"]["slug"] == "ascn-roundtable-privacy"
    assert registration["answers"] == [
        {"question": "diet", "label_en": "Dietary needs", "label_th": "อาหาร", "value": "Halal", "shown_as": "Halal"}
    ]
    assert [(h["from"], h["to"], h["by"]) for h in registration["history"]] == [("pending", "confirmed", "staff")]
    assert [(c["list"], c["checked_out_at"]) for c in registration["checkins"]] == [
        (f"day-{held.event.start_date.isoformat()}", None)
    ]
    assert [(s["result"], s["method"], s["direction"]) for s in registration["scans"]] == [
        ("checked_in", "manual", "in")
    ]
    [badge] = registration["badges"]
    assert (badge["id"], badge["serial"], badge["revoked"], badge["print_count"]) == (held.badge.id, 1, False, 1)
    assert badge["last_printed_at"] is not None
    assert len(registration["badge_prints"]) == 1
    assert [a["title_en"] for a in registration["agenda"]] == ["Smart mobility for ASEAN cities"]
    assert [f["revoked_at"] for f in registration["calendar_feeds"]] == [None]
    subjects = [m["subject"] for m in data["mails"]]
    assert len(subjects) == 2 and all(m["to"] == EMAIL and m["body"] for m in data["mails"])
    # Credentials and staff addresses are not the delegate's data: none of them is in the export.
    text = response.get_data(as_text=True)
    assert "organizer@example.org" not in text and "ES1" not in text and "token" not in text


def test_a_forged_or_voided_or_misplaced_link_downloads_nothing(client, held, make):
    manage = _path(manage_url(held.registration))
    assert client.get(manage[:-3] + "xyz/my-data.json").status_code == 404
    other = make.event(slug="another-event")
    assert client.get(manage.replace(held.event.slug, other.slug) + "/my-data.json").status_code == 404


def test_organizers_download_one_registration_and_it_is_audited(client, held, make, db):
    login(client, held.organizer)
    detail = f"/manage/events/{held.event.slug}/registrations/{held.registration.id}"
    page = client.get(detail + "?lang=en").get_data(as_text=True)
    link = _link(page, "personal-data-export")
    assert link == detail + "/personal-data.json"
    response = client.get(link)
    assert response.status_code == 200
    assert response.get_json()["registrations"][0]["email"] == EMAIL
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "registration.export")).one()
    assert (entry.actor_label, entry.target_ids, entry.detail["file_format"]) == (
        "organizer@example.org",
        [str(held.registration.id)],
        "json",
    )
    # The export names the staff action it was.
    again = client.get(link).get_json()
    assert "registration.export" in [a["action"] for a in again["registrations"][0]["staff_actions"]]


def test_organizers_of_another_event_and_other_events_registrations_are_refused(app, client, held, make):
    other = make.event(slug="other-event")
    stranger = make.registration(other, email="stranger@example.org")
    base = f"/manage/events/{held.event.slug}/registrations"
    login(client, held.organizer)
    assert client.get(f"{base}/{stranger.id}/personal-data.json").status_code == 404
    outsider = app.test_client()
    login(outsider, make.organizer(other, email="other@example.org"))
    assert outsider.get(f"{base}/{held.registration.id}/personal-data.json").status_code == 403


def test_signed_in_by_a_mailed_link_a_delegate_downloads_every_registration_under_the_address(
    client, held, make, db, outbox
):
    from eventsys.registration import personal_signin

    second = make.event(slug="ascn-annual-meeting-privacy")
    make.registration(second, first_name="Siriporn", last_name="Kaewmanee", email=EMAIL)
    anonymous = client.get("/my-registrations/my-data.json")
    assert (anonymous.status_code, anonymous.headers["Location"]) == (302, "/my-registrations")

    assert personal_signin.send_link(EMAIL, "en")
    secret = re.search(r"/my-registrations/sign-in/(\S+)", outbox()[-1].body_text).group(1)
    client.post(f"/my-registrations/sign-in/{secret}")
    page = client.get("/my-registrations?lang=en").get_data(as_text=True)
    assert _link(page, "download-my-data") == "/my-registrations/my-data.json"
    data = client.get("/my-registrations/my-data.json").get_json()
    assert sorted(r["event"]["slug"] for r in data["registrations"]) == [
        "ascn-annual-meeting-privacy",
        "ascn-roundtable-privacy",
    ]
    assert data["addresses"] == [EMAIL]
    assert len(data["mails"]) == 3  # the two of the fixture and the sign-in link


def test_a_signed_in_account_downloads_its_registrations(client, held, make, db):
    account = make.user(email=EMAIL, name="Siriporn Kaewmanee")
    login(client, account)
    page = client.get("/my/registrations?lang=en").get_data(as_text=True)
    assert _link(page, "download-my-data") == "/my-registrations/my-data.json"
    data = client.get("/my-registrations/my-data.json").get_json()
    assert [r["id"] for r in data["registrations"]] == [held.registration.id]


def test_the_export_holds_what_the_newer_areas_keep_about_the_delegate(client, held, make, db):
    """Their certificate (what it states, its code), their survey answer, their matchmaking profile,
    and nothing of the kind when they have none."""
    from eventsys.documents import services as documents
    from eventsys.feedback.models import FeedbackResponse
    from eventsys.matchmaking.models import MatchmakingParticipant

    link = _path(manage_url(held.registration)) + "/my-data.json"
    [before] = client.get(link).get_json()["registrations"]
    assert (before["documents"], before["feedback"], before["city_projects"], before["matchmaking"]) == (
        [],
        [],
        [],
        None,
    )

    certificate = documents.issue_certificate(held.registration, actor=None).document
    db.session.add(
        FeedbackResponse(
            event_id=held.event.id, target="event", registration_id=held.registration.id, rating=4, comment="ดีมาก"
        )
    )
    db.session.add(
        MatchmakingParticipant(event_id=held.event.id, registration_id=held.registration.id, offers_en="Open data")
    )
    db.session.commit()

    [after] = client.get(link).get_json()["registrations"]
    [document] = after["documents"]
    assert (document["kind"], document["code"], document["revoked_at"]) == ("certificate", certificate.code, None)
    assert document["states"]["attended"]["days"] == [held.event.start_date.isoformat()]
    assert [(r["rating"], r["comment"], r["shown_with_name"]) for r in after["feedback"]] == [(4, "ดีมาก", False)]
    assert after["matchmaking"]["profile"]["offers_en"] == "Open data"
    assert after["matchmaking"]["meetings"] == []
