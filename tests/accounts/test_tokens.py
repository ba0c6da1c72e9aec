"""API tokens: scoped, expiring, hashed, made and revoked on the account page, and good for /api/v1 only."""

import datetime as dt
import re

from eventsys.accounts import tokens
from eventsys.accounts.models import ApiToken, Role
from eventsys.accounts.tokens import create as create_api_token
from eventsys.db import db, utcnow
from tests.conftest import login


def secret_on(html: str) -> str:
    return re.search(r'<code class="token-secret" id="new-token">([^<]+)</code>', html).group(1)


def test_the_account_page_makes_a_scoped_expiring_token_shown_once_and_stored_hashed(client, make):
    user = make.user(email="scanner@example.org")
    door = make.event()
    user.roles.append(make_role(user, door, Role.CHECKIN_STAFF))
    db.session.commit()
    login(client, user)
    page = client.get("/account?lang=en").get_data(as_text=True)
    # What this account may give a token: read, its role's checkin, outcomes; never admin or registrations.
    assert re.findall(r'name="scopes"[^>]*value="([a-z]+)"', page) == ["read", "checkin", "outcomes"]
    response = client.post(
        "/account/tokens?lang=en", data={"name": "Door scanner 1", "scopes": ["checkin"], "expires_days": "30"}
    )
    assert response.status_code == 200
    secret = secret_on(response.get_data(as_text=True))
    # The form is fresh again for the next token: `read` ticked, nothing else.
    assert re.findall(r'<input checked[^>]*value="([a-z]+)"', response.get_data(as_text=True)) == ["read"]
    token = db.session.scalars(db.select(ApiToken)).one()
    assert secret.startswith("esk_") and token.token_hash != secret and secret not in token.token_hash
    assert (token.name, token.scopes) == ("Door scanner 1", "checkin")
    assert abs((token.expires_at - utcnow()) - dt.timedelta(days=30)) < dt.timedelta(minutes=1)
    listed = client.get("/account?lang=en").get_data(as_text=True)
    assert secret not in listed and token.prefix in listed and "checkin</span>" in listed


def make_role(user, event, role):
    from eventsys.accounts.models import EventRole

    return EventRole(user=user, event_id=event.id, role=role)


def test_a_scope_the_account_may_not_hold_is_a_form_error_and_makes_nothing(client, make):
    user = make.user()
    login(client, user)
    response = client.post("/account/tokens?lang=en", data={"name": "x", "scopes": ["admin"], "expires_days": "30"})
    assert response.status_code == 422
    assert "&#39;admin&#39; is not a valid choice for this field." in response.get_data(as_text=True)
    too_long = client.post("/account/tokens?lang=en", data={"name": "x", "scopes": ["read"], "expires_days": "9999"})
    assert too_long.status_code == 422
    assert db.session.scalar(db.select(db.func.count(ApiToken.id))) == 0


def test_a_token_opens_the_api_and_no_page(app, client, make):
    admin = make.user(is_admin=True)
    event = make.event()
    _token, secret = create_api_token(admin, "everything", ["admin"])
    bearer = {"Authorization": f"Bearer {secret}"}
    api = app.test_client()
    assert api.get(f"/api/v1/events/{event.slug}/checkin-keys", headers=bearer).status_code == 200
    # Pages, downloads and the token pages themselves ignore tokens: the sign-in page, as for anyone.
    for url in ("/account", f"/manage/events/{event.slug}/registrations.csv", "/manage/audit.csv"):
        response = api.get(url, headers=bearer)
        assert (response.status_code, response.headers["Location"].split("?")[0]) == (302, "/login"), url
    minted = api.post("/account/tokens", headers=bearer, data={"name": "more", "scopes": ["admin"]})
    assert minted.status_code in (302, 400)
    revoked = api.post(f"/account/tokens/{_token.id}/revoke", headers=bearer)
    assert revoked.status_code in (302, 400)
    assert db.session.scalar(db.select(db.func.count(ApiToken.id))) == 1
    assert db.session.get(ApiToken, _token.id).revoked_at is None


