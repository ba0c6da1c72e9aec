"""An event's team page: who holds which role since when, invitations by e-mail, removing people."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from eventsys.accounts.models import EventRole, Role
from eventsys.audit.models import AuditEntry
from eventsys.db import db
from eventsys.teams.models import TeamInvitation
from tests.conftest import login
from tests.teams.conftest import invitation_path, invite


def audit(action):
    return [
        (e.actor_label, e.event_slug, e.target_type, e.target_ids, e.detail)
        for e in db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))
    ]


def test_the_hub_links_to_the_team_page_for_organizers_only(make, client, event, organizer):
    staff = make.with_role(event, Role.CHECKIN_STAFF, email="door@example.org")
    login(client, organizer)
    assert f'href="/manage/events/{event.slug}/team"' in client.get(f"/manage/events/{event.slug}").get_data(True)
    client.post("/logout")
    login(client, staff)
    assert f"/manage/events/{event.slug}/team" not in client.get(f"/manage/events/{event.slug}").get_data(True)
    assert client.get(f"/manage/events/{event.slug}/team").status_code == 403


def test_the_page_lists_members_with_their_roles_since_when_and_by_whom(make, organizer_client, event, organizer):
    rapporteur = make.user(email="rapporteur@example.org", name="Ratana Rapporteur")
    db.session.add(
        EventRole(
            user=rapporteur,
            event_id=event.id,
            role=Role.RAPPORTEUR,
            granted_at=dt.datetime(2026, 5, 4, 2, 30, tzinfo=dt.UTC),
            granted_by_id=organizer.id,
        )
    )
    organizer.roles[0].granted_at = None  # as the migration leaves the grants made before it
    db.session.commit()
    page = organizer_client.get(f"/manage/events/{event.slug}/team").get_data(as_text=True)
    assert "Ratana Rapporteur" in page and "rapporteur@example.org" in page
    # Bangkok time; a grant made before this page existed has no date.
    assert "since 4 May 2026, 09:30 · granted by Event Organizer" in page
    assert "since before the team page" in page
    assert "No pending invitations" in page


def test_inviting_mails_the_invitee_in_their_language_and_lists_the_invitation(organizer_client, event, outbox):
    response = invite(
        organizer_client, event, "Door.Staff@Example.org", Role.CHECKIN_STAFF, Role.RAPPORTEUR, language="th"
    )
    assert (response.status_code, response.headers["Location"]) == (302, f"/manage/events/{event.slug}/team")
    [mail] = outbox()
    assert (mail.to_address, mail.language, mail.template) == ("door.staff@example.org", "th", "teams/mail/invitation")
    # The event's Thai title and the Thai role names (catalogue strings that exist already).
    assert "การประชุมประจำปี ASCN (ทดสอบ)" in mail.subject
    assert "ผู้บันทึกการประชุม" in mail.body_text
    assert invitation_path(mail).endswith("?lang=th")
    invitation = db.session.scalar(select(TeamInvitation))
    assert (invitation.email, invitation.roles, invitation.language) == (
        "door.staff@example.org",
        ["rapporteur", "checkin_staff"],
        "th",
    )
    assert invitation.expires_at - invitation.sent_at == dt.timedelta(days=7)
    page = organizer_client.get(f"/manage/events/{event.slug}/team").get_data(as_text=True)
    assert "Invitation sent to door.staff@example.org." in page
    assert 'id="invitation-' in page and "door.staff@example.org" in page
    assert audit("role.invite") == [
        (
            "organizer@example.org",
            event.slug,
            "team_invitation",
            [str(invitation.id)],
            {"email": "door.staff@example.org", "roles": ["rapporteur", "checkin_staff"], "language": "th"},
        )
    ]


def test_an_english_invitation_is_in_english(organizer_client, event, outbox):
    invite(organizer_client, event, "chair@example.org", Role.ORGANIZER)
    [mail] = outbox()
    assert mail.subject == "Invitation to the team of ASCN Annual Meeting (test)"
    assert "Event Organizer invites you to the team of ASCN Annual Meeting (test)" in mail.body_text
    assert "as: Organizer." in mail.body_text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-address", "roles": ["organizer"], "language": "en"}, "Invalid email address."),
        ({"email": "new@example.org", "language": "en"}, "Choose at least one role."),
        ({"email": "new@example.org", "roles": ["admin"], "language": "en"}, "is not a valid choice for this field."),
    ],
)
def test_a_bad_invitation_is_a_form_error_and_sends_nothing(organizer_client, event, outbox, data, message):
    response = organizer_client.post(f"/manage/events/{event.slug}/team/invite", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert outbox() == []
    assert db.session.scalar(select(TeamInvitation)) is None


def test_inviting_someone_who_holds_the_roles_already_is_refused(organizer_client, event, outbox):
    response = invite(organizer_client, event, "organizer@example.org", Role.ORGANIZER)
    assert response.status_code == 400
    assert "organizer@example.org already holds these roles on this event." in response.get_data(as_text=True)
    assert outbox() == []


def test_inviting_the_same_address_again_renews_the_invitation_and_voids_the_old_link(organizer_client, event, outbox):
    invite(organizer_client, event, "door@example.org", Role.CHECKIN_STAFF)
    first = invitation_path(outbox()[0])
    response = invite(organizer_client, event, "door@example.org", Role.CHECKIN_STAFF, Role.RAPPORTEUR, language="th")
    assert response.status_code == 302
    page = organizer_client.get(f"/manage/events/{event.slug}/team").get_data(as_text=True)
    assert "The invitation to door@example.org was renewed and sent again." in page
    assert db.session.scalars(select(TeamInvitation)).all()[0].roles == ["rapporteur", "checkin_staff"]
    second = invitation_path(outbox()[1])
    organizer_client.post("/logout")
    replaced = organizer_client.get(first)
    assert replaced.status_code == 410
    assert "The invitation was sent again since" in replaced.get_data(as_text=True)
    assert organizer_client.get(second).status_code == 200


def test_cancelling_an_invitation_voids_its_link(organizer_client, event, outbox):
    invite(organizer_client, event, "door@example.org", Role.CHECKIN_STAFF)
    invitation = db.session.scalar(select(TeamInvitation))
    response = organizer_client.post(f"/manage/events/{event.slug}/team/invitations/{invitation.id}/cancel")
    assert (response.status_code, response.headers["Location"]) == (302, f"/manage/events/{event.slug}/team")
    page = organizer_client.get(f"/manage/events/{event.slug}/team").get_data(as_text=True)
    assert "The invitation to door@example.org was cancelled: its link no longer works." in page
    assert "No pending invitations" in page
    assert audit("role.invite_cancel")[0][3] == [str(invitation.id)]
    # A cancelled invitation can be neither cancelled nor sent again.
    assert (
        organizer_client.post(f"/manage/events/{event.slug}/team/invitations/{invitation.id}/cancel").status_code == 404
    )
    assert (
        organizer_client.post(f"/manage/events/{event.slug}/team/invitations/{invitation.id}/resend").status_code == 404
    )
    organizer_client.post("/logout")
    closed = organizer_client.get(invitation_path(outbox()[0]))
    assert closed.status_code == 410
    assert "The invitation was cancelled by the organizers." in closed.get_data(as_text=True)


def test_sending_again_gives_a_new_link_and_seven_more_days(organizer_client, event, outbox):
    invite(organizer_client, event, "door@example.org", Role.CHECKIN_STAFF)
    invitation = db.session.scalar(select(TeamInvitation))
    invitation.expires_at = invitation.sent_at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    db.session.commit()
    assert "Expired " in organizer_client.get(f"/manage/events/{event.slug}/team").get_data(as_text=True)
    response = organizer_client.post(f"/manage/events/{event.slug}/team/invitations/{invitation.id}/resend")
    assert response.status_code == 302
    db.session.refresh(invitation)
    assert invitation.expires_at > dt.datetime.now(dt.UTC) + dt.timedelta(days=6)
    old, new = outbox()
    assert invitation_path(old) != invitation_path(new)
    assert audit("role.invite")[-1][4]["resent"] is True


def test_an_invitation_of_another_event_is_not_found(make, organizer_client, event):
    other = make.event("other-event")
    make.organizer(other, email="other-organizer@example.org")
    from eventsys.teams import invitations

    stranger, _ = invitations.invite(other, "x@example.org", [Role.RAPPORTEUR], "en", actor=None)
    assert (
        organizer_client.post(f"/manage/events/{event.slug}/team/invitations/{stranger.id}/cancel").status_code == 404
    )


def test_removing_one_role_then_the_person(make, organizer_client, event):
    staff = make.with_role(event, Role.CHECKIN_STAFF, email="door@example.org", name="Door Staff")
    from eventsys.accounts.services import grant_role

    grant_role(staff, event, Role.RAPPORTEUR)
    db.session.commit()
    url = f"/manage/events/{event.slug}/team/members/{staff.id}/revoke"
    response = organizer_client.post(url, data={"role": "rapporteur"})
    assert (response.status_code, response.headers["Location"]) == (302, f"/manage/events/{event.slug}/team")
    page = organizer_client.get(f"/manage/events/{event.slug}/team").get_data(as_text=True)
    assert "Door Staff no longer has the role Rapporteur." in page
    db.session.expire_all()
    assert [r.role for r in staff.roles] == [Role.CHECKIN_STAFF]

    organizer_client.post(url, data={"role": "all"})
    page = organizer_client.get(f"/manage/events/{event.slug}/team").get_data(as_text=True)
    assert "Door Staff was removed from the team." in page
    db.session.expire_all()
    assert staff.roles == []
    assert [(d["email"], d["roles"]) for *_, d in audit("role.revoke")] == [
        ("door@example.org", ["rapporteur"]),
        ("door@example.org", ["checkin_staff"]),
    ]
    # Not a member any more: nothing to remove.
    assert organizer_client.post(url, data={"role": "all"}).status_code == 404
    assert organizer_client.post(f"/manage/events/{event.slug}/team/members/{staff.id}/revoke").status_code == 404


def test_an_unknown_role_to_remove_is_a_bad_request(make, organizer_client, event):
    staff = make.with_role(event, Role.CHECKIN_STAFF)
    response = organizer_client.post(f"/manage/events/{event.slug}/team/members/{staff.id}/revoke", data={"role": "x"})
    assert response.status_code == 400


def test_the_last_organizer_cannot_be_removed_on_the_page(organizer_client, event, organizer):
    response = organizer_client.post(
        f"/manage/events/{event.slug}/team/members/{organizer.id}/revoke", data={"role": "all"}, follow_redirects=True
    )
    assert (
        "An event needs at least one organizer: invite another organizer before removing the last one."
        in response.get_data(as_text=True)
    )
    db.session.expire_all()
    assert [r.role for r in organizer.roles] == [Role.ORGANIZER]
    assert audit("role.revoke") == []


def test_an_organizer_of_another_event_sees_nothing_of_this_team(make, client, event, organizer):
    other = make.event("other-event")
    login(client, make.organizer(other, email="elsewhere@example.org"))
    assert client.get(f"/manage/events/{event.slug}/team").status_code == 403
    assert invite(client, event, "x@example.org", Role.ORGANIZER).status_code == 403
    assert (
        client.post(f"/manage/events/{event.slug}/team/members/{organizer.id}/revoke", data={"role": "all"}).status_code
        == 403
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, event):
    response = client.get(f"/manage/events/{event.slug}/team")
    assert (response.status_code, response.headers["Location"]) == (
        302,
        f"/login?next=/manage/events/{event.slug}/team",
    )
