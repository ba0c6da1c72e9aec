"""Refusals as a visitor meets them: signing in after a form sent while signed out, the JSON
API's refusals, and 404 (not 403) for what does not exist. The permission walk
(tests/test_permissions.py) checks who is refused where; this checks what they are told."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eventsys.accounts.permissions import SIGN_IN_REQUIRED
from tests.conftest import login


@pytest.fixture
def small_world(make):
    event = make.event("refusals")
    return SimpleNamespace(event=event, organizer=make.organizer(event), stranger=make.user(name="Stranger"))


def test_a_form_sent_while_signed_out_comes_back_to_its_page_after_signing_in(app, client, small_world):
    """Signing in after an anonymous POST lands on the page the form was on, never on the POST-only
    address (which would only say "Method not allowed")."""
    editor = f"/manage/events/{small_world.event.slug}/agenda"
    response = client.post(f"{editor}/publish", headers={"Referer": f"http://localhost{editor}?view=grid"})
    assert (response.status_code, response.headers["Location"]) == (302, f"/login?next={editor}?view%3Dgrid")
    assert "Please sign in to see this page." in client.get(response.headers["Location"]).get_data(as_text=True)
    signed_in = client.post(
        response.headers["Location"], data={"email": small_world.organizer.email, "password": "correct horse battery"}
    )
    assert (signed_in.status_code, signed_in.headers["Location"]) == (302, f"{editor}?view=grid")
    assert client.get(signed_in.headers["Location"]).status_code == 200


@pytest.mark.parametrize(
    "referer",
    [
        None,  # no Referer at all
        "http://evil.example/manage/events/refusals/agenda",  # another site
        "https://localhost/manage/events/refusals/agenda",  # another origin (scheme) of ours
        "http://localhost/manage/events/refusals/agenda/publish",  # answers POST only
        "http://localhost/no/such/page",  # none of ours
        "http://localhost/manage",  # only a redirect (to /manage/)
        "http://localhost//evil.example/path",  # what safe_next refuses
    ],
)
def test_a_form_sent_while_signed_out_goes_to_plain_sign_in_without_a_page_to_return_to(client, small_world, referer):
    headers = {"Referer": referer} if referer else {}
    response = client.post(f"/manage/events/{small_world.event.slug}/agenda/publish", headers=headers)
    assert (response.status_code, response.headers["Location"]) == (302, "/login")


def test_the_api_refuses_in_json(client, small_world, make):
    """401 for no one, 403 for a wrong role or a token without the scope, 404 for no such event: the
    API's one error shape."""
    from eventsys.accounts.tokens import create as create_api_token
    from eventsys.db import db

    keys = f"/api/v1/events/{small_world.event.slug}/checkin-keys"
    anonymous = client.get(keys)
    assert (anonymous.status_code, anonymous.get_json(), anonymous.headers["WWW-Authenticate"]) == (
        401,
        {"error": "unauthorized", "message": SIGN_IN_REQUIRED, "status": 401},
        'Bearer realm="eventsys"',
    )
    _token, secret = create_api_token(small_world.stranger, "script")
    db.session.commit()
    bearer = {"Authorization": f"Bearer {secret}"}
    unscoped = client.post("/api/v1/registrations/999999/badge.pdf", headers=bearer, json={})
    assert (unscoped.status_code, unscoped.get_json()) == (
        403,
        {"error": "insufficient_scope", "message": "This token lacks the 'registrations' scope.", "status": 403},
    )
    login(client, small_world.stranger)
    refused = client.get(keys)
    assert (refused.status_code, refused.get_json()) == (
        403,
        {
            "error": "forbidden",
            "message": "This needs the organizer or check-in staff role on this event.",
            "status": 403,
        },
    )
    missing = client.get("/api/v1/events/no-such-event/checkin-keys")
    assert (missing.status_code, missing.get_json()) == (
        404,
        {"error": "not_found", "message": "No event with slug 'no-such-event'.", "status": 404},
    )
    badge = client.post("/api/v1/registrations/999999/badge.pdf", json={})
    assert (badge.status_code, badge.get_json()) == (
        404,
        {"error": "not_found", "message": "No registration 999999.", "status": 404},
    )


def test_what_does_not_exist_is_a_404_page_after_signing_in(client, small_world):
    assert client.get("/manage/events/no-such-event/agenda").headers["Location"] == (
        "/login?next=/manage/events/no-such-event/agenda"
    )
    assert client.get("/manage/sessions/999999/outcomes").headers["Location"] == (
        "/login?next=/manage/sessions/999999/outcomes"
    )
    login(client, small_world.organizer)
    for path in ("/manage/events/no-such-event/agenda", "/manage/sessions/999999/outcomes", "/manage/reports/nope"):
        response = client.get(path + "?lang=en")
        assert response.status_code == 404
        assert "Page not found" in response.get_data(as_text=True)
    refused = client.get("/manage/events/new?lang=en")
    assert refused.status_code == 403
    assert "You do not have permission to see this page." in refused.get_data(as_text=True)


def test_the_door_staff_of_an_unpublished_event_can_use_the_scanner_and_its_api(client, make):
    """The scanner page of an unpublished event (a closed meeting) opened for its staff, but the API
    it calls answered 404: both now find the event for its team, and only for them."""
    from eventsys.accounts.models import Role
    from eventsys.checkin import services as checkin

    closed = make.event("closed-meeting", is_published=False)
    staff = make.with_role(closed, Role.CHECKIN_STAFF, email="door@example.org")
    keys = f"/api/v1/events/{closed.slug}/checkin-keys"
    assert client.get(f"/events/{closed.slug}").status_code == 404  # the public still sees nothing
    login(client, make.user(email="someone@example.org"))
    assert client.get(keys).status_code == 403
    client.post("/logout")
    login(client, staff)
    assert client.get(f"/events/{closed.slug}/checkin/").status_code == 200
    answer = client.get(keys)
    assert answer.status_code == 200
    assert [entry["key"] for entry in answer.get_json()["lists"]] == [
        entry.key for entry in checkin.ensure_lists(closed)
    ]
