"""Only the event's organizers (and site admins) reach the mail pages; rapporteurs, door staff, other
events' organizers and delegates are refused, anonymous visitors are sent to sign in."""

from __future__ import annotations

import pytest

from eventsys.accounts.models import Role
from tests.conftest import login

# Who reaches the mail pages is decided before any query a database could answer differently (as in
# the app's permission walk, tests/test_permissions.py, and tests/outcomes/test_permissions.py); the
# pages themselves meet PostgreSQL in tests/security/test_hostile_queries.py, and the mail queries in
# the rest of tests/messages.
pytestmark = pytest.mark.one_backend

PAGES = [
    "/manage/events/{slug}/mail",
    "/manage/events/{slug}/mail/texts",
    "/manage/events/{slug}/mail/texts/registration.confirmed/th",
    "/manage/events/{slug}/outbox",
]
POSTS = [
    "/manage/events/{slug}/mail",
    "/manage/events/{slug}/mail/texts/registration.confirmed/en",
    "/manage/events/{slug}/mail/texts/registration.confirmed/en/reset",
    "/manage/events/{slug}/outbox/retry-failed",
]


@pytest.mark.parametrize("path", PAGES)
def test_organizer_opens_every_page(organizer_client, event, path):
    assert organizer_client.get(path.format(slug=event.slug)).status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, event, path):
    url = path.format(slug=event.slug)
    response = client.get(url)
    assert (response.status_code, response.headers["Location"]) == (302, f"/login?next={url}")


@pytest.mark.parametrize("role", [Role.RAPPORTEUR, Role.CHECKIN_STAFF])
@pytest.mark.parametrize("path", PAGES + POSTS)
def test_other_roles_of_the_event_are_refused(client, make, event, role, path):
    login(client, make.with_role(event, role))
    method = client.post if path in POSTS and path not in PAGES else client.get
    assert method(path.format(slug=event.slug)).status_code == 403


@pytest.mark.parametrize("path", POSTS)
def test_refused_posts_change_nothing(client, make, db, event, path):
    from eventsys.mail.models import EventMailText

    login(client, make.with_role(event, Role.CHECKIN_STAFF))
    client.post(
        path.format(slug=event.slug),
        data={"subject": "Hi {first_name}", "body": "Hello", "save": "y", "subject_en": "x", "body_en": "y"},
    )
    assert db.session.query(EventMailText).count() == 0


def test_another_events_organizer_and_a_delegate_are_refused(client, make, event):
    other = make.event("another-event")
    login(client, make.organizer(other))
    assert client.get(f"/manage/events/{event.slug}/outbox").status_code == 403
    client.post("/logout")
    delegate = make.user(email="delegate@example.org")
    make.registration(event, email="delegate@example.org", user_id=delegate.id)
    login(client, delegate)
    assert client.get(f"/manage/events/{event.slug}/mail").status_code == 403


def test_the_hub_links_the_three_pages_for_organizers_only(organizer_client, client, make, event):
    page = organizer_client.get(f"/manage/events/{event.slug}").get_data(as_text=True)
    for path in ("mail", "mail/texts", "outbox"):
        assert f'href="/manage/events/{event.slug}/{path}"' in page
    organizer_client.post("/logout")
    login(client, make.with_role(event, Role.CHECKIN_STAFF))
    page = client.get(f"/manage/events/{event.slug}").get_data(as_text=True)
    assert f"/manage/events/{event.slug}/outbox" not in page
