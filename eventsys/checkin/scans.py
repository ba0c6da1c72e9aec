"""A scan at the door: judge the code, check in (or out) once per list, record the scan whatever
the result, idempotent by the scanner's nonce.

This is the door's hot path (issue 18: hundreds of scans a second on a summit morning). A badge
scan reads everything it judges with one query (the list, the event's public key, the registration
with its city, the badge) as plain columns, not ORM objects, then writes the check-in and the scan
with one statement each and commits: three round trips, nothing read back. What the door shows of
a person is a `Delegate`, built from that row (or from a `Registration` on the rarer paths).
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, select

from eventsys.audit.services import record
from eventsys.badges import services as badges
from eventsys.badges import tokens as badge_tokens
from eventsys.badges.models import Badge, BadgeKey
from eventsys.checkin.answers import Delegate, DoorList, ScanOutcome
from eventsys.checkin.lists import ListNotFound, find_list, wanted_key
from eventsys.checkin.models import Checkin, CheckinList, Scan, ScanResult
from eventsys.db import commit_keeping_state, db, insert_unless_present, utcnow
from eventsys.events.models import City, Event
from eventsys.registration.models import Registration, RegistrationStatus, full_name_of

# --- judging -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """A scan judged before anything is written. `result` None: admit (check in or out)."""

    result: ScanResult | None
    delegate: Delegate | None = None
    serial: int | None = None
    checkin_list: DoorList | None = None  # found by the badge's lookup; else looked up after


def judge_manual(event: Event, registration_id: int) -> Verdict:
    """Staff who found someone by name check them in by their registration's id."""
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        return Verdict(ScanResult.INVALID)
    if registration.event_id != event.id:
        return Verdict(ScanResult.WRONG_EVENT)
    return _admit_if_confirmed(Delegate.of(registration), None, None)


def judge_code(event: Event, code: str | None, list_key: str) -> Verdict:
    """A scanned code: well formed, for this event, signed with its key, of a badge not replaced,
    of a confirmed registration; read with the list `list_key` in one query."""
    try:
        claim = badge_tokens.parse_code(code)
    except badge_tokens.MalformedCode:
        return Verdict(ScanResult.INVALID)
    if claim.event_id != event.id:  # rare: judged the long way, with the other event's key
        try:
            claim = badges.verify_code(code)
        except badges.InvalidCode:
            return Verdict(ScanResult.INVALID)
        return Verdict(ScanResult.WRONG_EVENT, serial=claim.serial)
    if claim.registration_id > 2**31 - 1:  # the code carries u32 ids; ours are int4, so never issued
        return Verdict(ScanResult.INVALID)
    row = db.session.execute(
        _door_lookup(),
        {"event_id": event.id, "registration_id": claim.registration_id, "serial": claim.serial, "list_key": list_key},
    ).first()
    if row is None:  # the event has no key: no badge of it was ever printed
        return Verdict(ScanResult.INVALID)
    checkin_list = DoorList(row.list_id, row.list_key, row.list_name_en, row.list_name_th) if row.list_id else None
    if not badge_tokens.signature_is_valid(row.public_key, claim):
        return Verdict(ScanResult.INVALID, checkin_list=checkin_list)
    delegate = _delegate_of(row) if row.id is not None else None
    if delegate is None or row.badge_id is None or row.badge_revoked_at is not None:
        return Verdict(ScanResult.REVOKED, delegate, claim.serial, checkin_list)
    return _admit_if_confirmed(delegate, claim.serial, checkin_list)


def _admit_if_confirmed(delegate: Delegate, serial: int | None, checkin_list: DoorList | None) -> Verdict:
    result = None if delegate.status == RegistrationStatus.CONFIRMED else ScanResult.NOT_CONFIRMED
    return Verdict(result, delegate, serial, checkin_list)


