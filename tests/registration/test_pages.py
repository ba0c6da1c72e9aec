"""The public form (English and Thai), the manage pages and /my/registrations."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from eventsys.db import db
from eventsys.registration import services
from eventsys.registration.models import QuestionKind, Registration, RegistrationStatus
from eventsys.registration.settings import add_question
from eventsys.registration.tokens import manage_token
from tests.conftest import login
from tests.registration.conftest import payload


def form_data(**changes) -> dict:
    data = {
        "first_name": "Somchai",
        "last_name": "Jaidee",
        "local_name": "สมชาย ใจดี",
        "email": "Somchai@Example.org",
        "organisation": "depa",
        "position": "Advisor",
        "country": "TH",
        "city": "phuket",
        "category": "speaker",
        "dietary": "",
        "accessibility": "",
        "consent": "y",
    }
    data.update(changes)
    return data


def test_event_page_has_one_register_button_while_open(client, open_event):
    html = client.get("/events/open-roundtable?lang=en").get_data(as_text=True)
    assert html.count('id="register-button"') == 1
    assert 'href="/events/open-roundtable/register"' in html


def test_form_lists_asean_first_cities_by_member_state_and_the_privacy_notice(client, open_event):
    html = client.get("/events/open-roundtable/register?lang=en").get_data(as_text=True)
    countries = re.search(r'<select[^>]*id="country".*?</select>', html, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">', countries)
    assert groups == ["ASEAN member states", "All countries"]
    asean = re.findall(r'<option value="(\w\w)"', countries.split("All countries")[0])
    assert asean == ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]
    assert len(re.findall(r'<option value="\w\w"', countries)) == 10 + 249
    cities = re.search(r'<select[^>]*id="city".*?</select>', html, re.S).group(0)
    assert '<optgroup label="Thailand"><option value="bangkok">Bangkok</option>' in cities.replace("\n", "").replace(
        "  ", ""
    )
    assert 'href="/events/open-roundtable/privacy"' in html
    assert client.get("/events/open-roundtable/privacy?lang=en").status_code == 200


def test_form_in_thai(client, open_event):
    html = client.get("/events/open-roundtable/register?lang=th").get_data(as_text=True)
    assert "ลงทะเบียน" in html
    assert "ประเทศสมาชิกอาเซียน" in html
    assert "กรุงเทพมหานคร" in html


def test_event_privacy_notice_url_is_linked_when_set(client, make, reference):
    make.event("own-notice", privacy_notice_url="https://example.org/privacy")
    html = client.get("/events/own-notice/register").get_data(as_text=True)
    assert 'href="https://example.org/privacy"' in html


def test_registering_through_the_form_confirms_and_shows_the_manage_page(client, open_event, outbox):
    add_question(
        open_event,
        key="site_visit",
        label_en="Join the site visit?",
        label_th="ร่วมศึกษาดูงาน?",
        kind=QuestionKind.YES_NO,
        required=True,
    )
    response = client.post("/events/open-roundtable/register?lang=en", data=form_data(q_site_visit="yes"))
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration))
    assert response.headers["Location"] == f"/events/open-roundtable/registration/{manage_token(registration)}"
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Thank you! Your registration is confirmed." in page
    assert "Join the site visit?" in page and "Yes" in page
    [mail] = outbox()
    assert (mail.kind, mail.to_address, mail.language) == (
        "registration.confirmed",
        "somchai@example.org",
        "en",
    )
    assert mail.subject == "Registration confirmed: ASCN Roundtable (test)"


def test_missing_consent_and_required_question_are_shown_on_the_form(client, open_event):
    add_question(
        open_event,
        key="site_visit",
        label_en="Join the site visit?",
        label_th="ร่วมศึกษาดูงาน?",
        kind=QuestionKind.YES_NO,
        required=True,
    )
    data = form_data()
    del data["consent"]
    response = client.post("/events/open-roundtable/register?lang=en", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Please agree to the processing of your personal data to register." in html
    assert "This question needs an answer." in html
    assert db.session.scalar(select(db.func.count()).select_from(Registration)) == 0


def test_unknown_country_from_a_forged_form_is_a_field_error(client, open_event):
    response = client.post("/events/open-roundtable/register?lang=en", data=form_data(country="QQ"))
    assert response.status_code == 422
    assert "Unknown country" in response.get_data(as_text=True)


def test_duplicate_through_the_form_explains_and_mails(client, open_event, outbox):
    client.post("/events/open-roundtable/register", data=form_data())
    response = client.post("/events/open-roundtable/register?lang=en", data=form_data(email="SOMCHAI@example.org"))
    assert response.status_code == 409
    assert "already registered for this event" in response.get_data(as_text=True)
    assert outbox()[-1].kind == "registration.duplicate_attempt"


def test_thai_registration_gets_thai_mail(client, open_event, outbox):
    client.post("/events/open-roundtable/register?lang=th", data=form_data())
    mail = outbox()[-1]
    assert mail.language == "th"
    assert mail.subject == "ยืนยันการลงทะเบียนแล้ว: การประชุมโต๊ะกลม ASCN (ทดสอบ)"


def test_manage_pages_edit_withdraw_download_and_deletion(client, make, reference, outbox):
    event = make.event("small", capacity=1)
    mine = services.register(event, payload(), actor="delegate")
    waiting = services.register(event, payload(email="next@example.org"), actor="delegate")
    base = f"/events/small/registration/{manage_token(mine)}"

    response = client.post(base + "/edit", data={**form_data(first_name="Kanok", country="TH", city="")})
    assert (response.status_code, response.headers["Location"]) == (302, base)
    assert (mine.first_name, mine.city, mine.email) == ("Kanok", None, "kanokwan.srisuk@example.org")

    data = client.get(base + "/data.json")
    assert data.headers["Content-Disposition"] == f'attachment; filename="registration-{mine.id}.json"'
    assert json.loads(data.get_data())["first_name"] == "Kanok"

    response = client.post(base + "/deletion")
    assert (response.status_code, response.headers["Location"]) == (302, base)
    assert mine.deletion_requested_at is not None

    response = client.post(base + "/withdraw", data={"reason": "visa"})
    assert (response.status_code, response.headers["Location"]) == (302, base)
    db.session.expire_all()
    assert (mine.status, waiting.status) == (RegistrationStatus.WITHDRAWN, RegistrationStatus.CONFIRMED)
    assert outbox()[-1].kind == "registration.promoted"
    assert client.get(base + "x").status_code == 404
    assert client.get(f"/events/open-other/registration/{manage_token(mine)}").status_code == 404


def test_my_registrations_lists_by_account_email(client, make, open_event):
    services.register(open_event, payload(email="delegate@example.org"), actor="delegate")
    user = make.user(email="delegate@example.org")
    login(client, user)
    html = client.get("/my/registrations?lang=en").get_data(as_text=True)
    assert "ASCN Roundtable (test)" in html
    assert "Confirmed" in html


def test_invitation_link_prefills_and_registers(client, invitation_event, make, outbox):
    from eventsys.registration.settings import invite

    organizer = make.organizer(invitation_event)
    [_invitation], refused = invite(
        invitation_event, ["Guest@Example.org", "bad address"], category=None, actor=organizer
    )
    assert refused == ["bad address"]
    link = re.search(r"http://localhost(\S+)", outbox()[-1].body_text).group(1)
    page = client.get(link + "&lang=en").get_data(as_text=True)
    assert 'value="guest@example.org"' in page
    assert client.post("/events/invited-roundtable/register", data=form_data()).status_code == 403
    response = client.post(link, data=form_data(email="guest@example.org"))
    registration = db.session.scalar(select(Registration))
    assert (response.status_code, response.headers["Location"]) == (
        302,
        f"/events/invited-roundtable/registration/{manage_token(registration)}",
    )
    assert (registration.email, registration.status) == ("guest@example.org", RegistrationStatus.CONFIRMED)


def test_organizers_find_their_events_on_my_registrations(client, make, open_event):
    login(client, make.organizer(open_event))
    html = client.get("/my/registrations?lang=en").get_data(as_text=True)
    assert "No registrations yet" in html
    assert 'href="/manage/events/open-roundtable/registrations"' in html
    assert 'href="/manage/events/open-roundtable/registrations"' in client.get(
        "/events/open-roundtable/register"
    ).get_data(as_text=True)