def test_a_token_without_the_scope_is_refused_with_insufficient_scope(client, make):
    organizer = make.user()
    event = make.event()
    organizer.roles.append(make_role(organizer, event, Role.ORGANIZER))
    db.session.commit()
    _token, secret = create_api_token(organizer, "reader", ["read"])
    response = client.get(f"/api/v1/events/{event.slug}/checkin-keys", headers={"Authorization": f"Bearer {secret}"})
    assert (response.status_code, response.json, response.headers["WWW-Authenticate"]) == (
        403,
        {"error": "insufficient_scope", "message": "This token lacks the 'checkin' scope.", "status": 403},
        'Bearer realm="eventsys", error="insufficient_scope", scope="checkin"',
    )
    assert client.get(f"/api/v1/events/{event.slug}", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_an_unknown_expired_or_revoked_token_is_a_401_even_where_anyone_may_read(client, make):
    user = make.user()
    event = make.event()
    expired, expired_secret = create_api_token(user, "old")
    expired.expires_at = utcnow() - dt.timedelta(seconds=1)
    revoked, revoked_secret = create_api_token(user, "lost")
    tokens.revoke(user, revoked.id)
    for secret in ("esk_not-a-token", expired_secret, revoked_secret):
        response = client.get(f"/api/v1/events/{event.slug}", headers={"Authorization": f"Bearer {secret}"})
        assert (response.status_code, response.json["error"], response.headers["WWW-Authenticate"]) == (
            401,
            "invalid_token",
            'Bearer realm="eventsys", error="invalid_token"',
        )
    assert client.get(f"/api/v1/events/{event.slug}").status_code == 200


def test_use_is_recorded_as_last_used(client, make):
    user = make.user()
    event = make.event()
    token, secret = create_api_token(user, "reader")
    assert token.last_used_at is None
    client.get(f"/api/v1/events/{event.slug}", headers={"Authorization": f"Bearer {secret}"})
    db.session.refresh(token)
    assert utcnow() - token.last_used_at < dt.timedelta(minutes=1)


def test_revoking_on_the_account_page_stops_the_token(app, client, make):
    user = make.user()
    event = make.event()
    token, secret = create_api_token(user, "lost phone")
    login(client, user)
    response = client.post(f"/account/tokens/{token.id}/revoke?lang=en")
    assert (response.status_code, response.headers["Location"]) == (302, "/account")
    assert (
        app.test_client().get(f"/api/v1/events/{event.slug}", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 401
    )


def test_someone_elses_token_cannot_be_revoked(client, make):
    owner = make.user()
    token, _ = create_api_token(owner, "owner's")
    intruder = make.user()
    login(client, intruder)
    response = client.post(f"/account/tokens/{token.id}/revoke?lang=en", follow_redirects=True)
    assert "No such token." in response.get_data(as_text=True)
    assert token.revoked_at is None


def test_create_token_command_takes_scopes_and_expiry_within_the_roles(app, make):
    staff = make.user(email="door@example.org")
    event = make.event()
    staff.roles.append(make_role(staff, event, Role.CHECKIN_STAFF))
    db.session.commit()
    runner = app.test_cli_runner()
    default = runner.invoke(args=["create-token", "door@example.org"])
    assert default.exit_code == 0
    assert tokens.authenticate(default.stdout.strip()).scopes == "read checkin outcomes"
    chosen = runner.invoke(args=["create-token", "door@example.org", "--scope", "checkin", "--expires-days", "2"])
    token = tokens.authenticate(chosen.stdout.strip())
    assert token.scopes == "checkin"
    assert abs(token.expires_at - utcnow() - dt.timedelta(days=2)) < dt.timedelta(minutes=1)
    refused = runner.invoke(args=["create-token", "door@example.org", "--scope", "registrations"])
    assert refused.exit_code == 1
    assert "door@example.org may not hold the scope 'registrations'" in refused.output
