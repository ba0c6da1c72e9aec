"""Issue 19, point 7: a visa invitation letter's round trip. The delegate asks for a letter, an
organizer approves it, the delegate downloads the PDF from their manage page; its text and its QR
code (zbarimg, 150 dpi) lead to /verify/<code>, which says valid; revoked, the page and the API say so."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from eventsys.documents.models import Document, DocumentKind
from eventsys.registration.models import VisaDetails, VisaLetterRequest
from eventsys.registration.tokens import manage_token
from eventsys.registration.visa import request_visa_letter
from tests.conftest import login
from tests.documents.helpers import pdf_text, read_qr

PASSPORT = "P7731904X"


def test_request_approve_download_read_verify_revoke_verify(app, db, client, make, outbox):
    event = make.event("ascn-2027", days_ahead=40, length=3)
    delegate = make.registration(
        event, first_name="Linh", last_name="Nguyen", email="linh@example.org", country_code="VN"
    )
    request_visa_letter(
        delegate,
        VisaDetails(
            name_in_passport="NGUYEN THI LINH",
            nationality="VN",
            passport_number=PASSPORT,
            passport_expiry=dt.date(2031, 5, 1),
            date_of_birth=dt.date(1990, 2, 14),
        ),
    )
    request_id = db.session.scalar(select(VisaLetterRequest.id).where(VisaLetterRequest.registration_id == delegate.id))
    organizer = make.organizer(event)
    login(client, organizer)

    approved = client.post(f"/manage/events/{event.slug}/visa-letters/{request_id}/decide", data={"action": "approve"})

    assert approved.status_code == 302
    letter = db.session.scalar(select(Document).where(Document.kind == DocumentKind.LETTER))
    assert letter.facts["holder"] == "NGUYEN THI LINH"
    # The stored facts hold no passport data and no e-mail.
    assert PASSPORT not in str(letter.facts) and "1990" not in str(letter.facts) and "linh@" not in str(letter.facts)
    # The delegate is mailed the letter, attached when the mail is delivered.
    [mail] = [m for m in outbox() if m.to_address == "linh@example.org"]
    assert mail.attachments == [{"kind": "document_pdf", "document_id": letter.id}]

    # The manage page offers the download; the PDF names the delegate as in the passport.
    client.get("/logout")
    token = manage_token(delegate)
    page = client.get(f"/events/{event.slug}/registration/{token}").get_data(as_text=True)
    link = re.search(r'id="letter-download" href="([^"]+)"', page).group(1)
    pdf = client.get(link)
    assert pdf.status_code == 200 and pdf.headers["Cache-Control"] == "private, no-store"
    text = " ".join(pdf_text(pdf.data).split())
    for expected in (
        "NGUYEN THI LINH",
        PASSPORT,
        "Viet Nam",
        "14 February 1990",
        "ASCN Roundtable (test)",
        letter.code,
    ):
        assert expected in text, expected
    verify_url = f"http://localhost/verify/{letter.code}"
    assert verify_url in text
    assert read_qr(pdf.data) == [verify_url]

    # Anyone verifies it from the QR's address: valid, and nothing private.
    verified = client.get(f"/verify/{letter.code}")
    body = verified.get_data(as_text=True)
    assert verified.status_code == 200 and 'data-state="valid"' in body
    assert "NGUYEN THI LINH" in body
    assert PASSPORT not in body and "linh@example.org" not in body and "1990" not in body
    api = client.get(f"/api/v1/verify/{letter.code}").get_json()
    assert (api["valid"], api["revoked"], api["kind"], api["holder"]) == (True, False, "letter", "NGUYEN THI LINH")
    assert PASSPORT not in str(api) and "linh@" not in str(api)

    # The organizer revokes it, with a reason: the page and the API say so at once.
    login(client, organizer)
    revoked = client.post(f"/events/{event.slug}/documents/{letter.id}/revoke", data={"reason": "Issued in error"})
    assert revoked.status_code == 302
    client.get("/logout")
    body = client.get(f"/verify/{letter.code}").get_data(as_text=True)
    today = dt.datetime.now(dt.UTC).date()
    assert 'data-state="revoked"' in body and "Issued in error" in body
    assert f"Revoked on {today.day} {today.strftime('%B %Y')}" in body
    api = client.get(f"/api/v1/verify/{letter.code}").get_json()
    assert (api["valid"], api["revoked"], api["revoked_on"], api["revoked_reason"]) == (
        False,
        True,
        today.isoformat(),
        "Issued in error",
    )
    # A revoked letter is no longer offered for download.
    assert client.get(link).status_code == 404
