"""Organizers (and the check-in desk) add one registration: a VIP, or a walk-in registered, confirmed
and given a badge in one flow; seats, duplicates and permissions hold."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from eventsys.accounts.models import Role
from eventsys.audit.models import AuditEntry
from eventsys.db import db
from eventsys.events.models import RegistrationMode
from eventsys.registration.models import (
    REASON_ADDED_BY_ORGANIZER,
    CategoryCapacity,
    QuestionKind,
    Registration,
    RegistrationCategory,
    RegistrationStatus,
)
from eventsys.registration.settings import add_question
from tests.conftest import login

NEW = "/manage/events/open-roundtable/registrations/new"


def form_data(**changes) -> dict:
    data = {
        "first_name": "Ahmad",
        "last_name": "Ibrahim",
        "local_name": "",
        "email": "Ahmad.Ibrahim@Example.gov.my",
        "organisation": "Kuala Lumpur City Hall",
        "position": "Mayor",
        "country": "MY",
        "city": "kuala-lumpur",
        "category": "city_representative",
        "dietary": "Halal",
        "accessibility": "",
        "language": "en",
        "consent": "y",
        "confirm": "y",
        "send_mail": "y",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def registrations() -> list[Registration]:
    db.session.expire_all()
    return db.session.scalars(select(Registration).order_by(Registration.id)).all()


def audit(action: str) -> list[AuditEntry]:
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).all()


def test_walk_in_registered_confirmed_and_badge_printed_in_two_clicks(client, make, open_event, outbox):
    organizer = make.organizer(open_event, email="desk@example.org")
    login(client, organizer)
    page = client.get(NEW + "?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="first_name"' in html and 'name="consent"' in html and 'name="waitlist_if_full"' in html
    assert re.search(r'<input[^>]*checked[^>]*name="confirm"|<input[^>]*name="confirm"[^>]*checked', html)

    response = client.post(NEW + "?lang=en", data=form_data())  # click 1: submit
    [registration] = registrations()
    added = f"/manage/events/open-roundtable/registrations/{registration.id}/added"
    assert (response.status_code, response.headers["Location"]) == (302, added)
    assert (registration.email, registration.status, registration.language) == (
        "ahmad.ibrahim@example.gov.my",
        RegistrationStatus.CONFIRMED,
        "en",
    )
    assert registration.city.slug == "kuala-lumpur" and registration.consent_at is not None
    [change] = registration.changes
    assert (change.from_status, change.to_status, change.actor, change.actor_user_id, change.reason) == (
        None,
        RegistrationStatus.CONFIRMED,
        "desk@example.org",
        organizer.id,
        REASON_ADDED_BY_ORGANIZER,
    )
    [entry] = audit("registration.create")
    assert (entry.actor_label, entry.event_slug, entry.target_ids) == (
        "desk@example.org",
        "open-roundtable",
        [str(registration.id)],
    )
    assert entry.detail["consent"] == "given by the organizer on the delegate's behalf"
    assert [(m.to_address, m.kind) for m in outbox()] == [("ahmad.ibrahim@example.gov.my", "registration.confirmed")]

    page = client.get(added + "?lang=en").get_data(as_text=True)
    assert "Ahmad Ibrahim is registered and confirmed. An e-mail was sent to ahmad.ibrahim@example.gov.my." in page
    print_url = f"/events/open-roundtable/badges/registrations/{registration.id}/print"
    assert f'action="{print_url}"' in page and "Print badge" in page

    pdf = client.post(print_url)  # click 2: print the badge
    assert (pdf.status_code, pdf.mimetype) == (200, "application/pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Ahmad" in text and "Ibrahim" in text
    assert len(PdfReader(io.BytesIO(pdf.data)).pages) == 1


@pytest.mark.csrf
def test_the_flow_with_csrf_protection_on(client, make, open_event):
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    response = client.post(
        "/login",
        data={"email": make.organizer(open_event).email, "password": "correct horse battery", "csrf_token": token},
    )
    assert response.status_code == 302
    form = client.get(NEW).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    assert client.post(NEW, data=form_data()).status_code == 400  # no token: refused
    assert registrations() == []
    response = client.post(NEW, data=form_data(csrf_token=token))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    printing = re.search(
        r'<form method="post" action="([^"]+/print)"[^>]*>\s*<input type="hidden" name="csrf_token" value="([^"]+)"',
        page,
    )
    pdf = client.post(printing.group(1), data={"csrf_token": printing.group(2)})
    assert (pdf.status_code, pdf.mimetype) == (200, "application/pdf")


def test_the_desk_staff_add_walk_ins_and_see_a_print_button_only_if_printing_works_for_them(client, make, open_event):
    staff = make.with_role(open_event, Role.CHECKIN_STAFF, email="desk-staff@example.org")
    login(client, staff)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, data=form_data(email="walkin@example.org", send_mail=None))
    [registration] = registrations()
    assert response.headers["Location"] == f"/manage/events/open-roundtable/registrations/{registration.id}/added"
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.changes[0].actor == "desk-staff@example.org"
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    print_url = f"/events/open-roundtable/badges/registrations/{registration.id}/print"
    printing = client.post(print_url)
    # The page offers the button exactly when the badges area lets this person print.
    assert (f'action="{print_url}"' in page) == (printing.status_code == 200)
    if printing.status_code != 200:
        assert printing.status_code == 403
        assert "Badges are printed by the event’s organizers." in page
    # The desk does not get the organizer pages that reveal other registrations.
    assert client.get("/manage/events/open-roundtable/registrations").status_code == 403
    assert f'/registrations/{registration.id}"' not in page
    # ... nor the page of a registration someone else added.
    someone_else = make.registration(open_event, email="someone@example.org")
    assert client.get(f"/manage/events/open-roundtable/registrations/{someone_else.id}/added").status_code == 404


def test_full_event_is_said_plainly_and_the_organizer_may_waitlist(organizer_client, make, open_event, outbox):
    open_event.capacity = 1
    db.session.commit()
    make.registration(open_event, email="first@example.org")
    response = organizer_client.post(NEW + "?lang=en", data=form_data())
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "The event is full: all 1 seats are taken." in html
    assert "Nothing was saved." in html
    assert len(registrations()) == 1 and outbox() == []

    response = organizer_client.post(NEW + "?lang=en", data=form_data(waitlist_if_full="y"))
    assert response.status_code == 302
    added = registrations()[-1]
    assert added.status == RegistrationStatus.WAITLISTED
    assert [m.kind for m in outbox()] == ["registration.waitlisted"]
    confirmed = db.session.scalar(
        select(func.count()).where(
            Registration.status == RegistrationStatus.CONFIRMED, Registration.event_id == open_event.id
        )
    )
    assert confirmed == 1
    page = organizer_client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Print badge" not in page and "A badge is printed once the registration is confirmed." in page


def test_a_full_category_holds_too(organizer_client, open_event):
    db.session.add(CategoryCapacity(event_id=open_event.id, category=RegistrationCategory.MEDIA, capacity=0))
    db.session.commit()
    response = organizer_client.post(NEW + "?lang=en", data=form_data(category="media"))
    assert response.status_code == 409
    assert "No seat is left in the category “Media” (0 seats)." in response.get_data(as_text=True)
    assert registrations() == []
    assert organizer_client.post(NEW, data=form_data(category="speaker")).status_code == 302
    assert registrations()[0].status == RegistrationStatus.CONFIRMED


def test_duplicate_email_is_a_form_error_linking_to_the_registration(organizer_client, make, open_event, outbox):
    existing = make.registration(open_event, email="ahmad.ibrahim@example.gov.my", first_name="Ahmad")
    response = organizer_client.post(NEW + "?lang=en", data=form_data(email="AHMAD.Ibrahim@example.gov.my "))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "This e-mail address is already registered for this event." in html
    assert f'href="/manage/events/open-roundtable/registrations/{existing.id}"' in html
    assert [r.id for r in registrations()] == [existing.id]
    assert outbox() == []  # unlike the public form, nothing is mailed to the address


def test_a_withdrawn_delegate_can_be_added_again(organizer_client, make, open_event):
    old = make.registration(open_event, email="ahmad.ibrahim@example.gov.my", status=RegistrationStatus.WITHDRAWN)
    assert organizer_client.post(NEW, data=form_data()).status_code == 302
    [registration] = registrations()
    assert (registration.id, registration.status) == (old.id, RegistrationStatus.CONFIRMED)
    assert registration.changes[-1].from_status == RegistrationStatus.WITHDRAWN


def test_options_pending_without_mail(organizer_client, open_event, outbox):
    response = organizer_client.post(NEW, data=form_data(confirm=None, send_mail=None, language="th"))
    assert response.status_code == 302
    [registration] = registrations()
    assert (registration.status, registration.language) == (RegistrationStatus.PENDING, "th")
    assert outbox() == []
    assert audit("registration.create")[0].detail["mail"] is False


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": None}, "Confirm that the delegate agreed to the processing of their personal data."),
        ({"email": "not-an-address"}, "Enter a valid e-mail address."),
        ({"country": "XX"}, "Unknown country: use an ISO 3166 two-letter code."),
        ({"first_name": ""}, "This field is required."),
    ],
)
def test_the_form_rules_hold(organizer_client, open_event, changes, message):
    response = organizer_client.post(NEW + "?lang=en", data=form_data(**changes))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert registrations() == []


def test_custom_questions_are_asked_and_required_ones_enforced(organizer_client, open_event):
    add_question(
        open_event,
        key="site_visit",
        label_en="Join the site visit?",
        label_th="ศึกษาดูงาน",
        kind=QuestionKind.YES_NO,
        required=True,
    )
    html = organizer_client.get(NEW + "?lang=en").get_data(as_text=True)
    assert "Join the site visit?" in html and 'name="q_site_visit"' in html
    response = organizer_client.post(NEW + "?lang=en", data=form_data())
    assert response.status_code == 422 and "This question needs an answer." in response.get_data(as_text=True)
    assert organizer_client.post(NEW, data=form_data(q_site_visit="yes")).status_code == 302
    [registration] = registrations()
    assert [(a.question.key, a.value) for a in registration.answers] == [("site_visit", "yes")]


def test_organizers_add_to_moderated_events_outside_the_window(client, make, moderated_event):
    moderated_event.registration_mode = RegistrationMode.INVITATION  # no invitation needed either
    db.session.commit()
    login(client, make.organizer(moderated_event))
    response = client.post("/manage/events/closed-roundtable/registrations/new", data=form_data())
    assert response.status_code == 302
    assert registrations()[0].status == RegistrationStatus.CONFIRMED


def test_who_may_add(client, make, open_event):
    response = client.get(NEW)
    assert (response.status_code, response.headers["Location"]) == (302, f"/login?next={NEW}")
    assert client.post(NEW, data=form_data()).status_code == 302
    login(client, make.user(email="delegate@example.org"))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, data=form_data()).status_code == 403
    client.post("/logout")
    login(client, make.organizer(make.event("other-event"), email="other@example.org"))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, data=form_data()).status_code == 403
    client.post("/logout")
    login(client, make.with_role(open_event, Role.RAPPORTEUR, email="rapporteur@example.org"))
    assert client.get(NEW).status_code == 403
    assert registrations() == []


def test_added_page_is_for_this_events_registrations_only(organizer_client, make, open_event):
    other = make.registration(make.event("other-event"))
    response = organizer_client.get(f"/manage/events/open-roundtable/registrations/{other.id}/added")
    assert response.status_code == 404


def test_hub_and_list_link_to_the_add_and_import_pages(organizer_client, open_event):
    hub = organizer_client.get("/manage/events/open-roundtable?lang=en").get_data(as_text=True)
    assert 'href="/manage/events/open-roundtable/registrations/new"' in hub
    page = organizer_client.get("/manage/events/open-roundtable/registrations?lang=en").get_data(as_text=True)
    assert 'href="/manage/events/open-roundtable/registrations/new"' in page
    assert 'href="/manage/events/open-roundtable/registrations/import"' in page
