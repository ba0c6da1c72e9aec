"""`flask create-user`: an account without a password and a single-use sign-in link valid 24 hours,
where its owner chooses a password and is signed in."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from eventsys.accounts import signin_links, staff
from eventsys.accounts.models import SignInLink, User
from eventsys.accounts.services import authenticate
from eventsys.audit.models import AuditEntry
from eventsys.db import db, utcnow

NEW_PASSWORD = "a password of my own"


def create_user(app, *args):
    return app.test_cli_runner().invoke(args=["create-user", *args])


def printed_link(output: str) -> str:
    """The path of the link `create-user` printed (BASE_URL is http://localhost in the tests)."""
    found = re.search(
        r"^Sign-in link \(works once, for 24 hours\): http://localhost(/account/sign-in/\S+)$", output, re.M
    )
    assert found, output
    return found.group(1)


def set_password(client, link: str, password: str = NEW_PASSWORD):
    return client.post(link + "?lang=en", data={"password": password, "confirm": password})


def test_create_user_prints_a_link_that_sets_the_password_and_signs_in_once(app, client, outbox):
    result = create_user(app, "Liaison.Officer@Example.org", "--name", "Khun Ploy", "--language", "th")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Account: liaison.officer@example.org"
    link = printed_link(result.output)

    user = User.by_email("liaison.officer@example.org")
    assert (user.name, user.locale, user.is_admin, user.active) == ("Khun Ploy", "th", False, True)
    # No usable password: nothing was printed or mailed but the link.
    assert user.password_hash == ""
    assert authenticate(user.email, "") is None and authenticate(user.email, "Khun Ploy") is None
    assert outbox() == []

    # Opening the link shows the form for this account and uses nothing up.
    page = client.get(link + "?lang=en")
    assert page.status_code == 200
    assert "For the account liaison.officer@example.org." in page.get_data(as_text=True)
    assert client.get(link + "?lang=en").status_code == 200

    response = set_password(client, link)
    assert (response.status_code, response.headers["Location"]) == (302, "/account")
    assert "Your password is set and you are signed in. Welcome, Khun Ploy." in client.get("/account?lang=en").get_data(
        as_text=True
    )
    db.session.expire_all()
    assert user.check_password(NEW_PASSWORD)
    assert user.last_login_at is not None

    # Once: a second use, by the same browser or another, says so and offers a new link.
    other = app.test_client()
    for browser in (client, other):
        response = browser.get(link + "?lang=en")
        assert (response.status_code, response.headers["Location"]) == (302, "/password/forgot")
        response = set_password(browser, link, "someone else's choice")
        assert (response.status_code, response.headers["Location"]) == (302, "/password/forgot")
    html = other.get("/password/forgot?lang=en").get_data(as_text=True)
    assert "This sign-in link has expired or was already used. Ask for a new one below" in html
    db.session.expire_all()
    assert user.check_password(NEW_PASSWORD)


def test_create_user_is_recorded_in_the_audit_log_as_the_command_line(app):
    create_user(app, "new.staff@example.org")
    entry = db.session.scalar(select(AuditEntry))
    user = User.by_email("new.staff@example.org")
    assert (entry.action, entry.actor_id, entry.target_type, entry.target_ids) == (
        "account.create",
        None,
        "user",
        [str(user.id)],
    )
    assert entry.actor_label.startswith("command line")
    assert entry.detail == {"email": "new.staff@example.org", "via": "command line"}
    # The default name is the address's local part, the default language English.
    assert (user.name, user.locale) == ("new.staff", "en")


def test_an_existing_address_is_a_clear_error_and_changes_nothing(app, make):
    make.user(email="taken@example.org", name="Already Here")
    result = create_user(app, "TAKEN@example.org")
    assert result.exit_code != 0
    assert "An account for taken@example.org already exists." in result.output
    assert "Sign-in link" not in result.output
    assert db.session.scalar(select(func.count()).select_from(SignInLink)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0
    assert User.by_email("taken@example.org").check_password("correct horse battery")


@pytest.mark.parametrize("address", ["not-an-address", "two@@example.org", "spaces in@example.org", ""])
def test_a_bad_address_is_a_clear_error(app, address):
    result = create_user(app, address)
    assert result.exit_code != 0
    assert "is not a valid e-mail address" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_an_unknown_language_is_refused_by_the_command(app):
    result = create_user(app, "someone@example.org", "--language", "fr")
    assert result.exit_code != 0
    assert "'fr' is not one of 'en', 'th'" in result.output
    assert User.by_email("someone@example.org") is None


@pytest.mark.parametrize(
    ("age", "works"), [(dt.timedelta(hours=23, minutes=59), True), (dt.timedelta(hours=24), False)]
)
def test_the_link_works_for_24_hours(app, client, age, works):
    _, secret = staff.create_account("late@example.org", now=utcnow() - age)
    db.session.commit()
    response = set_password(client, staff.SIGN_IN_PATH + secret)
    expected = "/account" if works else "/password/forgot"
    assert (response.status_code, response.headers["Location"]) == (302, expected)
    db.session.expire_all()
    assert User.by_email("late@example.org").check_password(NEW_PASSWORD) is works


def test_the_link_expires_while_the_form_is_open(app, client, monkeypatch):
    """Frozen clock: the form opened in time, sent 24 hours and a second later."""
    _, secret = staff.create_account("slow@example.org")
    db.session.commit()
    link = staff.SIGN_IN_PATH + secret
    assert client.get(link).status_code == 200
    later = utcnow() + dt.timedelta(hours=24, seconds=1)
    monkeypatch.setattr(signin_links, "utcnow", lambda: later)
    monkeypatch.setattr(staff, "utcnow", lambda: later)
    response = set_password(client, link)
    assert (response.status_code, response.headers["Location"]) == (302, "/password/forgot")
    assert not User.by_email("slow@example.org").check_password(NEW_PASSWORD)


def test_the_password_rules_apply_and_a_refused_form_keeps_the_link(app, client):
    _, secret = staff.create_account("careful@example.org")
    db.session.commit()
    link = staff.SIGN_IN_PATH + secret
    response = client.post(link + "?lang=en", data={"password": "short", "confirm": "other"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Use at least 10 characters." in html and "The two passwords differ." in html
    assert (set_password(client, link).headers["Location"]) == "/account"


def test_a_forged_or_mangled_link_is_refused(app, client):
    _, secret = staff.create_account("target@example.org")
    db.session.commit()
    flipped = secret[:-5] + ("A" if secret[-5] != "A" else "B") + secret[-4:]
    for token in (flipped, "x", "a" * 300):
        response = client.get(staff.SIGN_IN_PATH + token)
        assert (response.status_code, response.headers["Location"]) == (302, "/password/forgot")


def test_a_deactivated_account_cannot_use_its_link(app, client, admin_user):
    user, secret = staff.create_account("leaver@example.org")
    db.session.commit()
    # Deactivating voids the link; even a link that somehow survived would be refused (checked on use).
    staff.deactivate(user, actor=admin_user)
    response = set_password(client, staff.SIGN_IN_PATH + secret)
    assert (response.status_code, response.headers["Location"]) == (302, "/password/forgot")
    assert not user.check_password(NEW_PASSWORD)
