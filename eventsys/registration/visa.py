"""Visa invitation letters, the registration side: a delegate asks for one (on the registration
form, or later on their manage page) with their passport details, organizers approve or decline.

The details are encrypted at rest (VisaLetterRequest.details, eventsys/crypto.py), read only by the
event's organizers (each reading is in the audit log) and erased 30 days after the event's last day
(`purge_visa_details`, in the daily retention run) or with the registration's personal data.

The letter itself is the documents area's: it sits above registration, so it registers a listener
here (`register_visa_approval_listener`) that `decide_visa_letter` calls on approval, in the
decision's transaction; a declined request is mailed to the delegate from here, with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from eventsys.audit.services import record
from eventsys.crypto import rotate_text
from eventsys.db import db, lock_for_update, utcnow
from eventsys.events.models import Event
from eventsys.mail.services import queue_mail
from eventsys.registration.errors import RegistrationError
from eventsys.registration.mail_texts import greeting_name
from eventsys.registration.models import (
    Registration,
    RegistrationStatus,
    VisaDetails,
    VisaLetterRequest,
    VisaLetterStatus,
)
from eventsys.registration.tokens import manage_url

_LISTENERS = "eventsys.visa_approval_listeners"
PURGE_AFTER_DAYS = 30  # the details go this many days after the event's last day
PURGE_ACTOR = "retention"
PURGE_REASON = "Visa letter details erased 30 days after the event"

# The registrations that may ask for a letter (services.ACTIVE; services imports this module).
ACTIVE = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)

ApprovalListener = Callable[[VisaLetterRequest, object], None]


class VisaLetterError(RegistrationError):
    """A request that cannot change now (already decided, erased), or a decision without a reason."""

    code = "visa_letter"
    status = 409
    default_message = _l("This request for a visa invitation letter was already decided; it cannot be changed.")


class VisaDetailsErased(VisaLetterError):
    default_message = _l("The passport details of this request were erased: it can no longer be approved.")


class DeclineReasonRequired(VisaLetterError):
    status = 422
    default_message = _l("Give the reason for declining: the delegate receives it.")


def register_visa_approval_listener(app, fn: ApprovalListener) -> None:
    """`fn(request, actor)` runs when an organizer approves a request, inside the decision's
    transaction (it must not commit; raising undoes the approval). The documents area issues and
    mails the letter from it."""
    app.extensions.setdefault(_LISTENERS, []).append(fn)


def write_visa_request(registration: Registration, details: VisaDetails, *, actor=None) -> VisaLetterRequest:
    """The request of `registration` with `details`, in the caller's transaction (not committed):
    a new one, or new details for one not yet decided (VisaLetterError once decided)."""
    request = registration.visa_letter_request
    if request is not None and request.status != VisaLetterStatus.REQUESTED:
        raise VisaLetterError()
    if request is None:
        request = VisaLetterRequest(registration=registration, status=VisaLetterStatus.REQUESTED, decline_reason="")
        db.session.add(request)
    request.details = details
    request.erased_at = None
    db.session.flush()
    return request


def request_visa_letter(registration: Registration, details: VisaDetails, *, actor=None) -> VisaLetterRequest:
    """A delegate asks for a letter (or corrects the details of a request not yet decided). Commits."""
    request = write_visa_request(registration, details, actor=actor)
    db.session.commit()
    return request


def can_request_later(registration: Registration, now: dt.datetime | None = None) -> bool:
    """A delegate may still ask for a letter on their manage page: none asked yet, the registration
    active and holding its data, and the event not started (a letter after that helps nobody)."""
    return (
        registration.visa_letter_request is None
        and registration.status in ACTIVE
        and not registration.is_erased
        and registration.event.start_date > registration.event.local_today(now)
    )


def _locked(request: VisaLetterRequest) -> VisaLetterRequest:
    """Re-read the request under a row lock: two organizers deciding at once decide once."""
    stmt = lock_for_update(select(VisaLetterRequest).where(VisaLetterRequest.id == request.id))
    return db.session.scalars(stmt.execution_options(populate_existing=True)).one()


def decide_visa_letter(request: VisaLetterRequest, *, approve: bool, actor, reason: str = "") -> None:
    """An organizer approves or declines a request that is still REQUESTED. Audited; a decline is
    mailed to the delegate in their language with the reason (required); an approval runs the
    approval listeners (the letter). One transaction, committed here."""
    reason = (reason or "").strip()
    if not approve and not reason:
        raise DeclineReasonRequired()
    request = _locked(request)
    if request.status != VisaLetterStatus.REQUESTED:
        db.session.rollback()
        raise VisaLetterError()
    if approve and request.details_encrypted is None:
        db.session.rollback()
        raise VisaDetailsErased()
    registration = request.registration
    request.status = VisaLetterStatus.APPROVED if approve else VisaLetterStatus.DECLINED
    request.decided_at = utcnow()
    request.decided_by_id = getattr(actor, "id", None) if getattr(actor, "is_authenticated", False) else None
    request.decline_reason = "" if approve else reason
    record(
        "visa.decide",
        actor=actor,
        event=registration.event,
        target_type="visa_letter_request",
        targets=[request.id],
        registration=registration.id,
        decision="approve" if approve else "decline",
        reason=reason or None,
    )
    db.session.flush()
    if approve:
        for listener in current_app.extensions.get(_LISTENERS, []):
            listener(request, actor)
    elif not registration.is_erased:
        _mail_declined(request)
    db.session.commit()


def _mail_declined(request: VisaLetterRequest) -> None:
    registration = request.registration
    language = registration.language if registration.language in ("en", "th") else "en"
    queue_mail(
        to=registration.email,
        template="registration/mail/visa_declined",
        language=language,
        context={
            "registration": registration,
            "event": registration.event,
            "reason": request.decline_reason,
            "manage_url": manage_url(registration),
            "name": greeting_name(registration, language),
        },
        event=registration.event,
        kind="registration.visa_declined",
        registration_id=registration.id,
    )


def erase_visa_details(request: VisaLetterRequest) -> bool:
    """Erase the passport details (the status and decision stay), in the caller's transaction.
    Returns whether there was anything to erase."""
    if request.details_encrypted is None:
        return False
    request.details_encrypted = None
    request.erased_at = utcnow()
    return True


def rotate_visa_details(batch: int = 500) -> int:
    """Encrypt every request's details again under the first DATA_ENCRYPTION_KEYS key, so that the
    keys after it can be retired (`flask rotate-data-key`). Committed per batch; returns how many."""
    rotated, last_id = 0, 0
    while True:
        rows = db.session.scalars(
            select(VisaLetterRequest)
            .where(VisaLetterRequest.details_encrypted.is_not(None), VisaLetterRequest.id > last_id)
            .order_by(VisaLetterRequest.id)
            .limit(batch)
        ).all()
        if not rows:
            return rotated
        for request in rows:
            request.details_encrypted = rotate_text(request.details_encrypted)
        last_id = rows[-1].id
        rotated += len(rows)
        db.session.commit()


def purge_cutoff(now: dt.datetime | None = None) -> dt.date:
    """Events whose last day is before this date ended more than PURGE_AFTER_DAYS days ago."""
    return (now or utcnow()).date() - dt.timedelta(days=PURGE_AFTER_DAYS)


def purge_visa_details(now: dt.datetime | None = None) -> int:
    """Erase the details of every request whose event ended more than 30 days ago (daily, with the
    retention run). One transaction and one audit entry per event; returns how many were erased."""
    rows = db.session.scalars(
        select(VisaLetterRequest)
        .join(Registration, VisaLetterRequest.registration_id == Registration.id)
        .join(Event, Registration.event_id == Event.id)
        .where(VisaLetterRequest.details_encrypted.is_not(None), Event.end_date < purge_cutoff(now))
        .options(selectinload(VisaLetterRequest.registration).selectinload(Registration.event))
        .order_by(Event.id, VisaLetterRequest.id)
    ).all()
    by_event: dict[int, list[VisaLetterRequest]] = {}
    for request in rows:
        by_event.setdefault(request.registration.event_id, []).append(request)
    erased = 0
    for requests in by_event.values():
        for request in requests:
            erase_visa_details(request)
        record(
            "registration.erase",
            actor=PURGE_ACTOR,
            event=requests[0].registration.event,
            target_type="visa_letter_request",
            targets=[r.id for r in requests],
            reason=PURGE_REASON,
        )
        db.session.commit()
        erased += len(requests)
    return erased


def visa_requests_for_event(event: Event, status: VisaLetterStatus | None = None) -> list[VisaLetterRequest]:
    """The event's requests, oldest first (each with its registration), optionally of one status."""
    stmt = (
        select(VisaLetterRequest)
        .join(Registration, VisaLetterRequest.registration_id == Registration.id)
        .where(Registration.event_id == event.id)
        .options(selectinload(VisaLetterRequest.registration))
        .order_by(VisaLetterRequest.created_at, VisaLetterRequest.id)
    )
    if status is not None:
        stmt = stmt.where(VisaLetterRequest.status == status)
    return list(db.session.scalars(stmt))


