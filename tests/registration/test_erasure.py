"""A delegate asks for deletion; an organizer erases their personal data (PDPA)."""

from sqlalchemy import select

from eventsys.mail.models import OutboxMail
from eventsys.registration.models import Registration, RegistrationStatus
from eventsys.registration.services import request_deletion
from eventsys.registration.tokens import manage_url
from tests.conftest import login


def test_organizer_erases_a_delegate_and_the_seat_goes_to_the_waitlist(client, make, db, outbox):
    event = make.event(capacity=1)
    organizer = make.organizer(event)
    leaving = make.registration(
        event,
        first_name="Siriporn",
        last_name="Kaewmanee",
        local_name="ศิริพร แก้วมณี",
        email="siriporn@example.org",
        organisation="Phuket City Municipality",
    )
    waiting = make.registration(event, status=RegistrationStatus.WAITLISTED, email="next@example.org")
    link = manage_url(leaving)
    from eventsys.mail.services import queue_mail

    queue_mail(
        to="siriporn@example.org",
        template="accounts/mail/password_reset",
        context={"user": organizer, "link": "x", "minutes": 1},
    )
    db.session.commit()
    request_deletion(leaving)

    login(client, organizer)
    detail = f"/manage/events/{event.slug}/registrations/{leaving.id}"
    page = client.get(detail + "?lang=en").get_data(as_text=True)
    assert "Erase personal data" in page
    unconfirmed = client.post(detail + "/erase?lang=en", data={}, follow_redirects=True).get_data(as_text=True)
    assert "Tick the box to confirm" in unconfirmed
    done = client.post(detail + "/erase?lang=en", data={"confirm": "erase"}, follow_redirects=True)
    assert "Personal data erased." in done.get_data(as_text=True)
    assert 'id="erase-form"' not in done.get_data(as_text=True)  # nothing left to erase

    db.session.expire_all()
    erased = db.session.get(Registration, leaving.id)
    assert (erased.first_name, erased.local_name, erased.organisation) == ("Erased", "", "")
    assert erased.email == f"registration-{leaving.id}@erased.invalid"
    assert erased.status == RegistrationStatus.WITHDRAWN
    assert erased.changes[-1].reason == "Personal data erased at the delegate's request"
    assert db.session.get(Registration, waiting.id).status == RegistrationStatus.CONFIRMED
    kept = db.session.scalars(select(OutboxMail.to_address)).all()
    assert "siriporn@example.org" not in kept and "next@example.org" in kept
    # Nothing identifying is left in the list, and the old manage link is dead.
    listing = client.get(f"/manage/events/{event.slug}/registrations?lang=en").get_data(as_text=True)
    assert "Siriporn" not in listing and "ศิริพร" not in listing
    assert client.get(link.replace("http://localhost", "") + "?lang=en").status_code == 404


def test_only_the_events_organizers_can_erase(client, make):
    event, other = make.event(), make.event()
    delegate = make.registration(event)
    login(client, make.organizer(other))
    response = client.post(f"/manage/events/{event.slug}/registrations/{delegate.id}/erase", data={"confirm": "erase"})
    assert response.status_code == 403
    assert delegate.first_name == "Somchai"
