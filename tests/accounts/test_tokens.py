import re

from tests.conftest import login


def test_create_use_and_revoke_an_api_token_on_the_account_page(client, make, app):
    user = make.user(email="scanner@example.org")
    login(client, user)
    html = client.post("/account/tokens?lang=en", data={"name": "Door scanner 1"}).get_data(as_text=True)
    secret = re.search(r'<code class="token-secret" id="new-token">([^<]+)</code>', html).group(1)
    assert secret.startswith("esk_")
    client.post("/logout")

    api = app.test_client()
    from eventsys.accounts.models import ApiToken
    from eventsys.db import db

    token = db.session.scalars(db.select(ApiToken)).one()
    assert token.token_hash != secret and secret not in token.token_hash  # stored hashed
    # Shown once: the account page lists only its prefix afterwards.
    login(client, user)
    page = client.get("/account?lang=en").get_data(as_text=True)
    assert secret not in page and token.prefix in page

    client.post("/logout")
    bearer = {"Authorization": f"Bearer {secret}"}
    response = api.get("/account?lang=en", headers=bearer)
    assert response.status_code == 200
    assert "scanner@example.org" in response.get_data(as_text=True)
    wrong = api.get("/account", headers={"Authorization": "Bearer esk_wrong"})
    assert (wrong.status_code, wrong.headers["Location"]) == (302, "/login?next=/account")

    login(client, user)
    client.post(f"/account/tokens/{token.id}/revoke")
    db.session.refresh(token)
    assert token.revoked_at is not None
    revoked = api.get("/account", headers=bearer)
    assert (revoked.status_code, revoked.headers["Location"]) == (302, "/login?next=/account")


def test_someone_elses_token_cannot_be_revoked(client, make):
    from eventsys.accounts.services import create_api_token

    owner = make.user()
    token, _ = create_api_token(owner, "owner's")
    intruder = make.user()
    login(client, intruder)
    response = client.post(f"/account/tokens/{token.id}/revoke?lang=en", follow_redirects=True)
    assert "No such token." in response.get_data(as_text=True)
    assert token.revoked_at is None
