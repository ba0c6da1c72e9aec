"""The demo data: one approved visa letter for a delegate of the next demo event, and certificates
for the checked-in delegates of past events; seeding again adds nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from eventsys.documents.demo import seed_documents_demo
from eventsys.documents.models import Document, DocumentKind
from eventsys.events.models import Event
from tests.documents.helpers import check_in

TODAY = dt.date(2026, 11, 24)


def test_demo_letter_and_certificates(app, db, client, make):
    from eventsys.demo.seed import seed_demo

    seed_demo(today=TODAY)
    [letter] = db.session.scalars(select(Document).where(Document.kind == DocumentKind.LETTER)).all()
    assert letter.facts["holder"] == "NGUYEN THI LINH"
    assert letter.event.start_date > TODAY
    assert client.get(f"/api/v1/verify/{letter.code}").get_json()["valid"] is True

    past = db.session.scalar(select(Event).where(Event.end_date < TODAY).order_by(Event.start_date))
    delegate = make.registration(past, first_name="Maria", last_name="Santos", country_code="PH")
    check_in(delegate, day=past.start_date)
    assert seed_documents_demo(TODAY) == 1
    certificate = db.session.scalar(select(Document).where(Document.kind == DocumentKind.CERTIFICATE))
    assert certificate.registration_id == delegate.id
    assert seed_documents_demo(TODAY) == 0
