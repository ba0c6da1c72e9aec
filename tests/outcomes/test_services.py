import pytest
from sqlalchemy import select

from eventsys.db import db
from eventsys.outcomes import services
from eventsys.outcomes.models import OutcomeReview, OutcomeStatus, OutcomeVersion
from tests.outcomes.conftest import content


def test_workflow_draft_submitted_returned_resubmitted_approved_keeps_every_version(cast):
    s = cast.session
    outcome = services.save_draft(s, cast.rapporteur, content(), 0)
    assert (outcome.status, outcome.current_number) == (OutcomeStatus.DRAFT, 1)
    services.submit(s, cast.rapporteur, 1)
    assert outcome.status == OutcomeStatus.SUBMITTED
    services.return_to_rapporteurs(s, cast.chair, "Add the due date agreed for the Annual Meeting.", 1)
    assert (outcome.status, outcome.return_comment) == (
        OutcomeStatus.RETURNED,
        "Add the due date agreed for the Annual Meeting.",
    )
    services.save_draft(s, cast.second_rapporteur, content("Revised summary."), 1)
    assert outcome.status == OutcomeStatus.RETURNED  # still returned until it is resubmitted
    services.submit(s, cast.second_rapporteur, 2)
    assert outcome.status == OutcomeStatus.RESUBMITTED
    services.approve(s, cast.organizer, 2)
    assert outcome.status == OutcomeStatus.APPROVED
    assert outcome.approved_version.number == 2
    assert outcome.return_comment == ""
    versions = db.session.scalars(select(OutcomeVersion).order_by(OutcomeVersion.number)).all()
    assert [(v.number, v.content["summary_en"], v.author_id) for v in versions] == [
        (1, "The delegates reviewed the draft Terms of Reference.", cast.rapporteur.id),
        (2, "Revised summary.", cast.second_rapporteur.id),
    ]
    reviews = db.session.scalars(select(OutcomeReview).order_by(OutcomeReview.id)).all()
    assert [(r.action.value, r.version_number, r.user_id) for r in reviews] == [
        ("submitted", 1, cast.rapporteur.id),
        ("returned", 1, cast.chair.id),
        ("resubmitted", 2, cast.second_rapporteur.id),
        ("approved", 2, cast.organizer.id),
    ]


def test_second_rapporteur_saving_from_an_older_version_is_told_and_nothing_is_overwritten(cast):
    s = cast.session
    services.save_draft(s, cast.rapporteur, content(), 0)
    services.save_draft(s, cast.rapporteur, content("First rapporteur's revision."), 1)
    with pytest.raises(services.EditConflict) as conflict:
        services.save_draft(s, cast.second_rapporteur, content("Second rapporteur's text."), 1)
    assert conflict.value.current_number == 2
    assert "Someone else saved version 2 while you were editing. Nothing was overwritten" in str(conflict.value)
    outcome = services.outcome_for(s.id)
    assert [v.content["summary_en"] for v in outcome.versions] == [
        "The delegates reviewed the draft Terms of Reference.",
        "First rapporteur's revision.",
    ]


def test_saving_the_same_content_again_makes_no_new_version(cast):
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    outcome = services.outcome_for(cast.session.id)
    same = dict(outcome.current_version.content)
    services.save_draft(cast.session, cast.rapporteur, same, 1)
    assert services.outcome_for(cast.session.id).current_number == 1


def test_a_revision_after_approval_leaves_the_public_on_the_approved_version(cast):
    s = cast.session
    services.save_draft(s, cast.rapporteur, content(), 0)
    services.submit(s, cast.rapporteur)
    services.approve(s, cast.chair)
    services.save_draft(s, cast.rapporteur, content("A revised summary, not yet approved."), 1)
    outcome, version = services.approved_content(s.id)
    assert outcome.status == OutcomeStatus.DRAFT
    assert (version.number, version.content["summary_en"]) == (
        1,
        "The delegates reviewed the draft Terms of Reference.",
    )


def test_submitted_outcomes_cannot_be_edited_or_submitted_twice(cast):
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    services.submit(cast.session, cast.rapporteur)
    with pytest.raises(services.WrongState):
        services.save_draft(cast.session, cast.rapporteur, content("Edited"), 1)
    with pytest.raises(services.WrongState):
        services.submit(cast.session, cast.rapporteur)
    assert services.outcome_for(cast.session.id).current_number == 1


def test_approving_a_draft_or_returning_without_comment_is_refused(cast):
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    with pytest.raises(services.WrongState, match=r"Only submitted outcomes can be approved\."):
        services.approve(cast.session, cast.organizer)
    services.submit(cast.session, cast.rapporteur)
    with pytest.raises(services.InvalidContent):
        services.return_to_rapporteurs(cast.session, cast.organizer, "  ")
    assert services.outcome_for(cast.session.id).status == OutcomeStatus.SUBMITTED


def test_invalid_content_writes_nothing(cast):
    with pytest.raises(services.InvalidContent):
        services.save_draft(cast.session, cast.rapporteur, content(summary=""), 0)
    assert services.outcome_for(cast.session.id) is None
