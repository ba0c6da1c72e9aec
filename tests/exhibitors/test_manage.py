"""Organizers' decisions (mailed in the contact's language), booth assignment, and the exhibitor's
staff: invited to register in the `exhibitor` category, counted (never named) on the public page."""

from __future__ import annotations

from sqlalchemy import select

from eventsys.db import db
from eventsys.exhibitors import floorplan
from eventsys.exhibitors.models import ExhibitorStatus
from eventsys.registration.models import Invitation, RegistrationCategory, RegistrationStatus
from tests.exhibitors.conftest import add_exhibitor

BASE = "/manage/events/smart-city-showcase-test/exhibitors"


def test_accepting_publishes_the_exhibitor_and_mails_the_contact_in_thai(organizer_client, client, showcase, outbox):
    yala = add_exhibitor(
        showcase, "Yala City Municipality", name_th="เทศบาลนครยะลา", status=ExhibitorStatus.PENDING, language="th"
    )
    listing = organizer_client.get(BASE + "?status=pending").get_data(as_text=True)
    assert "Yala City Municipality" in listing
    assert client.get(f"/events/smart-city-showcase-test/exhibitors/{yala.id}").status_code == 404
    response = organizer_client.post(f"{BASE}/{yala.id}/decision", data={"decision": "accept"})
    assert response.headers["Location"] == f"{BASE}/{yala.id}"
    db.session.refresh(yala)
    assert yala.status == ExhibitorStatus.ACCEPTED
    mail = outbox()[-1]
    assert (mail.to_address, mail.language) == ("yala@example.org", "th")
    assert "เทศบาลนครยะลา" in mail.body_text  # the exhibitor's name in the contact's language
    assert f"/events/smart-city-showcase-test/exhibitors/{yala.id}" in mail.body_text
    assert client.get(f"/events/smart-city-showcase-test/exhibitors/{yala.id}").status_code == 200
    # Accepting again changes nothing and mails nobody.
    sent = len(outbox())
    organizer_client.post(f"{BASE}/{yala.id}/decision", data={"decision": "accept"})
    assert len(outbox()) == sent


def test_declining_mails_the_contact_and_frees_the_booth(organizer_client, showcase, organizer, outbox):
    hall = floorplan.save_hall(showcase, floorplan.HallData("Hall 1", "", 10, 6), actor=organizer)
    booth = floorplan.save_booth(showcase, floorplan.BoothData(hall.id, "A1", 0, 0, 2, 2), actor=organizer)
    acme = add_exhibitor(showcase, "Acme Sensors", kind="company", country="SG")
    organizer_client.post(f"{BASE}/{acme.id}/booth", data={"booth": str(booth.id)})
    assert booth.exhibitor_id == acme.id
    response = organizer_client.post(f"{BASE}/{acme.id}/decision", data={"decision": "decline"})
    assert response.status_code == 302
    db.session.refresh(acme)
    db.session.refresh(booth)
    assert (acme.status, booth.exhibitor_id) == (ExhibitorStatus.DECLINED, None)
    mail = outbox()[-1]
    assert (mail.to_address, mail.language) == ("acme@example.org", "en")
    assert "we cannot offer Acme Sensors a place" in mail.body_text
    assert organizer_client.post(f"{BASE}/{acme.id}/decision", data={}).status_code == 422


