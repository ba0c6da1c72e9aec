"""Organizer pages: list with filters and paging, bulk decisions, exports, settings, invitations."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook
from sqlalchemy import select

from eventsys.db import db
from eventsys.demo.synthetic import generate
from eventsys.events.models import RegistrationMode
from eventsys.registration import services
from eventsys.registration.models import (
    Answer,
    CategoryCapacity,
    Question,
    QuestionKind,
    Registration,
    RegistrationCategory,
    RegistrationStatus,
)
from eventsys.registration.settings import add_question
from tests.conftest import login
from tests.registration.conftest import payload

LIST = "/manage/events/open-roundtable/registrations"


def rows_of(html: str) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    return re.findall(r'registrations/\d+">([^<]+)</a>', body.group(1)) if body else []


def test_delegates_and_other_events_organizers_get_403_and_guests_sign_in(client, make, open_event):
    response = client.get(LIST)
    assert (response.status_code, response.headers["Location"]) == (302, f"/login?next={LIST}")
    other = make.event("other-event")
    login(client, make.organizer(other))
    assert client.get(LIST).status_code == 403
    assert client.get(LIST + ".csv").status_code == 403


def test_page_of_300_rows_costs_a_constant_number_of_queries(organizer_client, open_event, count_queries):
    add_question(open_event, key="site_visit", label_en="Site visit?", label_th="ศึกษาดูงาน?", kind=QuestionKind.YES_NO)
    generate(open_event, 320, seed=7)
    question = db.session.scalar(select(Question).where(Question.event_id == open_event.id))
    ids = db.session.scalars(select(Registration.id)).all()
    db.session.add_all([Answer(registration_id=i, question_id=question.id, value="yes") for i in ids])
    db.session.commit()
    with count_queries() as first:
        response = organizer_client.get(LIST + "?lang=en")
    assert response.status_code == 200
    assert len(rows_of(response.get_data(as_text=True))) == 50
    with count_queries() as later:
        response = organizer_client.get(LIST + "?lang=en&page=5&sort=name&country=TH")
    assert response.status_code == 200
    assert later.count == first.count
    # 12 for the page, 1 for an undoable bulk decision of the viewer, 2 for the navbar's queue count.
    assert first.count <= 15, first.statements


def test_filters_search_sort_and_answers(organizer_client, open_event):
    add_question(open_event, key="site_visit", label_en="Site visit?", label_th="ศึกษาดูงาน?", kind=QuestionKind.YES_NO)
    services.register(
        open_event,
        payload(email="a@example.org", first_name="Anong", last_name="Boonmee", answers={"site_visit": "yes"}),
        actor="t",
    )
    services.register(
        open_event,
        payload(
            email="b@example.org",
            first_name="Budi",
            last_name="Santoso",
            country="ID",
            city="makassar",
            category="speaker",
            answers={"site_visit": "no"},
        ),
        actor="t",
    )
    services.register(
        open_event,
        payload(email="c@example.org", first_name="Chanthou", last_name="Ouk", country="KH", city="", category="media"),
        actor="t",
    )

    def get(q):
        return rows_of(organizer_client.get(LIST + "?lang=en&" + q).get_data(as_text=True))

    assert get("sort=name") == ["Anong Boonmee", "Chanthou Ouk", "Budi Santoso"]
    assert get("country=ID") == ["Budi Santoso"]
    assert get("city=bangkok") == ["Anong Boonmee"]
    assert get("category=media") == ["Chanthou Ouk"]
    assert get("q=SANTOSO") == ["Budi Santoso"]
    assert get("a_site_visit=no") == ["Budi Santoso"]
    assert get("status=waitlisted") == []
    html = organizer_client.get(LIST + "?lang=en").get_data(as_text=True)
    assert re.search(r'data-status="confirmed">3<', html)
    assert "Makassar: 1" in html
    assert '<canvas id="country-chart"' in html


def test_exports_hold_exactly_the_filtered_rows_with_answers(organizer_client, open_event):
    add_question(open_event, key="site_visit", label_en="Site visit?", label_th="ศึกษาดูงาน?", kind=QuestionKind.YES_NO)
    services.register(
        open_event, payload(email="a@example.org", first_name="=HYPERLINK(1)", answers={"site_visit": "yes"}), actor="t"
    )
    services.register(open_event, payload(email="b@example.org", country="ID", city=""), actor="t")
    response = organizer_client.get(LIST + ".csv?lang=en&country=TH")
    assert response.headers["Content-Disposition"] == 'attachment; filename="open-roundtable-registrations.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 2
    assert rows[0][-1] == "Site visit?"
    assert (rows[1][2], rows[1][5], rows[1][-1]) == ("'=HYPERLINK(1)", "a@example.org", "Yes")
    xlsx = organizer_client.get(LIST + ".xlsx?lang=th&country=ID")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    values = list(sheet.values)
    assert len(values) == 2
    assert values[1][5] == "b@example.org"
    assert values[0][-1] == "ศึกษาดูงาน?"


def test_bulk_approve_and_reject_with_reason(client, make, moderated_event, outbox):
    login(client, make.organizer(moderated_event))
    a = services.register(moderated_event, payload(email="a@example.org"), actor="delegate")
    b = services.register(moderated_event, payload(email="b@example.org"), actor="delegate")
    url = "/manage/events/closed-roundtable/registrations/decide"
    listing = "/manage/events/closed-roundtable/registrations"
    response = client.post(url + "?lang=en", data={"ids": [a.id], "action": "approve", "reason": "Welcome"})
    assert (response.status_code, response.headers["Location"]) == (302, listing)
    response = client.post(url, data={"ids": [b.id], "action": "reject", "reason": "Cities only"})
    assert (response.status_code, response.headers["Location"]) == (302, listing)
    db.session.expire_all()
    assert (a.status, b.status) == (RegistrationStatus.CONFIRMED, RegistrationStatus.REJECTED)
    assert b.changes[-1].reason == "Cities only"
    detail = client.get(f"/manage/events/closed-roundtable/registrations/{b.id}?lang=en").get_data(as_text=True)
    assert "Pending → Rejected" in detail and "Cities only" in detail


def test_history_shows_what_the_system_wrote_in_the_readers_language(client, make, open_event):
    login(client, make.organizer(open_event))
    first = services.register(open_event, payload(email="a@example.org"), actor="delegate")
    services.withdraw(first, actor="delegate", reason="ติดภารกิจ")
    services.register(open_event, payload(email="a@example.org"), actor="delegate")
    url = f"/manage/events/open-roundtable/registrations/{first.id}"
    thai = client.get(url + "?lang=th").get_data(as_text=True)
    assert "ลงทะเบียนใหม่หลังจากถอนตัว" in thai and "ติดภารกิจ" in thai  # an organizer's own words stay
    assert "Registered again after withdrawing" in client.get(url + "?lang=en").get_data(as_text=True)


def test_settings_page_saves_mode_capacity_category_limits_and_fills_from_the_waitlist(client, make, reference):
    event = make.event("small", capacity=1)
    login(client, make.organizer(event))
    services.register(event, payload(email="a@example.org"), actor="d")
    waiting = services.register(event, payload(email="b@example.org"), actor="d")
    settings = {
        "mode": "moderated",
        "capacity": "2",
        "cap_media": "5",
        "opens_at": "",
        "closes_at": "2030-01-01T17:00",
        "privacy_notice_url": "",
    }
    # The second seat would confirm (and mail) the waiting delegate: the page asks first, saves nothing.
    asking = client.post("/manage/events/small/registration-settings", data=settings)
    assert asking.status_code == 200 and "b@example.org" in asking.get_data(as_text=True)
    db.session.expire_all()
    assert (event.capacity, waiting.status) == (1, RegistrationStatus.WAITLISTED)
    response = client.post(
        "/manage/events/small/registration-settings", data={**settings, "confirm_promotion": str(waiting.id)}
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/manage/events/small/registration-settings")
    db.session.expire_all()
    assert (event.registration_mode, event.capacity) == (RegistrationMode.MODERATED, 2)
    assert event.registration_closes_at.isoformat() == "2030-01-01T10:00:00+00:00"  # 17:00 Bangkok
    assert (
        db.session.scalar(
            select(CategoryCapacity.capacity).where(CategoryCapacity.category == RegistrationCategory.MEDIA)
        )
        == 5
    )
    assert waiting.status == RegistrationStatus.CONFIRMED
    bad = client.post(
        "/manage/events/small/registration-settings?lang=en",
        data={"mode": "open", "capacity": "-3", "opens_at": "", "closes_at": ""},
    )
    assert bad.status_code == 422


def test_questions_are_added_and_deleted(client, make, open_event):
    login(client, make.organizer(open_event))
    base = "/manage/events/open-roundtable/registration-settings/questions"
    client.post(
        base,
        data={
            "key": "session",
            "label_en": "Which session?",
            "label_th": "ช่วงใด",
            "kind": "choice",
            "choices": "am | Morning | ช่วงเช้า\npm | Afternoon | ช่วงบ่าย",
        },
    )
    question = db.session.scalar(select(Question).where(Question.event_id == open_event.id))
    assert question.choices == [
        {"key": "am", "en": "Morning", "th": "ช่วงเช้า"},
        {"key": "pm", "en": "Afternoon", "th": "ช่วงบ่าย"},
    ]
    form = client.get("/events/open-roundtable/register?lang=th").get_data(as_text=True)
    assert '<option value="pm">ช่วงบ่าย</option>' in form
    response = client.post(
        base + "?lang=en", data={"key": "Bad Key", "label_en": "x", "kind": "text"}, follow_redirects=True
    )
    assert "Use lower-case letters" in response.get_data(as_text=True)
    client.post(f"{base}/{question.id}/delete")
    assert db.session.scalar(select(Question).where(Question.event_id == open_event.id)) is None


def test_invitations_page_sends_bound_links(client, make, invitation_event, outbox):
    login(client, make.organizer(invitation_event))
    response = client.post(
        "/manage/events/invited-roundtable/invitations?lang=en",
        data={"emails": "guest@example.org\nnot an address", "category": "speaker"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "1 invitation(s) sent." in html and "not an address" in html
    mail = outbox()[-1]
    assert (mail.kind, mail.to_address) == ("registration.invitation", "guest@example.org")
    assert "/events/invited-roundtable/register?invitation=" in mail.body_text
