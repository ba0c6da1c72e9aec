"""Organizers and visa letter requests: only the event's organizers see the passport details (each
viewing audited), approve (the approval listeners run: the documents area's letter) or decline
with a reason the delegate is mailed in their language; exports carry the details only when asked."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io

import pytest
from sqlalchemy import select

from eventsys.accounts.models import Role
from eventsys.audit.models import AuditEntry
from eventsys.db import db
from eventsys.registration.models import VisaDetails, VisaLetterStatus
from eventsys.registration.visa import (
    DeclineReasonRequired,
    VisaLetterError,
    decide_visa_letter,
    register_visa_approval_listener,
    request_visa_letter,
    visa_requests_for_event,
)
from tests.conftest import login

DETAILS = VisaDetails("SRISUK KANOKWAN", "TH", "AA1234567", dt.date(2031, 5, 1), dt.date(1985, 2, 14))


@pytest.fixture
def letter(make, open_event):
    registration = make.registration(open_event, first_name="Kanokwan", last_name="Srisuk", language="th")
    return request_visa_letter(registration, DETAILS)


def base(event) -> str:
    return f"/manage/events/{event.slug}/visa-letters"


def entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_the_list_shows_requests_by_status_without_passport_data(organizer_client, open_event, letter, make):
    other = request_visa_letter(make.registration(open_event, first_name="Other"), DETAILS)
    decide_visa_letter(other, approve=True, actor=None)
    page = organizer_client.get(base(open_event) + "?lang=en").get_data(as_text=True)
    assert "Kanokwan Srisuk" in page and "Other Jaidee" in page
    assert "AA1234567" not in page and "SRISUK KANOKWAN" not in page
    requested = organizer_client.get(base(open_event) + "?status=requested&lang=en").get_data(as_text=True)
    assert "Kanokwan Srisuk" in requested and "Other Jaidee" not in requested
    assert organizer_client.get(base(open_event) + "?status=nonsense").status_code == 200
    assert entries("visa.view") == []  # the list decrypts nothing


def test_the_hub_links_the_page_for_organizers(organizer_client, open_event):
    hub = organizer_client.get(f"/manage/events/{open_event.slug}?lang=en").get_data(as_text=True)
    assert f'href="{base(open_event)}"' in hub


def test_the_details_page_shows_the_details_and_audits_the_viewing(organizer_client, open_event, letter):
    page = organizer_client.get(f"{base(open_event)}/{letter.id}?lang=en").get_data(as_text=True)
    for shown in ("SRISUK KANOKWAN", "AA1234567", "1 May 2031", "14 February 1985", "Thailand (TH)"):
        assert shown in page
    [entry] = entries("visa.view")
    assert (entry.actor_label, entry.target_type, entry.target_ids, entry.event_id) == (
        "organizer@example.org",
        "visa_letter_request",
        [str(letter.id)],
        open_event.id,
    )
    assert entry.detail == {"registration": letter.registration_id}


@pytest.mark.parametrize("role", [Role.RAPPORTEUR, Role.CHECKIN_STAFF])
def test_rapporteurs_and_the_door_are_refused(client, make, open_event, letter, role):
    login(client, make.with_role(open_event, role))
    assert client.get(base(open_event)).status_code == 403
    assert client.get(f"{base(open_event)}/{letter.id}").status_code == 403
    response = client.post(f"{base(open_event)}/{letter.id}/decide", data={"action": "approve"})
    assert response.status_code == 403
    assert entries("visa.view") == []
    assert letter.status == VisaLetterStatus.REQUESTED


def test_another_events_request_is_not_found(organizer_client, make, letter):
    elsewhere = make.event("elsewhere")
    make.organizer(elsewhere)
    assert organizer_client.get(f"{base(letter.registration.event)}/{letter.id + 1}").status_code == 404


def test_approving_runs_the_listeners_in_the_decision(organizer_client, app, open_event, letter, outbox):
    calls = []
    register_visa_approval_listener(app, lambda request, actor: calls.append((request.id, request.status, actor.email)))
    response = organizer_client.post(f"{base(open_event)}/{letter.id}/decide", data={"action": "approve"})
    assert (response.status_code, response.headers["Location"]) == (302, base(open_event))
    assert calls == [(letter.id, VisaLetterStatus.APPROVED, "organizer@example.org")]
    db.session.expire_all()
    assert letter.status == VisaLetterStatus.APPROVED
    assert letter.decided_by_id is not None and letter.decided_at is not None
    # The letter and its mail are the listeners' (the documents area's); registration mails no approval.
    assert [m for m in outbox() if m.kind.startswith("registration.")] == []
    [entry] = entries("visa.decide")
    assert entry.detail == {"registration": letter.registration_id, "decision": "approve"}
    again = organizer_client.post(f"{base(open_event)}/{letter.id}/decide?lang=en", data={"action": "approve"})
    assert again.status_code == 302
    assert len(calls) == 1


def test_a_failing_listener_undoes_the_approval(app, make, open_event, letter):
    def broken(request, actor):
        raise RuntimeError("the letter could not be made")

    register_visa_approval_listener(app, broken)
    with pytest.raises(RuntimeError):
        decide_visa_letter(letter, approve=True, actor=make.organizer(open_event))
    db.session.rollback()
    assert letter.status == VisaLetterStatus.REQUESTED
    assert entries("visa.decide") == []


def test_declining_needs_a_reason_and_mails_it_in_the_delegates_language(organizer_client, open_event, letter, outbox):
    url = f"{base(open_event)}/{letter.id}/decide?lang=en"
    refused = organizer_client.post(url, data={"action": "decline", "reason": "  "})
    assert refused.status_code == 302
    follow = organizer_client.get(refused.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Give the reason for declining: the delegate receives it." in html.unescape(follow)
    assert letter.status == VisaLetterStatus.REQUESTED and outbox() == []
    organizer_client.post(url, data={"action": "decline", "reason": "ยังไม่ได้ยืนยันการลงทะเบียน"})
    db.session.expire_all()
    assert (letter.status, letter.decline_reason) == (VisaLetterStatus.DECLINED, "ยังไม่ได้ยืนยันการลงทะเบียน")
    [mail] = outbox()
    assert (mail.kind, mail.to_address, mail.language) == (
        "registration.visa_declined",
        letter.registration.email,
        "th",
    )
    assert "ยังไม่ได้ยืนยันการลงทะเบียน" in mail.body_text
    assert "AA1234567" not in mail.body_text
    [entry] = entries("visa.decide")
    assert entry.detail["decision"] == "decline"


def test_the_service_refuses_a_decision_twice_and_a_decline_without_reason(make, open_event, letter):
    organizer = make.organizer(open_event)
    with pytest.raises(DeclineReasonRequired):
        decide_visa_letter(letter, approve=False, actor=organizer)
    decide_visa_letter(letter, approve=False, actor=organizer, reason="No.")
    with pytest.raises(VisaLetterError):
        decide_visa_letter(letter, approve=True, actor=organizer)
    assert [r.id for r in visa_requests_for_event(open_event, VisaLetterStatus.DECLINED)] == [letter.id]
    assert visa_requests_for_event(open_event, VisaLetterStatus.APPROVED) == []


# --- exports ---------------------------------------------------------------------------------------------


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_exports_leave_the_details_out_unless_ticked(organizer_client, open_event, letter, make):
    make.registration(open_event, first_name="Nobody")
    plain = rows(organizer_client.get(f"/manage/events/{open_event.slug}/registrations.csv?lang=en"))
    assert "Passport number" not in plain[0]
    assert not any("AA1234567" in cell for line in plain for cell in line)
    [plain_entry] = entries("registration.export")
    assert "visa_details" not in plain_entry.detail

    ticked = rows(organizer_client.get(f"/manage/events/{open_event.slug}/registrations.csv?visa=1&lang=en"))
    assert ticked[0][-6:] == [
        "Visa letter",
        "Name as in passport",
        "Nationality",
        "Passport number",
        "Passport expiry date",
        "Date of birth",
    ]
    by_name = {line[2]: line[-6:] for line in ticked[1:]}
    assert by_name["Kanokwan"] == ["Requested", "SRISUK KANOKWAN", "TH", "AA1234567", "2031-05-01", "1985-02-14"]
    assert by_name["Nobody"] == [""] * 6
    entry = entries("registration.export")[-1]
    assert entry.detail["visa_details"] == [letter.id]
    assert "visa" not in (entry.detail.get("filters") or {})
    xlsx = organizer_client.get(f"/manage/events/{open_event.slug}/registrations.xlsx?visa=1")
    assert xlsx.status_code == 200
    assert entries("registration.export")[-1].detail["visa_details"] == [letter.id]


def test_the_list_offers_the_tick_box_with_both_formats(organizer_client, open_event):
    page = organizer_client.get(f"/manage/events/{open_event.slug}/registrations?lang=en").get_data(as_text=True)
    assert 'type="checkbox" id="export-visa" name="visa" value="1"' in page
    assert f'href="/manage/events/{open_event.slug}/registrations.csv' in page  # the plain export stays one click
    assert f'formaction="/manage/events/{open_event.slug}/registrations.xlsx"' in page
