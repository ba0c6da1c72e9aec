""" "My registrations" without a password: a single-use link (15 minutes) mailed to the address shows
every registration under it, across events; whether an address is known is never shown on screen."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from eventsys.accounts import signin_links
from eventsys.accounts.models import Role, SignInLink
from eventsys.db import db, utcnow
from eventsys.registration import personal_signin
from eventsys.registration.models import RegistrationStatus
from eventsys.registration.tokens import manage_token
from tests.conftest import login

ANSWER = "If we hold registrations for this address, we have sent a link to it. It works once, for 15 minutes."


def link_in(mail) -> str:
    found = re.findall(r"^http://localhost(/my-registrations/sign-in/\S+)$", mail.body_text, re.M)
    assert len(found) == 1, mail.body_text
    return found[0]


def ask(client, email: str):
    return client.post("/my-registrations?lang=en", data={"email": email})


@pytest.fixture
def delegate(make, reference):
    """Khun Kanokwan, registered for two events (one on the waiting list), and someone else."""
    summit = make.event("ascn-summit", title_en="ASCN Annual Meeting")
    roundtable = make.event("mobility-roundtable", title_en="Smart Mobility Roundtable", days_ahead=60)
    mine = [
        make.registration(summit, email="kanokwan@example.org", first_name="Kanokwan", language="th"),
        make.registration(
            roundtable, email="kanokwan@example.org", first_name="Kanokwan", status=RegistrationStatus.WAITLISTED
        ),
    ]
    make.registration(summit, email="someone.else@example.org", first_name="Other")
    return mine


def test_known_and_unknown_addresses_get_the_same_answer_and_only_the_known_one_a_mail(client, delegate, outbox):
    answers, pages = [], []
    for email in ("Kanokwan@Example.org", "nobody@example.org", "kanokwan@example.org", "nobody.else@example.org"):
        response = ask(client, email)
        answers.append((response.status_code, response.headers["Location"], response.get_data()))
        pages.append(client.get(response.headers["Location"] + "?lang=en").get_data())
    # The answer, and the page it leads to, are the same byte for byte, known address or not.
    assert len(set(answers)) == 1 and answers[0][:2] == (302, "/my-registrations")
    assert len(set(pages)) == 1
    assert ANSWER in pages[0].decode()

    mails = outbox()
    assert [m.to_address for m in mails] == ["kanokwan@example.org"] * 2
    # In the language of the address's latest registration (the waiting list one, in English).
    assert {m.language for m in mails} == {"en"}
    assert mails[0].subject == "Your registrations for ASCN events"
    assert (
        db.session.scalar(select(func.count()).select_from(SignInLink).where(SignInLink.email == "nobody@example.org"))
        == 0
    )


def test_the_mail_is_in_the_language_of_the_latest_registration(client, make, reference, outbox):
    event = make.event()
    make.registration(event, email="thai.delegate@example.org", language="th")
    ask(client, "thai.delegate@example.org")
    assert outbox()[0].language == "th"


def test_the_link_signs_in_once_and_shows_every_registration_with_its_manage_page(app, client, delegate, outbox):
    ask(client, "kanokwan@example.org")
    link = link_in(outbox()[0])

    # Opening the link (as a mail scanner would) uses nothing up: it asks for a click.
    for _ in range(2):
        page = client.get(link + "?lang=en")
        assert page.status_code == 200
        assert "Show the registrations of kanokwan@example.org in this browser" in page.get_data(as_text=True)
    response = client.post(link)
    assert (response.status_code, response.headers["Location"]) == (302, "/my-registrations")

    html = client.get("/my-registrations?lang=en").get_data(as_text=True)
    assert "You see the registrations of kanokwan@example.org until you sign out" in html
    assert "ASCN Annual Meeting" in html and "Smart Mobility Roundtable" in html
    assert html.count('data-registration="') == 2 and "Other" not in html
    for registration in delegate:
        manage = f"/events/{registration.event.slug}/registration/{manage_token(registration)}"
        assert f'href="{manage}"' in html
        assert client.get(manage).status_code == 200
    assert "Waitlisted" in html and "Confirmed" in html

    # Once: the same link, in this browser or another, is refused with a way to ask again.
    other = app.test_client()
    for browser in (client, other):
        for method in (browser.get, browser.post):
            response = method(link)
            assert (response.status_code, response.headers["Location"]) == (302, "/my-registrations")
    page = other.get("/my-registrations?lang=en").get_data(as_text=True)
    assert "This link has expired or was already used. Enter your address below to get a new one." in page
    assert 'name="email"' in page and "Smart Mobility Roundtable" not in page


def test_the_link_expires_after_15_minutes(client, delegate, monkeypatch, outbox):
    ask(client, "kanokwan@example.org")
    link = link_in(outbox()[0])
    later = utcnow() + dt.timedelta(minutes=15, seconds=1)
    monkeypatch.setattr(signin_links, "utcnow", lambda: later)
    for method in (client.get, client.post):
        response = method(link)
        assert (response.status_code, response.headers["Location"]) == (302, "/my-registrations")
    assert "Smart Mobility Roundtable" not in client.get("/my-registrations?lang=en").get_data(as_text=True)


def test_a_link_from_14_minutes_ago_still_works(client, delegate):
    personal_signin.send_link("kanokwan@example.org", "en", now=utcnow() - dt.timedelta(minutes=14))
    from eventsys.mail.models import OutboxMail

    link = link_in(db.session.scalar(select(OutboxMail)))
    assert client.post(link).headers["Location"] == "/my-registrations"
    assert "Smart Mobility Roundtable" in client.get("/my-registrations?lang=en").get_data(as_text=True)


def test_a_staff_address_is_not_signed_in_to_the_staff_account(client, make, reference, outbox):
    event = make.event(title_en="Roundtable with an organizer")
    organizer = make.organizer(event, email="organizer@example.org")
    make.registration(event, email="organizer@example.org")
    ask(client, "organizer@example.org")
    client.post(link_in(outbox()[0]))

    assert "Roundtable with an organizer" in client.get("/my-registrations?lang=en").get_data(as_text=True)
    for path in ("/account", f"/manage/events/{event.slug}"):
        response = client.get(path)
        assert (response.status_code, response.headers["Location"]) == (302, f"/login?next={path}")
    assert organizer.has_role(event, Role.ORGANIZER)  # the account itself is untouched


def test_sign_out_ends_the_delegate_session(client, delegate, outbox):
    ask(client, "kanokwan@example.org")
    client.post(link_in(outbox()[0]))
    response = client.post("/my-registrations/sign-out")
    assert (response.status_code, response.headers["Location"]) == (302, "/my-registrations")
    html = client.get("/my-registrations?lang=en").get_data(as_text=True)
    assert "You are signed out of your registrations." in html
    assert "Smart Mobility Roundtable" not in html and 'name="email"' in html


def test_the_delegate_session_lasts_12_hours_at_most(client, delegate, outbox, monkeypatch):
    from eventsys.registration import personal_signin

    ask(client, "kanokwan@example.org")
    client.post(link_in(outbox()[0]))
    later = utcnow() + dt.timedelta(hours=12, minutes=1)
    monkeypatch.setattr(personal_signin, "utcnow", lambda: later)
    assert "Smart Mobility Roundtable" not in client.get("/my-registrations?lang=en").get_data(as_text=True)


def test_a_new_request_replaces_the_earlier_link(client, delegate, outbox):
    ask(client, "kanokwan@example.org")
    ask(client, "kanokwan@example.org")
    first, second = (link_in(m) for m in outbox())
    assert client.post(first).headers["Location"] == "/my-registrations"
    assert "Smart Mobility Roundtable" not in client.get("/my-registrations?lang=en").get_data(as_text=True)
    client.post(second)
    assert "Smart Mobility Roundtable" in client.get("/my-registrations?lang=en").get_data(as_text=True)


def test_a_bad_address_is_a_form_error(client, outbox):
    response = ask(client, "not an address")
    assert response.status_code == 422
    assert "Enter a valid e-mail address." in response.get_data(as_text=True)
    assert outbox() == []


def test_the_request_form_is_rate_limited_like_the_sign_in_form(app, client, delegate, outbox):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    for _ in range(3):
        assert ask(client, "nobody@example.org").status_code == 302
    response = ask(client, "kanokwan@example.org")
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert outbox() == []


def test_signed_out_visitors_find_the_page_in_the_navigation(client, make, app):
    html = client.get("/?lang=en").get_data(as_text=True)
    assert '<a class="nav-link" href="/my-registrations">My registrations</a>' in html
    page = client.get("/my-registrations?lang=en").get_data(as_text=True)
    assert "We send you a link that works once, for 15 minutes." in page


def test_a_signed_in_account_is_sent_to_its_own_list(client, make):
    login(client, make.user())
    response = client.get("/my-registrations")
    assert (response.status_code, response.headers["Location"]) == (302, "/my/registrations")


def test_forged_links_are_refused(client, delegate):
    for token in ("x" * 43, "short", "y" * 500):
        response = client.post(f"/my-registrations/sign-in/{token}")
        assert (response.status_code, response.headers["Location"]) == (302, "/my-registrations")
