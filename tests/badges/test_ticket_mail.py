"""The e-ticket in the mails: what the badges area adds to a registration mail, the attachments built
at delivery, and the confirmation and promotion mails as a mail program reads them (`email`)."""

from __future__ import annotations

import email
import email.policy
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import select

from eventsys.badges import services, ticket
from eventsys.mail.attachments import build_attachments
from eventsys.mail.models import OutboxMail
from eventsys.mail.services import build_message
from eventsys.registration import services as registrations
from eventsys.registration.extras import mail_extras
from eventsys.registration.models import RegistrationStatus
from eventsys.registration.tokens import manage_url
from tests.badges.test_printing import decode_qr_codes


def zbar_png(data: bytes) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "qr.png"
        path.write_bytes(data)
        out = subprocess.run(["zbarimg", "-q", "--raw", str(path)], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line]


def current_code(registration) -> str:
    return services.code_for(services.current_badge(registration))


@pytest.mark.parametrize("mail_name", ["confirmed", "promoted"])
def test_confirmation_and_promotion_mails_carry_the_ticket(app, db, delegate, mail_name):
    extra = ticket.mail_extra(delegate, mail_name)
    assert extra.attachments == [
        {"kind": "ticket_pdf", "registration_id": delegate.id},
        {"kind": "ticket_qr", "registration_id": delegate.id},
    ]
    assert extra.inline_images == [("ticket-qr", "QR code of your e-ticket for ASCN Annual Meeting (test)")]
    assert extra.placeholders == {"ticket_url": manage_url(delegate) + "/ticket.pdf"}
    assert extra.placeholders["ticket_url"].startswith("http://localhost/events/ascn-badges-test/registration/")
    # Cheap: nothing is issued or rendered while the mail is queued.
    assert services.current_badge(delegate) is None


@pytest.mark.parametrize("mail_name", ["received", "waitlisted", "rejected", "withdrawn"])
def test_other_mails_carry_no_ticket(app, delegate, mail_name):
    assert ticket.mail_extra(delegate, mail_name) is None


def test_a_registration_no_longer_confirmed_gets_no_ticket_in_any_mail(app, db, delegate):
    delegate.status = RegistrationStatus.WITHDRAWN
    assert ticket.mail_extra(delegate, "confirmed") is None


def test_the_builders_make_the_pdf_and_the_inline_qr_of_the_current_code(app, db, delegate):
    spec = {"registration_id": delegate.id}
    [pdf] = build_attachments([{"kind": "ticket_pdf", **spec}])
    [png] = build_attachments([{"kind": "ticket_qr", **spec}])
    code = current_code(delegate)  # issued by the builder (delivery commits it)
    assert (pdf.filename, pdf.content_type, pdf.content_id) == ("ticket-ascn-badges-test.pdf", "application/pdf", None)
    assert decode_qr_codes(pdf.data) == [code]
    assert (png.filename, png.content_type, png.content_id) == ("ticket-qr.png", "image/png", "ticket-qr")
    assert png.data.startswith(b"\x89PNG")
    assert zbar_png(png.data) == [code]


def test_the_builders_give_nothing_once_the_registration_is_not_confirmed(app, db, delegate):
    delegate.status = RegistrationStatus.WITHDRAWN
    db.session.commit()
    specs = [
        {"kind": "ticket_pdf", "registration_id": delegate.id},
        {"kind": "ticket_qr", "registration_id": delegate.id},
    ]
    assert build_attachments(specs) == []
    assert build_attachments([{"kind": "ticket_pdf", "registration_id": 999_999}]) == []


def parsed(mail: OutboxMail) -> email.message.EmailMessage:
    return email.message_from_bytes(bytes(build_message(mail)), policy=email.policy.default)


def mails_of(db, registration, kind: str) -> list[OutboxMail]:
    return db.session.scalars(
        select(OutboxMail).where(OutboxMail.registration_id == registration.id, OutboxMail.kind == kind)
    ).all()


def test_approving_a_pending_delegate_mails_the_ticket_pdf_and_inline_qr(app, db, make, event, organizer):
    pending = make.registration(event, email="pending@example.org", status=RegistrationStatus.PENDING, language="th")
    registrations.approve(event, [pending.id], actor=organizer)
    [mail] = mails_of(db, pending, "registration.confirmed")
    message = parsed(mail)
    assert message.get_content_type() == "multipart/mixed"
    html = message.get_body(("html",)).get_content()
    assert 'src="cid:ticket-qr"' in html
    parts = {part.get_filename(): part for part in message.walk() if part.get_filename()}
    qr_part = next(part for part in message.walk() if part["Content-ID"] == "<ticket-qr>")
    assert qr_part.get_content_type() == "image/png"
    assert zbar_png(qr_part.get_content()) == [current_code(pending)]
    pdf = parts["ticket-ascn-badges-test.pdf"]
    assert pdf.get_content_type() == "application/pdf" and pdf.get_content_disposition() == "attachment"
    assert decode_qr_codes(pdf.get_content()) == [current_code(pending)]


def test_a_promotion_from_the_waitlist_mails_the_ticket(app, db, make, event, organizer):
    waiting = make.registration(event, email="waiting@example.org", status=RegistrationStatus.WAITLISTED)
    registrations.approve(event, [waiting.id], actor=organizer)
    [mail] = mails_of(db, waiting, "registration.promoted")
    filenames = [part.get_filename() for part in parsed(mail).walk() if part.get_filename()]
    assert "ticket-ascn-badges-test.pdf" in filenames and "ticket-qr.png" in filenames


def test_a_pending_registrations_mail_has_no_ticket(app, db, make, event):
    pending = make.registration(event, email="later@example.org", status=RegistrationStatus.PENDING)
    extra = mail_extras(pending, "received")
    assert not [spec for spec in extra.attachments if spec["kind"].startswith("ticket")]
    assert "ticket_url" not in extra.placeholders
