import re
from pathlib import Path

import pytest

from eventsys.accounts.services import make_reset_token
from tests.factories import PASSWORD


def reset_link_from(mail) -> str:
    return re.search(r"http://localhost(/password/reset/\S+)", mail.body_text).group(1)


@pytest.mark.delivers_mail
def test_password_reset_by_mailed_link(client, make, outbox, app):
    user = make.user(email="rapporteur@example.org", name="Rapporteur")
    response = client.post("/password/forgot?lang=en", data={"email": "RAPPORTEUR@example.org"}, follow_redirects=True)
    assert "If an account exists for that address" in response.get_data(as_text=True)
    mails = outbox()
    assert len(mails) == 1
    assert mails[0].to_address == "rapporteur@example.org"
    assert mails[0].subject == "Choose a new password for eventsys"
    assert mails[0].status.value == "sent"  # delivered at the end of the request (no Redis in tests)
    eml = list(Path(app.config["MAIL_DIR"]).glob("*.eml"))
    assert len(eml) == 1 and b"Subject: Choose a new password for eventsys" in eml[0].read_bytes()

    link = reset_link_from(mails[0])
    response = client.post(
        link, data={"password": "a brand new secret", "confirm": "a brand new secret"}, follow_redirects=True
    )
    assert "Your password is changed" in response.get_data(as_text=True)
    assert user.check_password("a brand new secret")
    assert not user.check_password(PASSWORD)
    # The link works once: the password it was made for is gone.
    response = client.get(link + "?lang=en", follow_redirects=True)
    assert "That link has expired or was already used" in response.get_data(as_text=True)


def test_reset_mail_is_in_the_account_language(client, make, outbox):
    make.user(email="thai@example.org", locale="th")
    client.post("/password/forgot", data={"email": "thai@example.org"})
    assert outbox()[0].subject == "ตั้งรหัสผ่านใหม่สำหรับ eventsys"


def test_unknown_address_gets_the_same_answer_and_no_mail(client, outbox):
    response = client.post("/password/forgot?lang=en", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert "If an account exists for that address" in response.get_data(as_text=True)
    assert outbox() == []


def test_expired_reset_link_is_refused(client, make, app):
    user = make.user()
    token = make_reset_token(user)
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    response = client.get(f"/password/reset/{token}?lang=en", follow_redirects=True)
    assert "That link has expired or was already used" in response.get_data(as_text=True)


def test_tampered_reset_link_is_refused(client, make):
    user = make.user()
    token = make_reset_token(user)
    # One character of the signature changed (not the last ones: base64's final character has
    # unused bits, so changing it may leave the signature as it was).
    i = len(token) - 10
    tampered = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]
    response = client.get(f"/password/reset/{tampered}?lang=en", follow_redirects=True)
    assert "That link has expired or was already used" in response.get_data(as_text=True)


def test_new_password_must_be_long_enough_and_repeated(client, make):
    user = make.user()
    token = make_reset_token(user)
    response = client.post(f"/password/reset/{token}?lang=en", data={"password": "short", "confirm": "other"})
    html = response.get_data(as_text=True)
    assert "Use at least 10 characters." in html
    assert "The two passwords differ." in html
    assert user.check_password(PASSWORD)
