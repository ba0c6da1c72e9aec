"""A revoked visa letter can be followed by a new one while its request stays approved: a new code,
today's facts, mailed to the delegate, audited as an issue that replaces the old; the old letter's
page links to the new; and nothing is issued where the rules say no."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from eventsys.audit.models import AuditEntry
from eventsys.documents.models import Document, DocumentKind
from eventsys.registration.models import VisaDetails, VisaLetterRequest
from eventsys.registration.visa import request_visa_letter
from tests.conftest import login


def _approved_letter(db, client, make):
    event = make.event("ascn-2027", days_ahead=40, length=3)
    delegate = make.registration(event, first_name="Linh", last_name="Nguyen", email="linh@example.org")
    request_visa_letter(
        delegate,
        VisaDetails(
            name_in_passport="NGUYEN THI LINH",
            nationality="VN",
            passport_number="P7731904X",
            passport_expiry=dt.date(2031, 5, 1),
            date_of_birth=dt.date(1990, 2, 14),
        ),
    )
    request_id = db.session.scalar(select(VisaLetterRequest.id).where(VisaLetterRequest.registration_id == delegate.id))
    organizer = make.organizer(event)
    login(client, organizer)
    client.post(f"/manage/events/{event.slug}/visa-letters/{request_id}/decide", data={"action": "approve"})
    letter = db.session.scalar(select(Document).where(Document.kind == DocumentKind.LETTER))
    return event, delegate, organizer, letter


def test_a_revoked_letter_is_followed_by_a_new_one_on_request(app, db, client, make, outbox):
    event, _delegate, organizer, letter = _approved_letter(db, client, make)
    page = f"/events/{event.slug}/documents/{letter.id}"
    assert 'id="reissue-button"' not in client.get(page).get_data(as_text=True)  # still valid: nothing to follow
    refused = client.post(f"{page}/reissue")
    assert (refused.status_code, refused.headers["Location"]) == (302, page)
    assert db.session.scalar(select(Document.id).where(Document.id != letter.id)) is None

    client.post(f"{page}/revoke", data={"reason": "Wrong event dates"})
    assert 'id="reissue-button"' in client.get(page).get_data(as_text=True)
    mails_before = len(outbox())
    made = client.post(f"{page}/reissue")

    new = db.session.scalars(select(Document).where(Document.id != letter.id)).one()
    assert (made.status_code, made.headers["Location"]) == (303, f"/events/{event.slug}/documents/{new.id}")
    db.session.refresh(letter)
    assert (new.kind, new.facts["holder"], new.is_revoked, letter.superseded_by_id) == (
        DocumentKind.LETTER,
        "NGUYEN THI LINH",
        False,
        new.id,
    )
    assert new.code != letter.code
    [mail] = outbox()[mails_before:]
    assert (mail.to_address, mail.attachments) == (
        "linh@example.org",
        [{"kind": "document_pdf", "document_id": new.id}],
    )
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "document.issue").order_by(AuditEntry.id.desc())
    ).first()
    assert (entry.actor_label, entry.detail["code"], entry.detail["replaces"]) == (
        organizer.email,
        new.code,
        letter.code,
    )
    old_page = client.get(page).get_data(as_text=True)
    assert f"Replaced by {new.code}" in old_page and 'id="reissue-button"' not in old_page
    # Once replaced, the old letter cannot be followed again: still one current letter.
    client.post(f"{page}/reissue")
    assert len(db.session.scalars(select(Document)).all()) == 2


def test_no_new_letter_once_the_passport_details_are_erased(app, db, client, make):
    event, _delegate, _organizer, letter = _approved_letter(db, client, make)
    page = f"/events/{event.slug}/documents/{letter.id}"
    client.post(f"{page}/revoke", data={"reason": "Wrong event dates"})
    request = db.session.scalars(select(VisaLetterRequest)).one()
    request.details_encrypted = None  # as the daily run leaves it, 30 days after the event
    db.session.commit()
    assert 'id="reissue-button"' not in client.get(page).get_data(as_text=True)
    refused = client.post(f"{page}/reissue", follow_redirects=True)
    assert "A new letter can follow only a revoked letter" in refused.get_data(as_text=True)
    assert len(db.session.scalars(select(Document)).all()) == 1
