"""An erased delegate's documents: a certificate stays valid as issued (the attendance happened)
but no longer names its holder; a letter is revoked (the erasure withdraws the registration, so the
invitation no longer stands, and its passport details are gone). Organizers' revocations are logged."""

from __future__ import annotations

from sqlalchemy import select

from eventsys.audit.models import AuditEntry
from eventsys.documents.services import issue_certificate, issue_letter
from eventsys.registration.erasure import erase_personal_data
from tests.documents.helpers import attended_event


def test_erasure_keeps_the_certificate_verifiable_without_the_name_and_revokes_the_letter(app, db, client, make):
    event, _session, (somchai, _namkhang, _ana) = attended_event(make)
    certificate = issue_certificate(somchai, actor=None).document
    letter = issue_letter(somchai, "JAIDEE SOMCHAI", actor=None)
    db.session.commit()

    erase_personal_data(somchai, actor=None)

    page = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert 'data-state="valid"' in page and "Somchai" not in page
    assert "The holder's name was erased at their request" in page
    api = client.get(f"/api/v1/verify/{certificate.code}").get_json()
    assert (api["valid"], api["holder"], api["holder_erased"]) == (True, None, True)
    assert api["attended"]["days"] == [event.start_date.isoformat(), event.end_date.isoformat()]
    letter_page = client.get(f"/verify/{letter.code}").get_data(as_text=True)
    assert 'data-state="revoked"' in letter_page
    assert "the holder's personal data was erased at their request" in letter_page.replace("&#39;", "'")
    letter_api = client.get(f"/api/v1/verify/{letter.code}").get_json()
    assert (letter_api["revoked"], letter_api["holder"], letter_api["revoked_reason"]) == (
        True,
        None,
        "the holder's registration was erased",
    )


def test_revoking_is_in_the_audit_log_and_needs_a_reason(app, db, client, make):
    event, _session, (somchai, _namkhang, _ana) = attended_event(make)
    organizer = make.organizer(event)
    certificate = issue_certificate(somchai, actor=organizer).document
    db.session.commit()
    from tests.conftest import login

    login(client, organizer)
    empty = client.post(f"/events/{event.slug}/documents/{certificate.id}/revoke", data={"reason": "  "})
    assert empty.status_code == 422 and "Say why the document is revoked." in empty.get_data(as_text=True)

    client.post(f"/events/{event.slug}/documents/{certificate.id}/revoke", data={"reason": "Wrong person"})

    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action.like("document.%")).order_by(AuditEntry.id)
    ).all()
    assert [(e.action, e.actor_label, e.detail.get("code")) for e in entries] == [
        ("document.issue", organizer.email, certificate.code),
        ("document.revoke", organizer.email, certificate.code),
    ]
    assert entries[1].detail["reason"] == "Wrong person"
    again = client.post(f"/events/{event.slug}/documents/{certificate.id}/revoke", data={"reason": "Twice"})
    assert again.status_code == 422 and "already revoked" in again.get_data(as_text=True)


def test_manage_page_shows_the_certificate_and_only_its_holder_downloads_it(app, db, client, make):
    from eventsys.registration.tokens import manage_token

    event, _session, (somchai, namkhang, _ana) = attended_event(make)
    certificate = issue_certificate(somchai, actor=None).document
    db.session.commit()

    page = client.get(f"/events/{event.slug}/registration/{manage_token(somchai)}").get_data(as_text=True)
    assert 'id="documents-panel"' in page and certificate.code in page
    own = client.get(f"/events/{event.slug}/registration/{manage_token(somchai)}/documents/{certificate.code}.pdf")
    assert own.status_code == 200 and own.mimetype == "application/pdf"
    # Another delegate's link does not open it; nor does a forged link.
    other = client.get(f"/events/{event.slug}/registration/{manage_token(namkhang)}/documents/{certificate.code}.pdf")
    assert other.status_code == 404
    assert client.get(f"/events/{event.slug}/registration/forged/documents/{certificate.code}.pdf").status_code == 404
    # No documents, no panel.
    assert 'id="documents-panel"' not in client.get(
        f"/events/{event.slug}/registration/{manage_token(namkhang)}"
    ).get_data(as_text=True)
