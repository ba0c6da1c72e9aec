"""The registration services: states, capacity, waitlist, duplicates, audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from eventsys.db import db, utcnow
from eventsys.registration import services
from eventsys.registration.errors import (
    AlreadyRegistered,
    InvalidRegistration,
    InvalidTransition,
    InvitationInvalid,
    InvitationRequired,
    RegistrationClosed,
    RegistrationNotYetOpen,
)
from eventsys.registration.models import (
    CategoryCapacity,
    Invitation,
    Registration,
    RegistrationCategory,
    RegistrationChange,
    RegistrationStatus,
)
from tests.registration.conftest import payload

S = RegistrationStatus


def test_open_event_confirms_and_stores_the_email_lower_case_with_an_audit_row(open_event):
    registration = services.register(open_event, payload(), actor="delegate", language="th")
    assert registration.status == S.CONFIRMED
    assert registration.email == "kanokwan.srisuk@example.org"
    assert registration.local_name == "กนกวรรณ ศรีสุข"
    assert registration.city.slug == "bangkok"
    assert registration.language == "th"
    [change] = registration.changes
    assert (change.from_status, change.to_status, change.actor) == (None, S.CONFIRMED, "delegate")


def test_moderated_event_leaves_the_registration_pending(moderated_event):
    assert services.register(moderated_event, payload(), actor="delegate").status == S.PENDING


def test_full_event_waitlists_and_a_withdrawal_promotes_the_first_waiting(make, reference, outbox):
    event = make.event(capacity=2)
    first = services.register(event, payload(email="a@example.org"), actor="delegate")
    services.register(event, payload(email="b@example.org"), actor="delegate")
    waiting1 = services.register(event, payload(email="c@example.org"), actor="delegate")
    waiting2 = services.register(event, payload(email="d@example.org"), actor="delegate")
    assert (waiting1.status, waiting2.status) == (S.WAITLISTED, S.WAITLISTED)

    promoted = services.withdraw(first, actor="delegate", reason="cannot travel")
    assert promoted == [waiting1]
    assert (first.status, waiting1.status, waiting2.status) == (S.WITHDRAWN, S.CONFIRMED, S.WAITLISTED)
    promotion = waiting1.changes[-1]
    assert (promotion.from_status, promotion.to_status, promotion.actor) == (S.WAITLISTED, S.CONFIRMED, "system")
    assert [m.kind for m in outbox() if m.to_address == "c@example.org"] == [
        "registration.waitlisted",
        "registration.promoted",
    ]
    assert first.changes[-1].reason == "cannot travel"


def test_category_capacity_waitlists_that_category_only(make, reference):
    event = make.event(capacity=10)
    db.session.add(CategoryCapacity(event_id=event.id, category=RegistrationCategory.MEDIA, capacity=1))
    db.session.commit()
    assert services.register(event, payload(email="m1@example.org", category="media"), actor="x").status == S.CONFIRMED
    assert services.register(event, payload(email="m2@example.org", category="media"), actor="x").status == S.WAITLISTED
    assert services.register(event, payload(email="s@example.org", category="speaker"), actor="x").status == S.CONFIRMED


def test_duplicate_email_in_other_case_is_refused_and_mails_a_fresh_manage_link(open_event, outbox):
    first = services.register(open_event, payload(), actor="delegate")
    with pytest.raises(AlreadyRegistered):
        services.register(
            open_event, payload(email="KANOKWAN.srisuk@example.ORG", first_name="Other"), actor="delegate"
        )
    assert db.session.scalar(select(db.func.count()).select_from(Registration)) == 1
    mail = outbox()[-1]
    assert (mail.kind, mail.to_address) == ("registration.duplicate_attempt", first.email)
    assert services.manage_url(first) in mail.body_text


def test_a_delegate_who_withdrew_can_register_again_and_queues_at_the_end(make, reference, outbox):
    event = make.event(capacity=1)
    first = services.register(event, payload(email="a@example.org", first_name="Anong"), actor="delegate")
    second = services.register(event, payload(email="b@example.org"), actor="delegate")
    third = services.register(event, payload(email="c@example.org"), actor="delegate")
    services.withdraw(first, actor="delegate", reason="cannot travel")
    assert (second.status, third.status) == (S.CONFIRMED, S.WAITLISTED)
    again = services.register(event, payload(email="A@example.org", first_name="Anongnat"), actor="delegate")
    assert again.id == first.id  # the same record, starting over
    assert (again.status, again.first_name) == (S.WAITLISTED, "Anongnat")
    assert [(c.from_status, c.to_status, c.reason) for c in again.changes] == [
        (None, S.CONFIRMED, ""),
        (S.CONFIRMED, S.WITHDRAWN, "cannot travel"),
        (S.WITHDRAWN, S.WAITLISTED, "registered again"),
    ]
    assert outbox()[-1].kind == "registration.waitlisted"
    # Behind whoever was waiting when it registered again, though it first registered before them.
    services.withdraw(second, actor="delegate")
    assert (third.status, again.status) == (S.CONFIRMED, S.WAITLISTED)
    with pytest.raises(AlreadyRegistered):  # registered again: a duplicate like any other
        services.register(event, payload(email="a@example.org"), actor="delegate")


def test_a_racing_insert_that_hits_the_unique_constraint_becomes_already_registered(open_event, monkeypatch):
    services.register(open_event, payload(), actor="delegate")
    # Simulate the race: the pre-check sees nothing, the database constraint catches the duplicate.
    real = services.find_registration
    calls = []

    def racing(event, email):
        calls.append(email)
        return None if len(calls) == 1 else real(event, email)

    monkeypatch.setattr(services, "find_registration", racing)
    with pytest.raises(AlreadyRegistered):
        services.register(open_event, payload(first_name="Racer"), actor="delegate")
    assert db.session.scalar(select(db.func.count()).select_from(Registration)) == 1


def test_closed_and_not_yet_open_windows_are_refused(make, reference):
    closed = make.event(registration_closes_at=utcnow() - dt.timedelta(hours=1))
    later = make.event(registration_opens_at=utcnow() + dt.timedelta(days=3))
    with pytest.raises(RegistrationClosed):
        services.register(closed, payload(), actor="delegate")
    with pytest.raises(RegistrationNotYetOpen):
        services.register(later, payload(), actor="delegate")


def test_invitation_only_needs_the_invitation_for_that_address(invitation_event):
    invitation = Invitation(
        event_id=invitation_event.id, email="kanokwan.srisuk@example.org", category=RegistrationCategory.SPEAKER
    )
    other = Invitation(event_id=invitation_event.id, email="someone.else@example.org")
    db.session.add_all([invitation, other])
    db.session.commit()
    with pytest.raises(InvitationRequired):
        services.register(invitation_event, payload(), actor="delegate")
    with pytest.raises(InvitationInvalid):
        services.register(invitation_event, payload(), actor="delegate", invitation=other)
    registration = services.register(invitation_event, payload(), actor="delegate", invitation=invitation)
    assert (registration.status, registration.category) == (S.CONFIRMED, RegistrationCategory.SPEAKER)
    assert invitation.used_at is not None


def test_approve_and_reject_in_bulk_with_reason_and_audit(moderated_event, make, outbox):
    organizer = make.organizer(moderated_event)
    regs = [services.register(moderated_event, payload(email=f"p{i}@example.org"), actor="delegate") for i in range(3)]
    outcome = services.approve(moderated_event, [regs[0].id, regs[1].id], actor=organizer, reason="Welcome")
    assert [r.id for r in outcome["confirmed"]] == [regs[0].id, regs[1].id]
    outcome = services.reject(moderated_event, [regs[2].id], actor=organizer, reason="Roundtable is for cities")
    assert outcome["rejected"] == [regs[2]]
    change = db.session.scalars(
        select(RegistrationChange)
        .where(RegistrationChange.registration_id == regs[2].id)
        .order_by(RegistrationChange.id)
    ).all()[-1]
    assert (change.from_status, change.to_status, change.actor_user_id, change.reason) == (
        S.PENDING,
        S.REJECTED,
        organizer.id,
        "Roundtable is for cities",
    )
    rejected_mail = [m for m in outbox() if m.to_address == "p2@example.org"][-1]
    assert rejected_mail.kind == "registration.rejected"
    assert "Reason: Roundtable is for cities" in rejected_mail.body_text


def test_approving_beyond_capacity_waitlists_and_rejecting_a_confirmed_one_promotes(make, reference):
    from eventsys.events.models import RegistrationMode

    event = make.event(mode=RegistrationMode.MODERATED, capacity=1)
    organizer = make.organizer(event)
    a, b = (services.register(event, payload(email=f"{x}@example.org"), actor="delegate") for x in "ab")
    outcome = services.approve(event, [a.id, b.id], actor=organizer)
    assert (outcome["confirmed"], outcome["waitlisted"]) == ([a], [b])
    outcome = services.approve(event, [b.id], actor=organizer)
    assert outcome["skipped"] == [b]  # still no seat: CapacityReached
    outcome = services.reject(event, [a.id], actor=organizer, reason="duplicate delegate")
    assert outcome["promoted"] == [b]
    assert b.status == S.CONFIRMED


def test_withdrawn_registration_cannot_change_again(open_event):
    registration = services.register(open_event, payload(), actor="delegate")
    services.withdraw(registration, actor="delegate")
    with pytest.raises(InvalidTransition):
        services.withdraw(registration, actor="delegate")
    with pytest.raises(InvalidTransition):
        services.change_state(registration, S.CONFIRMED, actor="x")


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"first_name": "x" * 101}, "first_name"),
        ({"email": "not-an-address"}, "email"),
        ({"country": "XX"}, "country"),
        ({"city": "atlantis"}, "city"),
        ({"consent": False}, "consent"),
        ({"consent": "yes"}, "consent"),
        ({"category": "royalty"}, "category"),
        ({"last_name": 42}, "last_name"),
        ({"answers": ["a"]}, "answers"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_saves_nothing(open_event, changes, field):
    with pytest.raises(InvalidRegistration) as caught:
        services.register(open_event, payload(**changes), actor="delegate")
    assert list(caught.value.errors) == [field]
    assert db.session.scalar(select(db.func.count()).select_from(Registration)) == 0


def test_manage_token_round_trip_and_voiding_by_version(open_event):
    from eventsys.registration.tokens import manage_token

    registration = services.register(open_event, payload(), actor="delegate")
    token = manage_token(registration)
    assert services.registration_from_manage_token(token) is registration
    assert services.manage_url(registration) == f"http://localhost/events/open-roundtable/registration/{token}"
    assert services.registration_from_manage_token(token + "x") is None
    registration.manage_key_version += 1
    db.session.commit()
    assert services.registration_from_manage_token(token) is None


def test_data_export_has_every_field_answer_and_the_history(open_event):
    from eventsys.registration.models import QuestionKind
    from eventsys.registration.settings import add_question

    add_question(
        open_event,
        key="site_visit",
        label_en="Site visit?",
        label_th="ศึกษาดูงาน?",
        kind=QuestionKind.YES_NO,
        required=True,
    )
    registration = services.register(open_event, payload(answers={"site_visit": True}), actor="delegate")
    data = services.registration_as_json(registration)
    assert data["answers"] == {"site_visit": "yes"}
    assert (data["email"], data["country"], data["city"], data["status"]) == (
        "kanokwan.srisuk@example.org",
        "TH",
        "bangkok",
        "confirmed",
    )
    assert [(h["from"], h["to"], h["by"]) for h in data["history"]] == [(None, "confirmed", "delegate")]
