"""The letter and the certificate for the six-extractor suite (tests/pdf/conftest.py): made from the
ASCN demo event that tests/pdf/documents.py seeds, with the Thai seed name and a Thai event title,
each downloaded as its holder gets it (the manage link), in English and in Thai."""

from __future__ import annotations

import datetime as dt

from tests.documents.helpers import check_in
from tests.pdf.documents import SEED_NAME, SEED_TITLE

PASSPORT = "AA7712345"


def render_documents(app, client, make, event) -> dict[tuple[str, str], tuple[bytes, list[list[str]]]]:
    from eventsys.agenda.models import AgendaSession
    from eventsys.db import db
    from eventsys.documents.services import issue_certificate, issue_letter
    from eventsys.registration.models import VisaDetails
    from eventsys.registration.tokens import manage_token
    from eventsys.registration.visa import write_visa_request

    event.title_th = event.title_th or SEED_TITLE
    db.session.commit()
    from eventsys.checkin.services import ensure_lists

    first_list = next(checkin_list for checkin_list in ensure_lists(event) if checkin_list.session_id is not None)
    session = db.session.get(AgendaSession, first_list.session_id)
    documents = {}
    for language in ("en", "th"):
        delegate = make.registration(
            event,
            first_name="Namkhang",
            last_name="Panneng",
            local_name=SEED_NAME,
            organisation="Digital Economy",
            language=language,
        )
        check_in(delegate, day=event.start_date)
        check_in(delegate, session=session)
        certificate = issue_certificate(delegate, actor=None).document
        write_visa_request(
            delegate,
            VisaDetails("PANNENG NAMKHANG", "TH", PASSPORT, dt.date(2031, 5, 1), dt.date(1988, 7, 9)),
        )
        letter = issue_letter(delegate, "PANNENG NAMKHANG", actor=None)
        db.session.commit()
        token = manage_token(delegate)
        name = event.title_th if language == "th" else event.title_en
        other = event.title_en if language == "th" else event.title_th
        session_title = session.title_th if language == "th" and session.title_th else session.title_en
        for kind, document, strings in (
            (
                "certificate",
                certificate,
                [["Namkhang Panneng"], [SEED_NAME], [name], [other], [session_title], [certificate.code]],
            ),
            ("letter", letter, [["PANNENG NAMKHANG"], [name], [other], [PASSPORT], [letter.code]]),
        ):
            response = client.get(f"/events/{event.slug}/registration/{token}/documents/{document.code}.pdf")
            assert response.status_code == 200, response.status_code
            documents[(kind, language)] = (response.data, strings)
    return documents
