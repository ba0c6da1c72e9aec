"""Signing out ends the session on the server: copies of the cookies stop working, and a password
reset or "sign out everywhere" ends every session, remember-me cookie and token of the account."""

from werkzeug.security import check_password_hash

from eventsys.accounts import services
from eventsys.accounts.models import UserSession
from eventsys.accounts.tokens import authenticate as token_for
from eventsys.accounts.tokens import create as create_api_token
from eventsys.db import db
from tests.conftest import login


def signed_in(client) -> bool:
    response = client.get("/account")
    return response.status_code == 200


def copy_cookies(source, target, *names):
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value, domain=cookie.domain)


def test_signing_out_ends_the_session_whatever_cookies_were_kept(app, client, make):
    user = make.user()
    login(client, user)
    thief = app.test_client()
    copy_cookies(client, thief, "session")
    assert signed_in(thief)
    response = client.post("/logout")
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert not signed_in(client)
    assert not signed_in(thief)
    assert db.session.scalars(db.select(UserSession)).one().ended_at is not None


def test_the_remember_me_cookie_dies_with_its_session(app, client, make):
    user = make.user()
    client.post("/login", data={"email": user.email, "password": "correct horse battery", "remember": "y"})
    remembered = app.test_client()
    copy_cookies(client, remembered, "remember_token")
    assert remembered.get_cookie("remember_token") is not None
    assert signed_in(remembered)  # the remember-me cookie alone signs in, while its session is open
    client.post("/logout")
    later = app.test_client()
    copy_cookies(remembered, later, "remember_token")
    assert not signed_in(later)


def test_a_password_reset_ends_every_session_remember_cookie_and_token(app, client, make):
    user = make.user()
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, user)
    phone.post("/login", data={"email": user.email, "password": "correct horse battery", "remember": "y"})
    _token, secret = create_api_token(user, "script")
    link = services.make_reset_token(user)
    response = client.post(
        f"/password/reset/{link}", data={"password": "a new long password", "confirm": "a new long password"}
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/login")
    assert not signed_in(laptop) and not signed_in(phone)
    remembered = app.test_client()
    copy_cookies(phone, remembered, "remember_token")
    assert not signed_in(remembered)
    assert token_for(secret) is None
    assert db.session.scalar(db.select(db.func.count(UserSession.id)).where(UserSession.ended_at.is_(None))) == 0


def test_sign_out_everywhere_from_the_account_page(app, client, make):
    user = make.user()
    other = app.test_client()
    login(other, user)
    login(client, user)
    _token, secret = create_api_token(user, "script")
    page = client.get("/account?lang=en").get_data(as_text=True)
    assert "Where you are signed in" in page and page.count("last seen") == 2 and "this browser" in page
    response = client.post("/account/sign-out-everywhere?lang=en")
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert not signed_in(client) and not signed_in(other)
    assert token_for(secret) is None
    followed = client.get("/?lang=en").get_data(as_text=True)
    assert "You are signed out everywhere: 2 sign-ins ended, 1 API tokens revoked." in followed


def test_signing_in_takes_one_password_hash_check_known_or_not(client, make, monkeypatch):
    """The answer's time must not tell which addresses have accounts: an unknown address, a disabled
    account and a wrong password each cost exactly one hash check, as a right password does."""
    from eventsys.accounts import models
    from eventsys.accounts import services as account_services

    calls = []

    def counting(hashed, password):
        calls.append(hashed)
        return check_password_hash(hashed, password)

    monkeypatch.setattr(models, "check_password_hash", counting)
    monkeypatch.setattr(account_services, "check_password_hash", counting)
    user = make.user(email="known@example.org")
    disabled = make.user(email="gone@example.org")
    disabled.active = False
    db.session.commit()
    for email, password in [
        ("nobody@example.org", "whatever"),
        ("gone@example.org", "correct horse battery"),
        ("known@example.org", "wrong"),
        ("known@example.org", "correct horse battery"),
    ]:
        calls.clear()
        services.authenticate(email, password)
        assert len(calls) == 1, email
        assert calls[0].split("$")[0] == user.password_hash.split("$")[0]  # the same method and cost
