"""What the check-in area does: lists, scans (idempotent by nonce), check-in and check-out.
What it shows of who came (search, attendance figures, the export) is in attendance.py."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from eventsys.agenda.models import AgendaSession, SessionType
from eventsys.audit.services import record
from eventsys.badges import services as badges
from eventsys.badges import tokens as badge_tokens
from eventsys.badges.models import Badge, BadgeKey
from eventsys.checkin.models import Checkin, CheckinList, Scan, ScanResult
from eventsys.db import commit_keeping_state, db, insert_unless_present, utcnow
from eventsys.events.models import Event
from eventsys.i18n import country_name, format_clock, format_day_short
from eventsys.registration.models import Registration, RegistrationStatus


class CheckinError(Exception):
    """A domain error with a message for the person who caused it."""


class ListNotFound(CheckinError):
    pass


HTTP_STATUS = {
    ScanResult.CHECKED_IN: 201,
    ScanResult.ALREADY_CHECKED_IN: 200,
    ScanResult.CHECKED_OUT: 200,
    ScanResult.NOT_CHECKED_IN: 409,
    ScanResult.WRONG_EVENT: 403,
    ScanResult.REVOKED: 409,
    ScanResult.NOT_CONFIRMED: 409,
    ScanResult.INVALID: 422,
}


# --- lists -------------------------------------------------------------------------------------


def day_key(day: dt.date) -> str:
    return f"day-{day.isoformat()}"


def ensure_lists(event: Event) -> list[CheckinList]:
    """One list per event day and one per agenda session (breaks excepted); made once, kept in step."""
    existing = {row.key: row for row in db.session.scalars(select(CheckinList).filter_by(event_id=event.id))}
    wanted = []
    for position, day in enumerate(event.days):
        wanted.append(
            (
                day_key(day),
                {
                    "day": day,
                    "name_en": format_day_short(day, "en"),
                    "name_th": format_day_short(day, "th"),
                    "position": position,
                },
            )
        )
    sessions = db.session.scalars(
        select(AgendaSession)
        .where(AgendaSession.event_id == event.id, AgendaSession.type != SessionType.BREAK)
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    )
    for position, session in enumerate(sessions, start=100):
        clock = format_clock(session.starts_at, event.timezone)
        wanted.append(
            (
                f"session-{session.id}",
                {
                    "session_id": session.id,
                    "day": session.starts_at.astimezone(event.zone).date(),
                    "position": position,
                    "name_en": f"{clock} {session.title_en}"[:300],
                    "name_th": f"{clock} {session.title_th or session.title_en}"[:300],
                },
            )
        )
    changed = False
    for key, values in wanted:
        row = existing.get(key)
        if row is None:
            db.session.add(CheckinList(event_id=event.id, key=key, **values))
            changed = True
        elif row.name_en != values["name_en"] or row.name_th != values["name_th"]:
            row.name_en, row.name_th = values["name_en"], values["name_th"]
            changed = True
    if changed:
        try:
            db.session.commit()
        except IntegrityError:  # another request made them at the same moment
            db.session.rollback()
    return list(
        db.session.scalars(
            select(CheckinList).filter_by(event_id=event.id).order_by(CheckinList.position, CheckinList.id)
        )
    )


def find_list(event: Event, key: str | int | None, lists: list[CheckinList] | None = None) -> CheckinList:
    """A list by key (or id); without one, today's day list, or the first day during set-up.

    Without `lists`, a list that exists is found with one indexed query (the door's hot path);
    only a key not found yet makes the event's lists (ensure_lists), and then looks again."""
    if lists is None:
        wanted = day_key(event.local_today()) if key in (None, "") else str(key)
        found = db.session.scalar(_list_by_key(), {"event_id": event.id, "key": wanted})
        if found is not None:
            return found
        lists = ensure_lists(event)
    if key in (None, ""):
        today = day_key(event.local_today())
        return next((row for row in lists if row.key == today), lists[0])
    for row in lists:
        if row.key == str(key) or str(row.id) == str(key):
            return row
    raise ListNotFound(_("No check-in list '%(key)s' for this event.", key=key))


# --- scans -------------------------------------------------------------------------------------


@dataclass
class ScanOutcome:
    event: Event
    scan: Scan
    checkin_list: CheckinList | None
    registration: Registration | None
    checkin: Checkin | None
    replayed: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def result(self) -> ScanResult:
        return self.scan.result

    @property
    def status(self) -> int:
        return HTTP_STATUS[self.scan.result]

    @property
    def message(self) -> str:
        return result_message(self)

    def as_json(self) -> dict:
        registration = self.registration
        body = {
            "result": self.result.value,
            "ok": self.status < 300,
            "already_checked_in": self.result == ScanResult.ALREADY_CHECKED_IN,
            "message": self.message,
            "warnings": self.warnings,
            "list": {"key": self.checkin_list.key, "name": self.checkin_list.name} if self.checkin_list else None,
            "scan_id": self.scan.id,
            "scanned_at": self.scan.at.isoformat(),
            "replayed": self.replayed,
            "badge_serial": self.scan.badge_serial,
            "registration": registration_json(registration) if registration else None,
        }
        if self.checkin is not None:
            body["checked_in_at"] = self.checkin.at.isoformat()
            body["checked_in_at_local"] = format_clock(self.checkin.at, self.event.timezone)
            body["checked_out_at"] = self.checkin.checked_out_at.isoformat() if self.checkin.checked_out_at else None
        if self.result == ScanResult.ALREADY_CHECKED_IN:
            body["first_checked_in_at"] = body["checked_in_at"]
        return body


def mask_email(address: str) -> str:
    """Enough of an address to tell two namesakes apart at the door, not enough to harvest it:
    somchai@example.org is shown as s***@example.org."""
    local, at, domain = (address or "").partition("@")
    return f"{local[:1]}***@{domain}" if at else ""


def registration_json(registration: Registration) -> dict:
    body = {
        "id": registration.id,
        "name": registration.full_name,
        "local_name": registration.local_name,
        "organisation": registration.organisation,
        "category": registration.category.value,
        "category_label": badges.category_label(registration.category),
        "country": country_name(registration.country_code),
        "city": registration.city.name if registration.city else "",
        "status": registration.status.value,
        "email_masked": mask_email(registration.email),
    }
    checkins = getattr(registration, "search_checkins", None)  # set by search_registrations
    if checkins is not None:
        body["checkins"] = checkins
    return body


# Each message is translated when it is needed: translating all six for every scan cost the door
# a twentieth of its Python calls.
RESULT_MESSAGES = {
    ScanResult.CHECKED_IN: lambda: _("Checked in."),
    ScanResult.CHECKED_OUT: lambda: _("Checked out."),
    ScanResult.NOT_CHECKED_IN: lambda: _("Not checked in on this list, so there is nothing to check out."),
    ScanResult.WRONG_EVENT: lambda: _("This badge is for another event."),
    ScanResult.REVOKED: lambda: _(
        "This badge was replaced (lost or wrong) and no longer admits anyone: its holder has a new one."
    ),
    ScanResult.INVALID: lambda: _("Not a valid badge code: it is damaged, altered or not one of ours."),
}


def result_message(outcome: ScanOutcome) -> str:
    event, checkin = outcome.event, outcome.checkin
    if outcome.result == ScanResult.ALREADY_CHECKED_IN and checkin is not None:
        return _("Already checked in at %(time)s.", time=format_clock(checkin.at, event.timezone))
    if outcome.result == ScanResult.NOT_CONFIRMED and outcome.registration is not None:
        return _("Registration not confirmed (%(status)s).", status=status_label(outcome.registration.status))
    message = RESULT_MESSAGES.get(outcome.result)
    return message() if message else ""


def status_label(status: RegistrationStatus) -> str:
    return {
        RegistrationStatus.PENDING: _("pending"),
        RegistrationStatus.CONFIRMED: _("confirmed"),
        RegistrationStatus.WAITLISTED: _("waitlisted"),
        RegistrationStatus.REJECTED: _("rejected"),
        RegistrationStatus.WITHDRAWN: _("withdrawn"),
    }[status]


def _judge(event: Event, code: str | None, registration_id: int | None):
    """(result, registration, serial) before anything is written."""
    if registration_id is not None:
        registration = db.session.get(Registration, registration_id)
        if registration is None:
            return ScanResult.INVALID, None, None
        if registration.event_id != event.id:
            return ScanResult.WRONG_EVENT, None, None
        serial = None
    else:
        try:
            claim = badge_tokens.parse_code(code)
        except badge_tokens.MalformedCode:
            return ScanResult.INVALID, None, None
        if claim.event_id != event.id:  # rare: judged the long way, with the other event's key
            try:
                claim = badges.verify_code(code)
            except badges.InvalidCode:
                return ScanResult.INVALID, None, None
            return ScanResult.WRONG_EVENT, None, claim.serial
        found = _badge_of(event, claim)
        if found is None or not badge_tokens.signature_is_valid(found[0], claim):
            return ScanResult.INVALID, None, None
        _, registration, badge = found
        serial = claim.serial
        if registration is None or badge is None or badge.is_revoked:
            return ScanResult.REVOKED, registration, serial
    if registration.status != RegistrationStatus.CONFIRMED:
        return ScanResult.NOT_CONFIRMED, registration, serial
    return None, registration, serial


def _badge_of(event: Event, claim) -> tuple[bytes, Registration | None, Badge | None] | None:
    """The event's public key, the claimed registration and badge: one query (None: no key yet)."""
    if claim.registration_id > 2**31 - 1:  # the code carries u32 ids; ours are int4, so never issued
        return None
    row = db.session.execute(
        _key_registration_and_badge(),
        {"event_id": event.id, "registration_id": claim.registration_id, "serial": claim.serial},
    ).first()
    return tuple(row) if row is not None else None


# The door's lookups, built once with their values as parameters: a scan then spends its time
# running them, not putting the same statement together again (a third of its Python calls).
@functools.cache
def _list_by_key():
    return select(CheckinList).where(CheckinList.event_id == bindparam("event_id"), CheckinList.key == bindparam("key"))


@functools.cache
def _key_registration_and_badge():
    registration_id = bindparam("registration_id")
    return (
        select(BadgeKey.public_key, Registration, Badge)
        .select_from(BadgeKey)
        .outerjoin(Registration, Registration.id == registration_id)
        .outerjoin(Badge, and_(Badge.registration_id == registration_id, Badge.serial == bindparam("serial")))
        .where(BadgeKey.event_id == bindparam("event_id"))
        .options(joinedload(Registration.city))
    )


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
    try:
        checkin_list = find_list(event, list_key)
    except ListNotFound:
        replay = _replay(event, nonce)
        if replay is not None:
            return replay
        raise
    result, registration, serial = _judge(event, code, registration_id)
    now = at or utcnow()
    checkin = None
    if result is None:
        if direction == "out":
            checkin, result = _check_out(checkin_list, registration, now)
        else:
            checkin, result = _check_in(checkin_list, registration, now, user)
    elif registration is not None:
        checkin = _existing_checkin(checkin_list, registration)
    scan = Scan(
        event_id=event.id,
        list_id=checkin_list.id,
        nonce=nonce,
        code=(code or "")[:200],
        method="manual" if registration_id is not None else "qr",
        direction=direction,
        registration_id=registration.id if registration and result != ScanResult.WRONG_EVENT else None,
        badge_serial=serial,
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
    return ScanOutcome(event, scan, checkin_list, registration, checkin, warnings=_warnings(scan, registration))


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


def _record_override(event: Event, scan: Scan, checkin_list: CheckinList, user, *, scanned_at) -> None:
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


def _existing_checkin(checkin_list: CheckinList, registration: Registration) -> Checkin | None:
    return db.session.scalar(select(Checkin).filter_by(list_id=checkin_list.id, registration_id=registration.id))


def _check_in(checkin_list: CheckinList, registration: Registration, now, user) -> tuple[Checkin, ScanResult]:
    """In once per list, whatever the number of doors scanning at the same instant: the unique
    (list, registration) key decides, and the door that lost hears "already checked in"."""
    checkin = Checkin(
        list_id=checkin_list.id, registration_id=registration.id, at=now, user_id=getattr(user, "id", None)
    )
    checkin.id = _insert_returning_id(Checkin, checkin)
    if checkin.id is not None:
        return checkin, ScanResult.CHECKED_IN
    existing = _existing_checkin(checkin_list, registration)
    if existing.checked_out_at is not None:  # back in after checking out
        existing.checked_out_at = None
        return existing, ScanResult.CHECKED_IN
    return existing, ScanResult.ALREADY_CHECKED_IN


def _check_out(checkin_list: CheckinList, registration: Registration, now) -> tuple[Checkin | None, ScanResult]:
    existing = _existing_checkin(checkin_list, registration)
    if existing is None or existing.checked_out_at is not None:
        return existing, ScanResult.NOT_CHECKED_IN
    existing.checked_out_at = now
    return existing, ScanResult.CHECKED_OUT


def _warnings(scan: Scan, registration: Registration | None) -> list[str]:
    warnings = []
    if (
        registration is not None
        and scan.result in (ScanResult.CHECKED_IN, ScanResult.ALREADY_CHECKED_IN)
        and registration.accessibility
    ):
        warnings.append(_("Accessibility: %(needs)s", needs=registration.accessibility))
    return warnings


def _replay(event: Event, nonce: str) -> ScanOutcome | None:
    scan = db.session.scalar(select(Scan).filter_by(event_id=event.id, nonce=nonce))
    if scan is None:
        return None
    checkin_list = db.session.get(CheckinList, scan.list_id) if scan.list_id else None
    registration = scan.registration
    checkin = _existing_checkin(checkin_list, registration) if checkin_list and registration else None
    return ScanOutcome(
        event, scan, checkin_list, registration, checkin, replayed=True, warnings=_warnings(scan, registration)
    )


# --- search, figures, exports ------------------------------------------------------------------
