import re

import pytest

from tests.conftest import login
from tests.factories import PASSWORD


def test_login_and_logout(client, make):
    user = make.user(email="Organizer@Example.org", name="Khun Somchai")
    response = client.post(
        "/login?lang=en", data={"email": "organizer@example.org", "password": PASSWORD}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Welcome back, Khun Somchai." in response.get_data(as_text=True)
    assert "Your account" in client.get("/account?lang=en").get_data(as_text=True)
    response = client.post("/logout", follow_redirects=True)
    assert "You are signed out." in response.get_data(as_text=True)
    response = client.get("/account")
    assert (response.status_code, response.headers["Location"]) == (302, "/login?next=/account")
    assert user.last_login_at is not None


def test_wrong_password_is_a_form_error_not_a_crash(client, make):
    make.user(email="someone@example.org")
    response = client.post("/login?lang=en", data={"email": "someone@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "That e-mail and password do not match an account." in response.get_data(as_text=True)


def test_login_form_error_in_thai(client, make):
    response = client.post("/login?lang=th", data={"email": "not-an-email", "password": "x"})
    assert response.status_code == 200
    assert "เข้าสู่ระบบ" in response.get_data(as_text=True)


def test_login_is_rate_limited_with_a_clear_429_page(app, client, make):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    make.user(email="target@example.org")
    for _ in range(3):
        assert client.post("/login?lang=en", data={"email": "target@example.org", "password": "bad"}).status_code == 200
    response = client.post("/login?lang=en", data={"email": "target@example.org", "password": "bad"})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert "Please wait and try again later." in response.get_data(as_text=True)


def test_inactive_accounts_cannot_sign_in(client, make, db):
    user = make.user(email="gone@example.org")
    user.active = False
    db.session.commit()
    response = client.post("/login?lang=en", data={"email": "gone@example.org", "password": PASSWORD})
    assert "do not match an account" in response.get_data(as_text=True)


def test_next_parameter_never_leaves_the_site(client, make):
    user = make.user()
    response = client.post("/login?next=https://evil.example/", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account"
    client.post("/logout")
    response = client.post("/login?next=/events/x", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/events/x"


@pytest.mark.csrf
def test_forms_are_csrf_protected(client, make):
    user = make.user()
    response = client.post("/login?lang=en", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert (response.status_code, response.headers["Location"]) == (302, "/account")


def test_admin_sees_site_admin_badge(admin_client):
    assert "Site admin" in admin_client.get("/account?lang=en").get_data(as_text=True)


def test_roles_are_listed_on_the_account_page(client, make):
    event = make.event(title_en="Roundtable with roles")
    organizer = make.organizer(event)
    login(client, organizer)
    html = client.get("/account?lang=en").get_data(as_text=True)
    assert "Roundtable with roles" in html
    assert "Organizer" in html
