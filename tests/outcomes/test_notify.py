"""Mails of the outcomes workflow: approvers hear of a submission, rapporteurs of an approval or a
return, each in their account's language, with the link to the outcome; the one who acted is not
mailed, and a refused step mails nobody."""

from __future__ import annotations

import email
import email.policy

import pytest

from eventsys.db import db
from eventsys.mail.services import build_message
from eventsys.outcomes import services
from tests.outcomes.conftest import content


def _mails(outbox) -> dict[str, email.message.EmailMessage]:
    return {
        mail.to_address: email.message_from_bytes(bytes(build_message(mail)), policy=email.policy.default)
        for mail in outbox()
    }


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


@pytest.fixture
def submitted(cast, outbox):
    cast.chair.locale = "th"
    cast.second_rapporteur.locale = "th"
    db.session.commit()
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    services.submit(cast.session, cast.rapporteur, 1)
    return cast


def test_submitting_mails_each_approver_in_their_language(submitted, outbox):
    cast = submitted
    mails = _mails(outbox)
    assert set(mails) == {"organizer@example.org", "chair@example.org"}  # not the rapporteurs, not the admin
    english, thai = mails["organizer@example.org"], mails["chair@example.org"]
    assert english["Subject"] == "Outcomes submitted for approval: Draft ASCN Terms of Reference"
    url = f"http://localhost/manage/sessions/{cast.session.id}/outcomes"
    assert "Rapporteur One has submitted the outcomes" in _text(english) and url in _text(english)
    assert "http://localhost/manage/queue" in _text(english)
    # In Thai (the new sentences' Thai comes with the catalogue; the greeting is already there).
    assert "เรียน คุณSession Chair" in _text(thai) and url in _text(thai)
    assert {m.language for m in outbox()} == {"en", "th"}


def test_approving_mails_the_rapporteurs_not_the_approver(submitted, outbox):
    cast = submitted
    before = len(outbox())
    services.approve(cast.session, cast.organizer, 1)
    mails = _mails(outbox)
    new = {m.to_address for m in outbox()[before:]}
    assert new == {"rap1@example.org", "rap2@example.org"}
    assert mails["rap1@example.org"]["Subject"] == "Outcomes approved: Draft ASCN Terms of Reference"
    assert "Event Organizer has approved" in _text(mails["rap1@example.org"])
    assert "เรียน คุณRapporteur Two" in _text(mails["rap2@example.org"])


def test_returning_mails_the_rapporteurs_the_comment(submitted, outbox):
    cast = submitted
    before = len(outbox())
    services.return_to_rapporteurs(cast.session, cast.chair, "Add the Thai summary of rec-1.", 1)
    rows = outbox()[before:]
    assert {m.to_address for m in rows} == {"rap1@example.org", "rap2@example.org"}
    mails = _mails(outbox)
    english = _text(mails["rap1@example.org"])
    assert mails["rap1@example.org"]["Subject"] == "Outcomes returned with comments: Draft ASCN Terms of Reference"
    assert "Session Chair has returned" in english and "Add the Thai summary of rec-1." in english
    assert "Add the Thai summary of rec-1." in _text(mails["rap2@example.org"])
    assert "เรียน คุณRapporteur Two" in _text(mails["rap2@example.org"])


def test_a_refused_step_mails_nobody(submitted, outbox):
    cast = submitted
    before = len(outbox())
    with pytest.raises(services.WrongState):
        services.submit(cast.session, cast.rapporteur, 1)  # already submitted
    with pytest.raises(services.NotAllowed):
        services.approve(cast.session, cast.rapporteur, 1)
    assert len(outbox()) == before


def test_without_any_approver_the_site_admins_are_told(cast, make, outbox):
    from eventsys.accounts.models import EventRole

    db.session.query(EventRole).filter_by(user_id=cast.organizer.id).delete()
    cast.chair.active = False
    db.session.commit()
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    services.submit(cast.session, cast.rapporteur, 1)
    assert [m.to_address for m in outbox()] == ["admin@example.org"]
