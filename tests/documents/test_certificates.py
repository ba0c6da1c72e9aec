"""Certificates of attendance: one by one, in bulk (job with progress), from the command line,
superseded when the attendance grows, mailed in each delegate's language."""

from __future__ import annotations

from sqlalchemy import select

from eventsys.documents.models import Document, DocumentKind
from tests.conftest import login
from tests.documents.helpers import attended_event, check_in, pdf_text


def certificates(db, event):
    return db.session.scalars(
        select(Document)
        .where(Document.event_id == event.id, Document.kind == DocumentKind.CERTIFICATE)
        .order_by(Document.id)
    ).all()


def test_organizer_issues_one_certificate_with_days_and_sessions(app, db, client, make):
    event, _session, (somchai, _namkhang, ana) = attended_event(make)
    login(client, make.organizer(event))

    response = client.post(f"/events/{event.slug}/documents/registrations/{somchai.id}/certificate")

    [document] = certificates(db, event)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/events/{event.slug}/documents/{document.id}"
    assert document.facts["holder"] == "Somchai Jaidee"
    assert document.facts["attended"]["days"] == [event.start_date.isoformat(), event.end_date.isoformat()]
    assert [s["title"]["en"] for s in document.facts["attended"]["sessions"]] == ["City data platforms"]
    assert "somchai@example.org" not in str(document.facts)
    # Never checked in: refused with a message, nothing issued.
    refused = client.post(f"/events/{event.slug}/documents/registrations/{ana.id}/certificate", follow_redirects=True)
    assert "never checked in" in refused.get_data(as_text=True)
    assert len(certificates(db, event)) == 1
    # The PDF says who, what, when, and carries the code.
    pdf = client.get(f"/events/{event.slug}/documents/{document.id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = " ".join(pdf_text(pdf.data).split())
    for expected in (
        "Certificate of attendance",
        "Somchai Jaidee",
        "ASCN Roundtable (test)",
        document.code,
        "City data platforms",
    ):
        assert expected in text


def test_bulk_job_issues_for_everyone_checked_in_with_progress_and_result(app, db, client, make, outbox):
    event, _session, (somchai, namkhang, _ana) = attended_event(make)
    login(client, make.organizer(event))

    response = client.post(f"/events/{event.slug}/documents/certificates", data={"mail": "y"})

    assert response.status_code == 302
    job_url = response.headers["Location"]
    status = client.get(job_url + ".json").get_json()
    assert status["status"] == "done" and status["progress"] == 100
    assert status["result"] == {"issued": 2, "replaced": 0, "unchanged": 0, "mailed": 2, "total": 2}
    page = client.get(job_url).get_data(as_text=True)
    assert "Done: 2 certificates issued, 0 replacing an earlier one, 0 already current." in page
    assert {d.registration_id for d in certificates(db, event)} == {somchai.id, namkhang.id}
    # One mail per delegate, each in their language, with the certificate attached at delivery.
    mails = {mail.to_address: mail for mail in outbox()}
    assert set(mails) == {"somchai@example.org", "namkhang@example.org"}
    assert mails["somchai@example.org"].subject == "Your certificate of attendance: ASCN Roundtable (test)"
    # Namkhang reads Thai: her mail is in Thai, naming the event by its Thai title.
    assert mails["namkhang@example.org"].language == "th"
    assert "การประชุมเครือข่ายเมืองอัจฉริยะอาเซียน ครั้งที่ ๓" in mails["namkhang@example.org"].subject
    assert all(mail.attachments[0]["kind"] == "document_pdf" for mail in mails.values())
    # Delivered, each mail carries the holder's certificate, in the holder's language.
    from eventsys.mail.services import build_message

    message = build_message(mails["namkhang@example.org"])
    [pdf] = [part for part in message.iter_attachments() if part.get_content_type() == "application/pdf"]
    text = " ".join(pdf_text(pdf.get_content()).split())
    assert "Namkhang Panneng" in text and "น้ำค้าง ปั้นเหน่ง" in text and "การประชุมเครือข่ายเมืองอัจฉริยะอาเซียน" in text


def test_command_issues_then_supersedes_when_attendance_grows(app, db, make, outbox):
    event, session, (_somchai, namkhang, _ana) = attended_event(make)
    runner = app.test_cli_runner()

    first = runner.invoke(args=["certificates", event.slug])
    assert first.exit_code == 0, first.output
    assert first.output.startswith(
        "2 certificates issued (2 new, 0 replacing an earlier one; 0 already current; 2 checked in)."
    )
    assert outbox() == []

    again = runner.invoke(args=["certificates", event.slug])
    assert again.output.startswith("0 certificates issued (0 new, 0 replacing an earlier one; 2 already current;")

    # Namkhang comes to the session too: her certificate is re-issued, the old one revoked as replaced.
    old = next(d for d in certificates(db, event) if d.registration_id == namkhang.id)
    check_in(namkhang, session=session)
    grown = runner.invoke(args=["certificates", event.slug, "--mail"])
    assert grown.output.startswith(
        "1 certificate issued (0 new, 1 replacing an earlier one; 1 already current; 2 checked in)."
    )
    assert "1 mailed." in grown.output
    db.session.expire_all()
    old = db.session.get(Document, old.id)
    new = db.session.get(Document, old.superseded_by_id)
    assert old.revoke_reason == "replaced" and old.revoked_at is not None
    assert new.revoked_at is None and len(new.facts["attended"]["sessions"]) == 1
    assert [mail.to_address for mail in outbox()] == ["namkhang@example.org"]
    missing = runner.invoke(args=["certificates", "no-such-event"])
    assert missing.exit_code == 1 and "No event with slug 'no-such-event'." in missing.output


def test_organizer_mails_every_current_certificate(app, db, client, make, outbox):
    event, _session, _people = attended_event(make)
    app.test_cli_runner().invoke(args=["certificates", event.slug])
    login(client, make.organizer(event))

    response = client.post(f"/events/{event.slug}/documents/certificates/mail", follow_redirects=True)

    assert "Certificates mailed: 2, each in its holder&#39;s language." in response.get_data(as_text=True)
    assert sorted(mail.language for mail in outbox()) == ["en", "th"]
