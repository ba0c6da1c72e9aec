"""Demo content of the documents area: certificates of attendance for the past demo events'
checked-in delegates (where the demo has check-ins), and one approved visa invitation letter for a
delegate of an upcoming event, so organizers trying eventsys see both on the documents page."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from eventsys.db import db, utcnow
from eventsys.documents import services
from eventsys.documents.models import Document, DocumentKind
from eventsys.events.models import Event
from eventsys.registration.models import (
    Registration,
    RegistrationCategory,
    RegistrationStatus,
    VisaDetails,
    VisaLetterRequest,
    VisaLetterStatus,
)

DEMO_ACTOR = "demo data"


def seed_documents_demo(today: dt.date) -> int:
    made = 0
    for event in db.session.scalars(select(Event).where(Event.end_date < today).order_by(Event.id)):
        counts = services.issue_certificates(event, actor=DEMO_ACTOR)
        made += counts["issued"] + counts["replaced"]
    made += _one_letter(today)
    db.session.flush()
    return made


DEMO_DELEGATE = {
    "first_name": "Linh",
    "last_name": "Nguyen",
    "email": "visa.delegate@ascn.example.org",
    "organisation": "Da Nang Department of Information and Communications",
    "country_code": "VN",
}


def _one_letter(today: dt.date) -> int:
    """A delegate from Da Nang registered for the next demo event, whose request was approved."""
    if db.session.scalar(select(Document.id).where(Document.kind == DocumentKind.LETTER).limit(1)):
        return 0
    event = db.session.scalar(select(Event).where(Event.start_date > today).order_by(Event.start_date).limit(1))
    if event is None:
        return 0
    registration = db.session.scalar(
        select(Registration).where(Registration.event_id == event.id, Registration.email == DEMO_DELEGATE["email"])
    )
    if registration is None:
        registration = Registration(
            event_id=event.id,
            category=RegistrationCategory.CITY_REPRESENTATIVE,
            status=RegistrationStatus.CONFIRMED,
            consent_at=utcnow(),
            **DEMO_DELEGATE,
        )
        db.session.add(registration)
        db.session.flush()
    if registration.visa_letter_request is not None:
        return 0
    request = VisaLetterRequest(registration=registration, status=VisaLetterStatus.APPROVED, decline_reason="")
    request.details = VisaDetails(
        name_in_passport="NGUYEN THI LINH",
        nationality="VN",
        passport_number="C1234567",
        passport_expiry=today + dt.timedelta(days=4 * 365),
        date_of_birth=dt.date(1984, 3, 14),
    )
    request.decided_at = utcnow()
    db.session.add(request)
    db.session.flush()
    services.issue_letter(registration, request.details.name_in_passport, actor=DEMO_ACTOR, today=today)
    return 2
