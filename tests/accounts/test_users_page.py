"""The admins' users page: list, search and paging; invite, deactivate, reactivate, reset; each change
in the audit log; nobody but a site admin gets in."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from eventsys.accounts.models import Role, User
from eventsys.accounts.services import grant_role
from eventsys.audit.models import AuditEntry
from eventsys.db import db
from tests.conftest import login
from tests.factories import PASSWORD

NEW_PASSWORD = "chosen by the invitee"


def link_in(mail) -> str:
    found = re.findall(r"^http://localhost(/account/sign-in/\S+)$", mail.body_text, re.M)
    assert len(found) == 1, mail.body_text
    return found[0]


def row(html: str, user_id: int) -> str:
    """One account's entry in the list."""
    return html.split(f'id="user-{user_id}"')[1].split('class="list-group-item"')[0]


def result_count(html: str) -> str:
    return re.search(r'<p id="result-count">([^<]*)</p>', html).group(1)


def audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


# --- who gets in ------------------------------------------------------------------------------

ROUTES = [
    ("get", "/manage/users"),
    ("get", "/manage/users/invite"),
    ("post", "/manage/users/invite"),
    ("post", "/manage/users/{id}/deactivate"),
    ("post", "/manage/users/{id}/reactivate"),
    ("post", "/manage/users/{id}/reset"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in(client, make, method, path):
    target = make.user(email="target@example.org")
    url = path.format(id=target.id)
    response = getattr(client, method)(url)
    # A form sent while signed out returns to no POST-only address after sign-in.
    expected = f"/login?next={url}" if method == "get" else "/login"
    assert (response.status_code, response.headers["Location"]) == (302, expected)


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_organizers_and_other_staff_get_403_and_change_nothing(client, make, outbox, method, path):
    event = make.event()
    organizer = make.organizer(event, email="organizer@example.org")
    target = make.user(email="target@example.org")
    login(client, organizer)
    response = getattr(client, method)(
        path.format(id=target.id), data={"email": "new@example.org", "name": "New", "language": "en"}
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert target.active and target.check_password(PASSWORD)
    assert User.by_email("new@example.org") is None
    assert outbox() == [] and audit("account.create") == []


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_each_account_with_its_state_last_sign_in_and_roles(admin_client, admin_user, make, db):
    summit = make.event(title_en="ASCN Annual Meeting 2019")
    roundtable = make.event(title_en="Smart Mobility Roundtable")
    staff = make.with_role(summit, Role.ORGANIZER, email="organizer@example.org", name="Khun Nok")
    grant_role(staff, summit, Role.RAPPORTEUR)
    grant_role(staff, roundtable, Role.CHECKIN_STAFF)
    gone = make.user(email="gone@example.org", name="Former Officer")
    gone.active = False
    db.session.commit()

    html = admin_client.get("/manage/users?lang=en").get_data(as_text=True)
    assert result_count(html) == "3 accounts"
    text = row(html, staff.id)
    assert "Khun Nok" in text and "organizer@example.org" in text and 'data-state="active"' in text
    assert "ASCN Annual Meeting 2019: Organizer, Rapporteur" in text
    assert "Smart Mobility Roundtable: Check-in staff" in text
    assert "Last sign-in: never" in text
    assert 'data-state="deactivated"' in row(html, gone.id) and "Reactivate" in row(html, gone.id)
    admin_row = row(html, admin_user.id)
    assert "Site admin" in admin_row and "Last sign-in: never" not in admin_row
    assert "Deactivate" not in admin_row  # not one's own account


def test_search_filter_and_paging(admin_client, make):
    for n in range(30):
        make.user(email=f"delegate{n:02d}@ministry.example", name=f"Officer {n:02d}")
    make.user(email="ploy@bma.example", name="Ploy Srisuk")

    html = admin_client.get("/manage/users?lang=en").get_data(as_text=True)
    assert result_count(html) == "32 accounts" and "Page 1 of 2" in html
    assert html.count('class="list-group-item" id="user-') == 25
    second = admin_client.get("/manage/users?lang=en&page=2").get_data(as_text=True)
    assert second.count('class="list-group-item" id="user-') == 7

    found = admin_client.get("/manage/users?lang=en&q=SRISUK").get_data(as_text=True)
    assert result_count(found) == "1 account" and "ploy@bma.example" in found and "delegate00@" not in found
    by_mail = admin_client.get("/manage/users?lang=en&q=ministry.example&page=2").get_data(as_text=True)
    assert result_count(by_mail) == "30 accounts" and "Page 2 of 2" in by_mail
    assert 'href="/manage/users?page=1&amp;q=ministry.example"' in by_mail

    admins = admin_client.get("/manage/users?lang=en&status=admin").get_data(as_text=True)
    assert result_count(admins) == "1 account" and "admin@example.org" in admins
    nothing = admin_client.get("/manage/users?lang=en&q=nobody-at-all").get_data(as_text=True)
    assert "No accounts match" in nothing
    # Nonsense in the query string is ignored, never an error.
    assert admin_client.get("/manage/users?page=-3&status=bogus").status_code == 200


# --- invite -----------------------------------------------------------------------------------


def test_invite_creates_the_account_and_mails_a_link_in_the_chosen_language(admin_client, admin_user, app, outbox):
    response = admin_client.post(
        "/manage/users/invite?lang=en",
        data={"email": "Somsak@Ministry.example", "name": "Khun Somsak", "language": "th"},
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/manage/users?q=somsak@ministry.example")
    page = admin_client.get(response.headers["Location"] + "&lang=en").get_data(as_text=True)
    assert "somsak@ministry.example is invited: we have sent a sign-in link" in page
    assert "Password not set yet" in page

    user = User.by_email("somsak@ministry.example")
    assert (user.name, user.locale, user.password_hash, user.is_admin) == ("Khun Somsak", "th", "", False)
    [mail] = outbox()
    assert (mail.to_address, mail.language, mail.template) == (
        "somsak@ministry.example",
        "th",
        "accounts/mail/account_invitation",
    )
    assert "Site Admin" in mail.body_text  # who invited them
    assert PASSWORD not in mail.body_text
    [entry] = audit("account.create")
    assert (entry.actor_id, entry.target_ids, entry.detail["via"]) == (admin_user.id, [str(user.id)], "invitation")

    # The invitee, in their own browser, chooses a password and is signed in.
    invitee = app.test_client()
    link = link_in(mail)
    response = invitee.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert (response.status_code, response.headers["Location"]) == (302, "/account")
    assert "somsak@ministry.example" in invitee.get("/account?lang=en").get_data(as_text=True)
    db.session.expire_all()
    assert user.check_password(NEW_PASSWORD)
    again = invitee.post(link, data={"password": "another password", "confirm": "another password"})
    assert again.headers["Location"] == "/password/forgot"


def test_inviting_an_existing_or_bad_address_is_a_form_error(admin_client, make, outbox):
    make.user(email="here@example.org")
    response = admin_client.post("/manage/users/invite?lang=en", data={"email": "HERE@example.org", "language": "en"})
    assert response.status_code == 422
    assert "An account with this e-mail address already exists." in response.get_data(as_text=True)
    response = admin_client.post("/manage/users/invite?lang=en", data={"email": "not an address", "language": "en"})
    assert response.status_code == 422
    assert "Enter a valid e-mail address." in response.get_data(as_text=True)
    response = admin_client.post("/manage/users/invite?lang=en", data={"email": "ok@example.org", "language": "fr"})
    assert response.status_code == 422
    assert User.by_email("ok@example.org") is None
    assert outbox() == [] and audit("account.create") == []


# --- deactivate and reactivate ----------------------------------------------------------------


def test_deactivating_blocks_sign_in_and_ends_an_open_session(admin_client, admin_user, app, make):
    officer = make.user(email="officer@example.org", name="Officer")
    theirs = app.test_client()
    login(theirs, officer)
    assert theirs.get("/account").status_code == 200

    response = admin_client.post(
        f"/manage/users/{officer.id}/deactivate?lang=en", data={"back": "/manage/users?q=officer"}
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/manage/users?q=officer")
    assert "officer@example.org is deactivated" in admin_client.get("/manage/users?lang=en").get_data(as_text=True)
    db.session.expire_all()
    assert officer.active is False

    # The open session ends at its next request...
    response = theirs.get("/account")
    assert (response.status_code, response.headers["Location"]) == (302, "/login?next=/account")
    # ...and the password no longer signs in.
    response = theirs.post("/login?lang=en", data={"email": officer.email, "password": PASSWORD})
    assert "That e-mail and password do not match an account." in response.get_data(as_text=True)
    [entry] = audit("account.deactivate")
    assert (entry.actor_id, entry.target_ids) == (admin_user.id, [str(officer.id)])

    # Reactivated, the same password works again.
    response = admin_client.post(f"/manage/users/{officer.id}/reactivate")
    assert (response.status_code, response.headers["Location"]) == (302, "/manage/users")
    login(theirs, officer)
    assert len(audit("account.reactivate")) == 1
    # Doing it twice changes nothing and records nothing.
    admin_client.post(f"/manage/users/{officer.id}/reactivate")
    assert len(audit("account.reactivate")) == 1


def test_an_admin_cannot_deactivate_or_reset_their_own_account(admin_client, admin_user, outbox):
    response = admin_client.post(f"/manage/users/{admin_user.id}/deactivate?lang=en", follow_redirects=True)
    assert "You cannot deactivate your own account." in response.get_data(as_text=True)
    response = admin_client.post(f"/manage/users/{admin_user.id}/reset?lang=en", follow_redirects=True)
    assert "To change your own password, use “Forgot your password?” on the sign-in page." in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert admin_user.active and admin_user.check_password(PASSWORD)
    assert audit("account.deactivate") == [] and audit("account.reset") == [] and outbox() == []


def test_an_unknown_account_is_404_and_back_never_leaves_the_site(admin_client, make):
    assert admin_client.post("/manage/users/9999/deactivate").status_code == 404
    officer = make.user()
    response = admin_client.post(f"/manage/users/{officer.id}/deactivate", data={"back": "https://evil.example/"})
    assert response.headers["Location"] == "/manage/users"


# --- reset ------------------------------------------------------------------------------------


def test_reset_stops_the_old_password_and_mails_a_new_single_use_link(admin_client, admin_user, app, make, outbox):
    officer = make.user(email="officer@example.org", name="Officer", locale="en")
    response = admin_client.post(f"/manage/users/{officer.id}/reset")
    assert (response.status_code, response.headers["Location"]) == (302, "/manage/users")
    assert "The password of officer@example.org no longer works." in admin_client.get("/manage/users?lang=en").get_data(
        as_text=True
    )
    theirs = app.test_client()
    response = theirs.post("/login?lang=en", data={"email": officer.email, "password": PASSWORD})
    assert "That e-mail and password do not match an account." in response.get_data(as_text=True)

    [first_mail] = outbox()
    assert (first_mail.to_address, first_mail.template, first_mail.language) == (
        officer.email,
        "accounts/mail/account_reset",
        "en",
    )
    assert first_mail.subject == "Choose a new password for eventsys"
    assert "Your old password no longer works." in first_mail.body_text
    # A second reset replaces the first link.
    admin_client.post(f"/manage/users/{officer.id}/reset")
    second_mail = outbox()[-1]
    assert theirs.get(link_in(first_mail)).headers["Location"] == "/password/forgot"
    response = theirs.post(link_in(second_mail), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert (response.status_code, response.headers["Location"]) == (302, "/account")
    db.session.expire_all()
    assert officer.check_password(NEW_PASSWORD)
    assert [e.target_ids for e in audit("account.reset")] == [[str(officer.id)]] * 2
    assert all(e.actor_id == admin_user.id for e in audit("account.reset"))


def test_a_deactivated_account_is_not_reset(admin_client, make, outbox, db):
    officer = make.user(email="gone@example.org")
    officer.active = False
    db.session.commit()
    response = admin_client.post(f"/manage/users/{officer.id}/reset", follow_redirects=True)
    assert "gone@example.org is deactivated: reactivate the account first." in response.get_data(as_text=True)
    assert outbox() == [] and audit("account.reset") == []


@pytest.mark.csrf
def test_the_buttons_need_the_form_token(client, make, admin_user):
    officer = make.user()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": admin_user.email, "password": PASSWORD, "csrf_token": token})
    assert client.post(f"/manage/users/{officer.id}/deactivate").status_code == 400
    db.session.expire_all()
    assert officer.active