def _delegate_of(row) -> Delegate:
    return Delegate(
        id=row.id,
        event_id=row.event_id,
        status=row.status,
        full_name=full_name_of(row.first_name, row.last_name),
        local_name=row.local_name,
        organisation=row.organisation,
        category=row.category,
        country_code=row.country_code,
        city_name_en=row.city_name_en,
        city_name_th=row.city_name_th,
        email=row.email,
        accessibility=row.accessibility,
    )


# Built once with its values as parameters: a scan then spends its time running it, not putting
# the same statement together again.
@functools.cache
def _door_lookup():
    """The event's public key, the list by key, the claimed registration (with its city) and the
    claimed badge: one row, only the columns the door uses (None where a part is missing)."""
    registration_id = bindparam("registration_id")
    return (
        select(
            BadgeKey.public_key,
            CheckinList.id.label("list_id"),
            CheckinList.key.label("list_key"),
            CheckinList.name_en.label("list_name_en"),
            CheckinList.name_th.label("list_name_th"),
            Registration.id,
            Registration.event_id,
            Registration.status,
            Registration.first_name,
            Registration.last_name,
            Registration.local_name,
            Registration.organisation,
            Registration.category,
            Registration.country_code,
            City.name_en.label("city_name_en"),
            City.name_th.label("city_name_th"),
            Registration.email,
            Registration.accessibility,
            Badge.id.label("badge_id"),
            Badge.revoked_at.label("badge_revoked_at"),
        )
        .select_from(BadgeKey)
        .outerjoin(
            CheckinList, and_(CheckinList.event_id == BadgeKey.event_id, CheckinList.key == bindparam("list_key"))
        )
        .outerjoin(Registration, Registration.id == registration_id)
        .outerjoin(City, City.id == Registration.city_id)
        .outerjoin(Badge, and_(Badge.registration_id == registration_id, Badge.serial == bindparam("serial")))
        .where(BadgeKey.event_id == bindparam("event_id"))
    )


# --- recording ---------------------------------------------------------------------------------


def record_scan(
    event: Event,
    *,
    nonce: str | None,
    code: str | None = None,
    registration_id: int | None = None,
    list_key: str | int | None = None,
    direction: str = "in",
    user=None,
    device: str = "",
    at: dt.datetime | None = None,
) -> ScanOutcome:
    """Judge a scan, check in (or out), and record the scan whatever the result.

    The same nonce uploaded again (a scanner retrying, or syncing twice) returns the first
    upload's outcome and writes nothing: (event, nonce) is unique, so even two uploads racing
    each other end with one row.
    """
    nonce = (nonce or uuid.uuid4().hex)[:64]
    if registration_id is not None:
        verdict = judge_manual(event, registration_id)
    else:
        verdict = judge_code(event, code, wanted_key(event, list_key))
    checkin_list = verdict.checkin_list
    if checkin_list is None:  # a list keyed by id, today's not made yet, or a code judged early
        try:
            checkin_list = find_list(event, list_key)
        except ListNotFound:
            replay = _replay(event, nonce)
            if replay is not None:
                return replay
            raise
    result, delegate = verdict.result, verdict.delegate
    now = at or utcnow()
    checkin = None
    if result is None:
        if direction == "out":
            checkin, result = _check_out(checkin_list, delegate, now)
        else:
            checkin, result = _check_in(checkin_list, delegate, now, user)
    elif delegate is not None:
        checkin = _existing_checkin(checkin_list, delegate)
    scan = Scan(
        event_id=event.id,
        list_id=checkin_list.id,
        nonce=nonce,
        code=(code or "")[:200],
        method="manual" if registration_id is not None else "qr",
        direction=direction,
        registration_id=delegate.id if delegate and result != ScanResult.WRONG_EVENT else None,
        badge_serial=verdict.serial,
        result=result,
        at=now,
        user_id=getattr(user, "id", None),
        device=(device or "")[:200],
    )
    # Written last, so that an upload seen before (its nonce taken) undoes this one's check-in too.
    scan.id = _insert_returning_id(Scan, scan)
    if scan.id is None:
        db.session.rollback()
        return _replay(event, nonce)
    _record_override(event, scan, checkin_list, user, scanned_at=at)
    commit_keeping_state()  # the answer is built from what was just written: nothing to reload
    return ScanOutcome(event, scan, checkin_list, delegate, checkin, warnings=_warnings(scan, delegate))


