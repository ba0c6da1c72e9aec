"""Every staff action on personal data or public content writes its audit entry, in the action's
transaction: who (account and name), what, which records, which event, from which address. An action
that fails or changes nothing writes none."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from eventsys.audit.services import record
from eventsys.db import db
from eventsys.registration.models import RegistrationStatus
from tests.audit.conftest import ADDRESS
from tests.conftest import login

S = RegistrationStatus


def the_entry(entries, action):
    found = entries(action)
    assert len(found) == 1, [(e.action, e.target_ids) for e in entries()]
    return found[0]


def who_what_where(entry):
    return (entry.actor_id, entry.actor_label, entry.target_type, entry.target_ids, entry.event_id, entry.ip_address)


def ids(*rows):
    return [str(row.id) for row in rows]


# --- record() itself ------------------------------------------------------------------------------


def test_an_entry_goes_with_its_transaction(app, event, organizer, entries):
    record("registration.export", actor=organizer, event=event, targets=[1])
    db.session.rollback()
    assert entries() == []
    record("registration.export", actor=organizer, event=event, targets=[1])
    db.session.commit()
    (entry,) = entries()
    # Outside a request: no address, and the command line named when there is no account.
    assert (entry.actor_id, entry.event_slug, entry.ip_address) == (organizer.id, event.slug, "")
    record("registration.erase", event=event, targets=[1])
    db.session.commit()
    assert entries("registration.erase")[0].actor_label.startswith("command line")


def test_an_unknown_action_is_refused(app):
    with pytest.raises(ValueError, match=re.escape("unknown audit action 'registration.peek'")):
        record("registration.peek")


# --- moderation -----------------------------------------------------------------------------------------


def test_bulk_approval_is_recorded_with_what_became_of_each(from_address, make, event, organizer, entries):
    event.capacity = 1
    db.session.commit()
    first = make.registration(event, status=S.PENDING)
    second = make.registration(event, status=S.PENDING)
    gone = make.registration(event, status=S.WITHDRAWN)
    login(from_address, organizer)
    response = from_address.post(
        f"/manage/events/{event.slug}/registrations/decide",
        data={"ids": [first.id, second.id, gone.id], "action": "approve", "reason": "Welcome"},
    )
    assert (response.status_code, response.headers["Location"]) == (302, f"/manage/events/{event.slug}/registrations")
    entry = the_entry(entries, "registration.decide")
    assert who_what_where(entry) == (
        organizer.id,
        "organizer@example.org",
        "registration",
        ids(first, second),
        event.id,
        ADDRESS,
    )
    assert entry.detail == {
        "decision": "approve",
        "confirmed": [first.id],
        "waitlisted": [second.id],
        "skipped": [gone.id],
        "reason": "Welcome",
    }


def test_a_single_rejection_with_a_promotion_is_recorded(from_address, make, event, organizer, entries):
    event.capacity = 1
    db.session.commit()
    seated = make.registration(event, status=S.CONFIRMED)
    waiting = make.registration(event, status=S.WAITLISTED)
    login(from_address, organizer)
    back = f"/manage/events/{event.slug}/registrations/{seated.id}"
    response = from_address.post(
        f"/manage/events/{event.slug}/registrations/decide",
        data={"ids": [seated.id], "action": "reject", "back": back},
    )
    assert (response.status_code, response.headers["Location"]) == (302, back)
    entry = the_entry(entries, "registration.decide")
    assert who_what_where(entry) == (
        organizer.id,
        "organizer@example.org",
        "registration",
        ids(seated, waiting),
        event.id,
        ADDRESS,
    )
    assert entry.detail == {"decision": "reject", "rejected": [seated.id], "promoted": [waiting.id]}


def test_a_decision_that_changes_nobody_or_is_refused_writes_nothing(
    from_address, make, event, organizer, other_event, entries
):
    withdrawn = make.registration(event, status=S.WITHDRAWN)
    elsewhere = make.registration(other_event, status=S.PENDING)
    login(from_address, organizer)
    url = f"/manage/events/{event.slug}/registrations/decide"
    from_address.post(url, data={"ids": [withdrawn.id], "action": "approve"})  # not a move it can make
    from_address.post(url, data={"ids": [elsewhere.id], "action": "reject"})  # another event's
    from_address.post(url, data={"action": "approve"})  # nobody selected
    assert entries() == []
    db.session.expire_all()
    assert (withdrawn.status, elsewhere.status) == (S.WITHDRAWN, S.PENDING)


def test_more_seats_in_the_settings_promote_and_are_recorded(from_address, make, event, organizer, entries):
    event.capacity = 1
    db.session.commit()
    make.registration(event, status=S.CONFIRMED)
    waiting = make.registration(event, status=S.WAITLISTED)
    login(from_address, organizer)
    response = from_address.post(
        f"/manage/events/{event.slug}/registration-settings",
        data={
            "mode": "open",
            "capacity": "2",
            "opens_at": "",
            "closes_at": "",
            "privacy_notice_url": "",
            "confirm_promotion": str(waiting.id),  # the page asked first who would be mailed
        },
    )
    assert response.status_code == 302
    entry = the_entry(entries, "registration.decide")
    assert who_what_where(entry) == (
        organizer.id,
        "organizer@example.org",
        "registration",
        ids(waiting),
        event.id,
        ADDRESS,
    )
    assert entry.detail == {"decision": "promote", "promoted": [waiting.id]}


def test_invitations_are_recorded_and_refused_addresses_are_not(from_address, event, organizer, entries):
    login(from_address, organizer)
    url = f"/manage/events/{event.slug}/invitations"
    from_address.post(url, data={"emails": "not an address", "category": ""})
    assert entries() == []
    from_address.post(url, data={"emails": "Minister@Example.org\nnot an address", "category": ""})
    entry = the_entry(entries, "registration.invite")
    (invitation_id,) = entry.target_ids
    assert who_what_where(entry) == (
        organizer.id,
        "organizer@example.org",
        "invitation",
        [invitation_id],
        event.id,
        ADDRESS,
    )
    assert entry.detail == {"email": ["minister@example.org"]}


# --- exports ----------------------------------------------------------------------------------------------


def test_registrations_csv_and_xlsx_exports_are_recorded_with_whose_data_left(
    from_address, make, event, organizer, entries
):
    confirmed = make.registration(event, status=S.CONFIRMED)
    make.registration(event, status=S.PENDING)
    login(from_address, organizer)
    response = from_address.get(f"/manage/events/{event.slug}/registrations.csv?status=confirmed")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    entry = the_entry(entries, "registration.export")
    assert who_what_where(entry) == (
        organizer.id,
        "organizer@example.org",
        "registration",
        ids(confirmed),
        event.id,
        ADDRESS,
    )
    assert entry.detail == {"export": "registrations.csv", "rows": 1, "filters": {"status": "confirmed"}}

    response = from_address.get(f"/manage/events/{event.slug}/registrations.xlsx")
    assert response.status_code == 200
    xlsx = entries("registration.export")[-1]
    assert (xlsx.detail["export"], xlsx.detail["rows"], len(xlsx.target_ids)) == ("registrations.xlsx", 2, 2)


def test_an_export_refused_to_a_rapporteur_writes_nothing(from_address, make, event, rapporteur, entries):
    make.registration(event)
    login(from_address, rapporteur)
    assert from_address.get(f"/manage/events/{event.slug}/registrations.csv").status_code == 403
    assert entries() == []


def test_the_attendance_csv_is_recorded_and_its_cells_never_run_as_formulas(
    from_address, make, event, door_staff, entries
):
    from eventsys.checkin import services as checkin

    schemer = make.registration(event, first_name='=HYPERLINK("http://x")', last_name="@SUM(A1)")
    checkin.record_scan(event, nonce="nonce-attendance-1", registration_id=schemer.id, user=door_staff)
    login(from_address, door_staff)
    response = from_address.get(f"/events/{event.slug}/checkin/attendance.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8").lstrip("\ufeff"))))
    assert rows[1][3:5] == ['\'=HYPERLINK("http://x")', "'@SUM(A1)"]
    entry = the_entry(entries, "registration.export")
    assert who_what_where(entry) == (door_staff.id, "door@example.org", "registration", ids(schemer), event.id, ADDRESS)
    assert entry.detail == {"export": "attendance.csv", "rows": 1}


# --- erasure -------------------------------------------------------------------------------------------


def test_an_erasure_is_recorded_and_an_unconfirmed_one_is_not(from_address, make, event, organizer, entries):
    registration = make.registration(event, status=S.CONFIRMED)
    login(from_address, organizer)
    url = f"/manage/events/{event.slug}/registrations/{registration.id}/erase"
    from_address.post(url, data={})  # the box not ticked
    assert entries() == []
    from_address.post(url, data={"confirm": "erase"})
    entry = the_entry(entries, "registration.erase")
    assert who_what_where(entry) == (
        organizer.id,
        "organizer@example.org",
        "registration",
        ids(registration),
        event.id,
        ADDRESS,
    )
    assert entry.detail == {"status": "confirmed"}
    from_address.post(url, data={"confirm": "erase"})  # already erased: nothing more happens
    assert len(entries("registration.erase")) == 1


# --- public content ------------------------------------------------------------------------------------


def test_publishing_the_agenda_is_recorded(from_address, make, event, organizer, entries):
    from eventsys.agenda.models import AgendaPublication

    make.session(event)
    login(from_address, organizer)
    response = from_address.post(f"/manage/events/{event.slug}/agenda/publish")
    assert (response.status_code, response.headers["Location"]) == (302, f"/manage/events/{event.slug}/agenda")
    publication = db.session.scalar(select(AgendaPublication))
    entry = the_entry(entries, "agenda.publish")
    assert who_what_where(entry) == (
        organizer.id,
        "organizer@example.org",
        "agenda_publication",
        ids(publication),
        event.id,
        ADDRESS,
    )
    assert entry.detail == {"sessions_changed": 1, "mails": 0}


def test_publishing_and_withdrawing_a_summit_report_are_recorded(
    from_address, make, event, organizer, other_organizer, entries
):
    from eventsys.reports import services as reports

    report = reports.create_report(organizer, slug="ascn-report-test", title_en="ASCN Report (test)")
    login(from_address, organizer)
    url = f"/manage/reports/{report.slug}/publish"
    assert from_address.post(url, data={"publish": "1", "confirm": "y"}).status_code == 302
    entry = the_entry(entries, "report.publish")
    assert who_what_where(entry) == (organizer.id, "organizer@example.org", "report", ids(report), None, ADDRESS)
    assert entry.detail == {"report": "ascn-report-test"}
    from_address.post("/logout")
    login(from_address, other_organizer)  # not the report's editor
    assert from_address.post(url, data={"publish": "0"}).status_code == 403
    assert entries("report.unpublish") == []
    from_address.post("/logout")
    login(from_address, organizer)
    from_address.post(url, data={"publish": "0"})
    assert who_what_where(the_entry(entries, "report.unpublish"))[:4] == (
        organizer.id,
        "organizer@example.org",
        "report",
        ids(report),
    )


def _ready_build(event, version: int, *, status=None):
    from eventsys.proceedings import storage
    from eventsys.proceedings.models import BuildStatus, ProceedingsBuild

    relative = f"proceedings/{event.slug}/book-{version}.pdf"
    data = b"%PDF-1.4 a stand-in for the book\n"
    storage.write_atomically(relative, data)
    build = ProceedingsBuild(
        event_id=event.id,
        status=status or BuildStatus.READY,
        version=version,
        options={},
        options_hash="0" * 64,
        file_path=relative,
        size=len(data),
    )
    db.session.add(build)
    db.session.commit()
    return build


def test_publishing_and_withdrawing_the_proceedings_are_recorded(from_address, event, organizer, entries):
    from eventsys.proceedings.models import BuildStatus

    book = _ready_build(event, 1)
    unfinished = _ready_build(event, 2, status=BuildStatus.FAILED)
    login(from_address, organizer)
    base = f"/manage/events/{event.slug}/proceedings"
    from_address.post(f"{base}/builds/{unfinished.id}/publish")  # "Only a finished book can be published."
    assert entries() == []
    from_address.post(f"{base}/builds/{book.id}/publish")
    entry = the_entry(entries, "proceedings.publish")
    assert who_what_where(entry) == (
        organizer.id,
        "organizer@example.org",
        "proceedings_build",
        ids(book),
        event.id,
        ADDRESS,
    )
    assert entry.detail == {"version": 1, "draft": False}
    from_address.post(f"{base}/unpublish")
    assert who_what_where(the_entry(entries, "proceedings.unpublish"))[2:] == (
        "proceedings_build",
        ids(book),
        event.id,
        ADDRESS,
    )
    from_address.post(f"{base}/unpublish")  # nothing public any more: no second entry
    assert len(entries("proceedings.unpublish")) == 1


# --- badges ----------------------------------------------------------------------------------------------


def test_a_desk_print_then_a_reprint_are_recorded(from_address, make, event, organizer, entries):
    delegate = make.registration(event)
    login(from_address, organizer)
    url = f"/events/{event.slug}/badges/registrations/{delegate.id}/print"
    assert from_address.post(url, data={"layout": "no-such-sheet"}).status_code == 302  # refused
    assert entries() == []
    assert from_address.post(url).mimetype == "application/pdf"
    first = the_entry(entries, "badge.print")
    assert who_what_where(first) == (
        organizer.id,
        "organizer@example.org",
        "registration",
        ids(delegate),
        event.id,
        ADDRESS,
    )
    assert (first.detail["badges"], first.detail["reprints"], first.detail["scope"]) == (1, 0, "one")
    assert from_address.post(url).mimetype == "application/pdf"
    again = the_entry(entries, "badge.reprint")
    assert who_what_where(again)[:5] == (organizer.id, "organizer@example.org", "registration", ids(delegate), event.id)
    assert (again.detail["badges"], again.detail["reprints"]) == (1, 1)


def test_a_background_print_run_keeps_the_address_it_was_asked_from(make, event, organizer, entries):
    from eventsys.badges.jobs import print_badges_job

    delegate = make.registration(event)
    # As an RQ worker runs it: no request, the address handed over in the job's parameters.
    result = print_badges_job(None, event.id, organizer.id, {"status": "confirmed"}, "a6-4up", "all", ip="198.51.100.4")
    assert result["badges"] == 1
    entry = the_entry(entries, "badge.print")
    assert who_what_where(entry) == (
        organizer.id,
        "organizer@example.org",
        "registration",
        ids(delegate),
        event.id,
        "198.51.100.4",
    )


def test_the_print_page_hands_its_address_to_the_job(from_address, make, event, organizer, entries):
    make.registration(event)
    login(from_address, organizer)
    response = from_address.post(f"/events/{event.slug}/badges/print", data={"layout": "a6-4up"})
    assert response.status_code == 302
    entry = the_entry(entries, "badge.print")
    assert (entry.actor_id, entry.ip_address, entry.detail["scope"]) == (organizer.id, ADDRESS, "all")


# --- check-in overrides -------------------------------------------------------------------------------


def test_check_ins_by_hand_and_check_outs_are_recorded_but_routine_scans_are_not(
    from_address, make, event, door_staff, entries
):
    from eventsys.accounts.tokens import create as create_api_token
    from eventsys.badges import services as badges

    _, secret = create_api_token(door_staff, "scanner")
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    url = f"/api/v1/events/{event.slug}/checkins"
    by_hand = make.registration(event, first_name="Walk", last_name="In")
    scanned = make.registration(event, first_name="Has", last_name="Badge")
    pending = make.registration(event, status=S.PENDING)

    refused = from_address.post(url, headers=headers, json={"registration_id": pending.id, "nonce": "nonce-pending-1"})
    assert (refused.status_code, refused.json["result"]) == (409, "not_confirmed")
    code = badges.code_for(badges.ensure_badge(scanned))
    assert from_address.post(url, headers=headers, json={"code": code, "nonce": "nonce-badge-001"}).status_code == 201
    assert entries() == []  # a badge scanned at the door is routine, and a refused one changed nothing

    manual = from_address.post(url, headers=headers, json={"registration_id": by_hand.id, "nonce": "nonce-by-hand-1"})
    assert manual.status_code == 201
    entry = the_entry(entries, "checkin.override")
    assert who_what_where(entry) == (door_staff.id, "door@example.org", "registration", ids(by_hand), event.id, ADDRESS)
    assert (entry.detail["direction"], entry.detail["method"]) == ("in", "manual")

    out = from_address.post(url, headers=headers, json={"code": code, "direction": "out", "nonce": "nonce-out-0001"})
    assert out.status_code == 200
    checked_out = entries("checkin.override")[-1]
    assert who_what_where(checked_out) == (
        door_staff.id,
        "door@example.org",
        "registration",
        ids(scanned),
        event.id,
        ADDRESS,
    )
    assert (checked_out.detail["direction"], checked_out.detail["method"]) == ("out", "qr")

    # The same upload again (a scanner retrying) is the same scan: no second entry.
    from_address.post(url, headers=headers, json={"registration_id": by_hand.id, "nonce": "nonce-by-hand-1"})
    assert len(entries("checkin.override")) == 2
