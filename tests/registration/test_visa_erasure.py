"""The passport details go: with the registration's personal data (erasure), and by themselves 30
days after the event's last day (the daily retention run); the request's status and decision stay.
The delegate's own data export carries their request."""

from __future__ import annotations

import datetime as dt

from flask import url_for
from sqlalchemy import select, text

from eventsys.audit.models import AuditEntry
from eventsys.db import db, utcnow
from eventsys.privacy.jobs import retention_job
from eventsys.registration.erasure import erase_personal_data
from eventsys.registration.models import VisaDetails, VisaLetterStatus
from eventsys.registration.tokens import manage_token
from eventsys.registration.visa import decide_visa_letter, purge_visa_details, request_visa_letter

DETAILS = VisaDetails("SRISUK KANOKWAN", "TH", "AA1234567", dt.date(2031, 5, 1), dt.date(1985, 2, 14))


def raw_details(request_id: int):
    return db.session.execute(
        text("SELECT details_encrypted FROM visa_letter_requests WHERE id = :id"), {"id": request_id}
    ).scalar_one()


def test_erasure_erases_the_details_and_keeps_the_decision(make, open_event):
    registration = make.registration(open_event)
    request = request_visa_letter(registration, DETAILS)
    decide_visa_letter(request, approve=False, actor=make.organizer(open_event), reason="Too late.")
    erase_personal_data(registration, actor=None)
    assert raw_details(request.id) is None
    db.session.expire_all()
    assert request.details is None and request.erased_at is not None
    assert (request.status, request.decline_reason) == (VisaLetterStatus.DECLINED, "Too late.")


def ended(make, days_ago: int):
    event = make.event(f"ended-{days_ago}", days_ahead=-days_ago - 1, length=2)  # last day: `days_ago` days ago
    assert event.end_date == utcnow().date() - dt.timedelta(days=days_ago)
    return request_visa_letter(make.registration(event), DETAILS)


def test_details_are_kept_29_days_and_erased_after_30(make, reference):
    kept, on_the_30th, erased = ended(make, 29), ended(make, 30), ended(make, 31)
    assert purge_visa_details() == 1
    assert raw_details(kept.id) is not None and raw_details(on_the_30th.id) is not None
    assert raw_details(erased.id) is None
    db.session.expire_all()
    assert erased.erased_at is not None and erased.status == VisaLetterStatus.REQUESTED
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "registration.erase")).all()
    assert (entry.actor_label, entry.target_type, entry.target_ids, entry.event_id) == (
        "retention",
        "visa_letter_request",
        [str(erased.id)],
        erased.registration.event_id,
    )
    assert purge_visa_details() == 0  # nothing twice
    assert purge_visa_details(now=utcnow() + dt.timedelta(days=2)) == 2


def test_the_daily_retention_run_purges_them(make, reference):
    request = ended(make, 31)
    assert retention_job()["visa_details"] == 1
    assert raw_details(request.id) is None


def test_the_delegates_own_export_carries_their_request(client, make, open_event):
    registration = make.registration(open_event)
    request_visa_letter(registration, DETAILS)
    with client.application.test_request_context():
        export_url = url_for("privacy.delegate_export", slug=open_event.slug, token=manage_token(registration))
    data = client.get(export_url).get_json()
    [mine] = data["registrations"]
    assert mine["visa_letter"]["status"] == "requested"
    assert mine["visa_letter"]["details"] == {
        "name_in_passport": "SRISUK KANOKWAN",
        "nationality": "TH",
        "passport_number": "AA1234567",
        "passport_expiry": "2031-05-01",
        "date_of_birth": "1985-02-14",
    }