def visa_request_counts(event: Event) -> dict[VisaLetterStatus, int]:
    """How many of the event's requests are in each status (the list's filter), in one query."""
    rows = db.session.execute(
        select(VisaLetterRequest.status, func.count())
        .join(Registration, VisaLetterRequest.registration_id == Registration.id)
        .where(Registration.event_id == event.id)
        .group_by(VisaLetterRequest.status)
    ).all()
    counts = dict.fromkeys(VisaLetterStatus, 0)
    counts.update(dict(rows))
    return counts


def request_for_event(event: Event, request_id: int) -> VisaLetterRequest | None:
    request = db.session.get(VisaLetterRequest, request_id)
    if request is None or request.registration.event_id != event.id:
        return None
    return request


def record_details_viewed(request: VisaLetterRequest, *, actor) -> None:
    """Who saw a delegate's passport details, when: an audit entry, committed before the page shows them."""
    record(
        "visa.view",
        actor=actor,
        event=request.registration.event,
        target_type="visa_letter_request",
        targets=[request.id],
        registration=request.registration_id,
    )
    db.session.commit()


def request_as_json(request: VisaLetterRequest | None) -> dict | None:
    """The request in the delegate's own data export: its status and their own details (if kept)."""
    if request is None:
        return None
    details = request.details
    return {
        "status": request.status.value,
        "requested_at": request.created_at.isoformat(),
        "decided_at": request.decided_at.isoformat() if request.decided_at else None,
        "decline_reason": request.decline_reason or None,
        "details_erased_at": request.erased_at.isoformat() if request.erased_at else None,
        "details": None
        if details is None
        else {
            "name_in_passport": details.name_in_passport,
            "nationality": details.nationality,
            "passport_number": details.passport_number,
            "passport_expiry": details.passport_expiry.isoformat(),
            "date_of_birth": details.date_of_birth.isoformat(),
        },
    }
