"""Separation of duties: whoever wrote an outcome's version awaiting approval cannot approve it (on by
default; organizers may turn it off on the event's settings for a small meeting)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from eventsys.agenda.models import SessionRole
from eventsys.audit.models import AuditEntry
from eventsys.db import db
from eventsys.outcomes import services as outcomes
from eventsys.outcomes.models import OutcomeStatus
from tests.outcomes.conftest import content

MESSAGE = "You wrote this version; another approver must approve it."


@pytest.fixture
def writing_organizer(cast, make):
    """The event's organizer is also a rapporteur of the session (a small team)."""
    make.add_person_to_session(
        cast.session,
        make.person(name="Organizer Writes", local_name="", user_id=cast.organizer.id),
        SessionRole.RAPPORTEUR,
    )
    db.session.expire_all()
    return cast.organizer


def outcome_page(client, cast):
    return client.get(f"/manage/sessions/{cast.session.id}/outcomes")


def status(cast):
    db.session.expire_all()
    return outcomes.outcome_for(cast.session.id).status


def test_the_writer_of_the_version_sees_why_there_is_no_approve_button_and_cannot_approve(
    cast, writing_organizer, as_user
):
    assert cast.event.separation_of_duties is True  # on by default
    session = outcomes.get_session(cast.session.id)
    outcomes.save_draft(session, writing_organizer, content(), 0)
    outcomes.submit(session, writing_organizer)
    client = as_user(writing_organizer)
    page = outcome_page(client, cast).get_data(as_text=True)
    assert MESSAGE in page
    assert f'action="/manage/sessions/{cast.session.id}/outcomes/approve"' not in page
    assert f'action="/manage/sessions/{cast.session.id}/outcomes/return"' in page  # returning stays possible

    response = client.post(
        f"/manage/sessions/{cast.session.id}/outcomes/approve", data={"base_number": 1, "confirm": "y"}
    )
    assert (response.status_code, response.headers["Location"]) == (302, f"/manage/sessions/{cast.session.id}/outcomes")
    assert MESSAGE in outcome_page(client, cast).get_data(as_text=True)
    assert status(cast) == OutcomeStatus.SUBMITTED

    # Someone else may: the chair approves, once they tick that they read what they publish.
    chair = as_user(cast.chair)
    page = outcome_page(chair, cast).get_data(as_text=True)
    assert MESSAGE not in page and f'action="/manage/sessions/{cast.session.id}/outcomes/approve"' in page
    unconfirmed = chair.post(f"/manage/sessions/{cast.session.id}/outcomes/approve", data={"base_number": 1})
    assert unconfirmed.headers["Location"] == f"/manage/sessions/{cast.session.id}/outcomes"
    assert status(cast) == OutcomeStatus.SUBMITTED
    assert (
        chair.post(
            f"/manage/sessions/{cast.session.id}/outcomes/approve", data={"base_number": 1, "confirm": "y"}
        ).status_code
        == 302
    )
    assert status(cast) == OutcomeStatus.APPROVED


def test_every_version_since_the_last_approval_counts(cast, writing_organizer):
    session = outcomes.get_session(cast.session.id)
    outcomes.save_draft(session, writing_organizer, content("First text by the organizer."), 0)
    outcomes.save_draft(session, cast.rapporteur, content("First text, corrected by the rapporteur."), 1)
    outcomes.submit(session, cast.rapporteur)
    with pytest.raises(outcomes.SelfApproval, match=MESSAGE):
        outcomes.approve(session, writing_organizer)
    assert status(cast) == OutcomeStatus.SUBMITTED
    outcomes.approve(session, cast.chair)
    # A revision written by the rapporteur alone: the organizer may approve it.
    outcomes.save_draft(session, cast.rapporteur, content("A revision."), 2)
    outcomes.submit(session, cast.rapporteur)
    outcomes.approve(session, writing_organizer)
    assert status(cast) == OutcomeStatus.APPROVED


def test_site_admins_are_no_exception(cast):
    session = outcomes.get_session(cast.session.id)
    outcomes.save_draft(session, cast.admin, content(), 0)
    outcomes.submit(session, cast.admin)
    with pytest.raises(outcomes.SelfApproval):
        outcomes.approve(session, cast.admin)


def event_form(event, **changes):
    form = {
        "slug": event.slug,
        "kind": event.kind.value,
        "title_en": event.title_en,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "timezone": event.timezone,
        "is_published": "y",
        "separation_of_duties": "y",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def test_organizers_turn_it_off_for_a_small_meeting(cast, writing_organizer, as_user):
    client = as_user(writing_organizer)
    edit = client.get(f"/manage/events/{cast.event.slug}/edit").get_data(as_text=True)
    checkbox = re.search(r'<input[^>]*id="separation_of_duties"[^>]*>', edit).group(0)
    assert "checked" in checkbox
    response = client.post(
        f"/manage/events/{cast.event.slug}/edit", data=event_form(cast.event, separation_of_duties=None)
    )
    assert (response.status_code, response.headers["Location"]) == (302, f"/manage/events/{cast.event.slug}")
    db.session.expire_all()
    assert cast.event.separation_of_duties is False

    session = outcomes.get_session(cast.session.id)
    outcomes.save_draft(session, writing_organizer, content(), 0)
    outcomes.submit(session, writing_organizer)
    page = outcome_page(client, cast).get_data(as_text=True)
    assert MESSAGE not in page and f'action="/manage/sessions/{cast.session.id}/outcomes/approve"' in page
    assert (
        client.post(
            f"/manage/sessions/{cast.session.id}/outcomes/approve", data={"base_number": 1, "confirm": "y"}
        ).status_code
        == 302
    )
    assert status(cast) == OutcomeStatus.APPROVED

    # And back on.
    client.post(f"/manage/events/{cast.event.slug}/edit", data=event_form(cast.event))
    db.session.expire_all()
    assert cast.event.separation_of_duties is True
    # Both changes carry the organizer's name in the audit log.
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "settings.change")).all()
    assert [(e.actor_label, e.event_slug, e.detail) for e in entries] == [
        ("organizer@example.org", cast.event.slug, {"setting": "separation_of_duties", "value": False}),
        ("organizer@example.org", cast.event.slug, {"setting": "separation_of_duties", "value": True}),
    ]
