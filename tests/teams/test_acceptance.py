"""Accepting an invitation: a new account, an account signed in, an account that signs in first, the
wrong account, and links that no longer work (expired, used, forged)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from sqlalchemy import select

from eventsys.accounts.models import Role, User
from eventsys.audit.models import AuditEntry
from eventsys.db import db
from eventsys.teams.models import TeamInvitation
from tests.conftest import login
from tests.factories import PASSWORD
from tests.teams.conftest import invitation_path, invite


@pytest.fixture
def invited(organizer_client, event, outbox):
    """An organizer invited door@example.org as check-in staff and rapporteur; the client is signed out."""

    def send(email="door@example.org", language="en"):
        invite(organizer_client, event, email, Role.CHECKIN_STAFF, Role.RAPPORTEUR, language=language)
        organizer_client.post("/logout")
        return invitation_path(outbox()[-1])

    return send


def roles(email, event):
    db.session.expire_all()
    user = User.by_email(email)
    return sorted(r.role.value for r in user.roles if r.event_id == event.id) if user else None


def test_an_unknown_address_creates_its_account_on_acceptance_and_is_signed_in(client, event, organizer, invited):
    link = invited(language="th")
    page = client.get(link)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert '<html lang="th">' in text  # the link opens the page in the invitee's language
    assert "door@example.org" in text
    assert User.by_email("door@example.org") is None  # opening the link changes nothing

    short = client.post(link, data={"name": "Somsri Door", "password": "short", "confirm": "short"})
    assert short.status_code == 400
    assert User.by_email("door@example.org") is None

    response = client.post(link, data={"name": "Somsri Door", "password": PASSWORD, "confirm": PASSWORD})
    assert (response.status_code, response.headers["Location"]) == (302, f"/manage/events/{event.slug}")
    user = User.by_email("door@example.org")
    assert (user.name, user.locale, user.check_password(PASSWORD)) == ("Somsri Door", "th", True)
    assert roles("door@example.org", event) == ["checkin_staff", "rapporteur"]
    grant = next(r for r in user.roles if r.role == Role.CHECKIN_STAFF)
    assert grant.granted_by_id == organizer.id and grant.granted_at is not None
    # Signed in: the event's hub opens, with the check-in link.
    hub = client.get(f"/manage/events/{event.slug}?lang=en").get_data(as_text=True)
    assert f'href="/events/{event.slug}/checkin/"' in hub
    invitation = db.session.scalar(select(TeamInvitation))
    assert (invitation.accepted_by_id, invitation.accepted_at is not None) == (user.id, True)
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.actor_label, e.target_ids, e.detail.get("roles")) for e in entries[-2:]] == [
        ("account.create", "organizer@example.org", [str(user.id)], None),
        ("role.grant", "organizer@example.org", [str(user.id)], ["rapporteur", "checkin_staff"]),
    ]
    # Single use: the same link again is refused, signed in or not.
    again = client.get(link)
    assert again.status_code == 410
    # The page follows the invitation's language (Thai here).
    assert "คำเชิญนี้ได้รับการตอบรับแล้ว" in again.get_data(as_text=True)


def test_a_signed_in_account_with_the_address_accepts_with_one_click(make, client, event, invited):
    door = make.user(email="door@example.org", name="Door Staff")
    link = invited()
    login(client, door)
    page = client.get(link)
    assert page.status_code == 200
    assert "You are signed in as door@example.org." in page.get_data(as_text=True)
    assert roles("door@example.org", event) == []
    response = client.post(link)
    assert (response.status_code, response.headers["Location"]) == (302, f"/manage/events/{event.slug}")
    assert roles("door@example.org", event) == ["checkin_staff", "rapporteur"]
    hub = client.get(f"/manage/events/{event.slug}").get_data(as_text=True)
    assert "Welcome to the team of ASCN Annual Meeting (test): Rapporteur, Check-in staff." in hub
    assert client.post(link).status_code == 410


def test_an_existing_account_signs_in_first_then_returns_to_accept(make, client, event, invited):
    make.user(email="door@example.org", name="Door Staff")
    link = invited()
    response = client.get(link)
    assert (response.status_code, response.headers["Location"]) == (302, f"/login?next={quote(link, safe='/?')}")
    login_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "An account exists for door@example.org: sign in to accept the invitation." in login_page
    # Posting a new account for that address is not possible either.
    assert client.post(link, data={"name": "X", "password": PASSWORD, "confirm": PASSWORD}).status_code == 302
    assert roles("door@example.org", event) == []

    signed_in = client.post(response.headers["Location"], data={"email": "door@example.org", "password": PASSWORD})
    assert (signed_in.status_code, signed_in.headers["Location"]) == (302, link)
    assert client.get(link).status_code == 200
    assert client.post(link).headers["Location"] == f"/manage/events/{event.slug}"
    assert roles("door@example.org", event) == ["checkin_staff", "rapporteur"]


def test_an_invitation_for_another_address_is_refused_clearly(make, client, event, invited):
    someone = make.user(email="someone@example.org", name="Someone Else")
    link = invited()
    login(client, someone)
    page = client.get(link)
    assert page.status_code == 403
    assert (
        "The invitation is for door@example.org, but you are signed in as someone@example.org. "
        "Sign out, then open the link again." in page.get_data(as_text=True)
    )
    assert client.post(link).status_code == 403
    assert roles("someone@example.org", event) == []
    invitation = db.session.scalar(select(TeamInvitation))
    assert invitation.accepted_at is None  # still open for the right person


def test_an_expired_link_is_refused(client, event, invited):
    link = invited()
    invitation = db.session.scalar(select(TeamInvitation))
    invitation.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    db.session.commit()
    for response in (
        client.get(link),
        client.post(link, data={"name": "A", "password": PASSWORD, "confirm": PASSWORD}),
    ):
        assert response.status_code == 410
        assert "The invitation has expired. Ask the organizer who invited you to send it again." in response.get_data(
            as_text=True
        )
    assert User.by_email("door@example.org") is None


def test_a_link_older_than_seven_days_is_refused_by_its_signature(client, event, invited, monkeypatch):
    link = invited()
    import itsdangerous.timed

    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=7, minutes=1)
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: later.timestamp())
    response = client.get(link)
    assert response.status_code == 410
    assert "The invitation has expired." in response.get_data(as_text=True)


@pytest.mark.parametrize("mangle", ["truncate", "other_key"])
def test_a_forged_or_mangled_link_is_not_found(app, client, event, invited, mangle):
    link = invited()
    token = link.split("/")[-1].split("?")[0]
    if mangle == "truncate":
        forged = token[:-4]
    else:
        from itsdangerous import URLSafeTimedSerializer

        invitation = db.session.scalar(select(TeamInvitation))
        forged = URLSafeTimedSerializer("another-secret", salt="team-invitation").dumps(
            [invitation.id, invitation.nonce]
        )
        assert forged != token
    response = client.get(f"/team/invitations/{forged}")
    assert response.status_code == 404
    assert "The link is incomplete or not valid." in response.get_data(as_text=True)


def test_a_deactivated_account_cannot_accept(make, client, event, invited):
    door = make.user(email="door@example.org")
    door.active = False
    db.session.commit()
    response = client.get(invited())
    assert response.status_code == 403
    assert "The account for this address is deactivated." in response.get_data(as_text=True)