def test_booths_are_assigned_once_and_can_be_freed(organizer_client, showcase, organizer):
    hall = floorplan.save_hall(showcase, floorplan.HallData("Hall 1", "", 10, 6), actor=organizer)
    a1 = floorplan.save_booth(showcase, floorplan.BoothData(hall.id, "A1", 0, 0, 2, 2), actor=organizer)
    a2 = floorplan.save_booth(showcase, floorplan.BoothData(hall.id, "A2", 3, 0, 2, 2), actor=organizer)
    depa = add_exhibitor(showcase, "depa", kind="agency")
    phuket = add_exhibitor(showcase, "Phuket", city="phuket")
    pending = add_exhibitor(showcase, "Pending City", status=ExhibitorStatus.PENDING)
    assert organizer_client.post(f"{BASE}/{depa.id}/booth", data={"booth": str(a1.id)}).status_code == 302
    # Another exhibitor's booth: refused, and depa keeps it.
    taken = organizer_client.post(f"{BASE}/{phuket.id}/booth", data={"booth": str(a1.id)})
    assert taken.status_code == 409
    assert "Another exhibitor holds this booth." in taken.get_data(as_text=True)
    # Moving depa to A2 frees A1.
    organizer_client.post(f"{BASE}/{depa.id}/booth", data={"booth": str(a2.id)})
    db.session.refresh(a1)
    db.session.refresh(a2)
    assert (a1.exhibitor_id, a2.exhibitor_id) == (None, depa.id)
    unknown = organizer_client.post(f"{BASE}/{phuket.id}/booth", data={"booth": "999999"})
    assert unknown.status_code == 422
    assert "Choose a booth from the list." in unknown.get_data(as_text=True)
    refused = organizer_client.post(f"{BASE}/{pending.id}/booth", data={"booth": str(a1.id)})
    assert refused.status_code == 422
    assert "Accept the application before assigning a booth." in refused.get_data(as_text=True)
    organizer_client.post(f"{BASE}/{depa.id}/booth", data={"booth": ""})
    db.session.refresh(a2)
    assert a2.exhibitor_id is None


def test_staff_are_invited_in_the_exhibitor_category_and_counted_not_named(organizer_client, client, showcase, make):
    depa = add_exhibitor(showcase, "depa", kind="agency", language="th")
    other = add_exhibitor(showcase, "Mastercard", kind="company", country="US")
    response = organizer_client.post(
        f"{BASE}/{depa.id}/staff",
        data={"emails": "Staff.One@depa.example.org\nstaff.two@depa.example.org, bad-address"},
    )
    assert response.status_code == 302
    invitations = db.session.scalars(select(Invitation).order_by(Invitation.email)).all()
    assert [(i.email, i.category, i.language) for i in invitations] == [
        ("staff.one@depa.example.org", RegistrationCategory.EXHIBITOR, "th"),
        ("staff.two@depa.example.org", RegistrationCategory.EXHIBITOR, "th"),
    ]
    # One person staffs one exhibitor.
    organizer_client.post(f"{BASE}/{other.id}/staff", data={"emails": "staff.one@depa.example.org"})
    assert db.session.scalar(select(Invitation).where(Invitation.email == "staff.one@depa.example.org")).category == (
        RegistrationCategory.EXHIBITOR
    )
    # The invitation link pre-fills the category on the registration form.
    from eventsys.registration.tokens import invitation_url

    link = invitation_url(invitations[0]).removeprefix("http://localhost")
    form = client.get(link).get_data(as_text=True)
    assert '<option selected value="exhibitor">Exhibitor</option>' in form
    make.registration(
        showcase,
        email="staff.one@depa.example.org",
        first_name="Secret",
        last_name="Name",
        category=RegistrationCategory.EXHIBITOR,
    )
    make.registration(
        showcase,
        email="staff.two@depa.example.org",
        category=RegistrationCategory.EXHIBITOR,
        status=RegistrationStatus.WITHDRAWN,
    )
    page = client.get(f"/events/smart-city-showcase-test/exhibitors/{depa.id}").get_data(as_text=True)
    assert "1 person registered" in page
    assert "Secret" not in page
    staff_page = organizer_client.get(f"{BASE}/{depa.id}").get_data(as_text=True)
    assert "staff.one@depa.example.org · registered" in staff_page
    assert organizer_client.post(f"{BASE}/{depa.id}/staff", data={"emails": ""}).status_code == 422


def test_erasing_a_staff_members_data_forgets_their_address_here_too(showcase, organizer, make):
    from eventsys.exhibitors import services
    from eventsys.exhibitors.models import ExhibitorStaff
    from eventsys.registration.erasure import erase_personal_data

    depa = add_exhibitor(showcase, "depa", kind="agency")
    services.invite_staff(depa, ["staff.one@depa.example.org", "staff.two@depa.example.org"], actor=organizer)
    staff = make.registration(showcase, email="staff.one@depa.example.org", category=RegistrationCategory.EXHIBITOR)
    assert services.staff_counts(showcase) == {depa.id: 1}
    erase_personal_data(staff, actor=organizer)
    db.session.commit()
    assert [s.email for s in db.session.scalars(select(ExhibitorStaff))] == ["staff.two@depa.example.org"]
    assert services.staff_counts(showcase) == {}