def _insert_returning_id(model, row) -> int | None:
    """Insert `row` unless its unique key is taken; its new id, or None.

    Run on the session's connection with a statement built once per table and database, given the
    values as parameters: building `insert().values(...)` anew and passing it through the ORM's
    bulk-insert layer cost a scan a fifth of its Python calls, for nothing it uses (the row object
    is made here and never flushed)."""
    connection = db.session.connection()
    return connection.scalar(_insert_returning_id_statement(model, connection.dialect.name), _columns(row, model))


@functools.cache
def _insert_returning_id_statement(model, dialect_name: str):
    return insert_unless_present(model, dialect_name).returning(model.id)


def _columns(row, model) -> dict:
    return {c.key: getattr(row, c.key) for c in model.__table__.columns if c.key != "id"}


def _record_override(event: Event, scan: Scan, checkin_list, user, *, scanned_at) -> None:
    """Staff who check someone in by hand (no badge scanned) or check them out change attendance on
    their own word: the audit log names them. Only a change is recorded (not a refused or repeated scan)."""
    manual_in = scan.method == "manual" and scan.result == ScanResult.CHECKED_IN
    if not (manual_in or scan.result == ScanResult.CHECKED_OUT):
        return
    record(
        "checkin.override",
        actor=user,
        event=event,
        target_type="registration",
        targets=[scan.registration_id],
        direction=scan.direction,
        method=scan.method,
        list=checkin_list.key,
        scanned_at=scanned_at.isoformat() if scanned_at else None,
    )


def _existing_checkin(checkin_list, delegate: Delegate) -> Checkin | None:
    return db.session.scalar(select(Checkin).filter_by(list_id=checkin_list.id, registration_id=delegate.id))


def _check_in(checkin_list, delegate: Delegate, now, user) -> tuple[Checkin, ScanResult]:
    """In once per list, whatever the number of doors scanning at the same instant: the unique
    (list, registration) key decides, and the door that lost hears "already checked in"."""
    checkin = Checkin(list_id=checkin_list.id, registration_id=delegate.id, at=now, user_id=getattr(user, "id", None))
    checkin.id = _insert_returning_id(Checkin, checkin)
    if checkin.id is not None:
        return checkin, ScanResult.CHECKED_IN
    existing = _existing_checkin(checkin_list, delegate)
    if existing.checked_out_at is not None:  # back in after checking out
        existing.checked_out_at = None
        return existing, ScanResult.CHECKED_IN
    return existing, ScanResult.ALREADY_CHECKED_IN


def _check_out(checkin_list, delegate: Delegate, now) -> tuple[Checkin | None, ScanResult]:
    existing = _existing_checkin(checkin_list, delegate)
    if existing is None or existing.checked_out_at is not None:
        return existing, ScanResult.NOT_CHECKED_IN
    existing.checked_out_at = now
    return existing, ScanResult.CHECKED_OUT


def _warnings(scan: Scan, delegate: Delegate | None) -> list[str]:
    warnings = []
    if (
        delegate is not None
        and scan.result in (ScanResult.CHECKED_IN, ScanResult.ALREADY_CHECKED_IN)
        and delegate.accessibility
    ):
        warnings.append(_("Accessibility: %(needs)s", needs=delegate.accessibility))
    return warnings


def _replay(event: Event, nonce: str) -> ScanOutcome | None:
    scan = db.session.scalar(select(Scan).filter_by(event_id=event.id, nonce=nonce))
    if scan is None:
        return None
    checkin_list = db.session.get(CheckinList, scan.list_id) if scan.list_id else None
    delegate = Delegate.of(scan.registration) if scan.registration is not None else None
    checkin = _existing_checkin(checkin_list, delegate) if checkin_list and delegate else None
    return ScanOutcome(event, scan, checkin_list, delegate, checkin, replayed=True, warnings=_warnings(scan, delegate))
