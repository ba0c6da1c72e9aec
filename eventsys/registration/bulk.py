"""Bulk decisions from the organizer's list, and their undo within a minute.

A bulk decision applies to the rows ticked, or to every registration a filter matches (the
filter is sent, not thousands of ids, and read again inside the event lock at submit). Its mails
to the delegates are queued to go out a minute later (`OutboxMail.next_attempt_at`), and its audit
entry keeps what it changed (`previous`: each registration's state before and after) and which
mails it queued (`mails`). Within that minute the organizer who decided may undo it: each
registration goes back to where it was if nobody has moved it since, the held mails are deleted
before they leave, nobody is mailed, and the undo is audited. After the minute the mails are out
and the undo is refused: it would no longer be honest.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import delete, select

from eventsys.audit.models import AuditEntry
from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.events.models import Event
from eventsys.mail.models import MailStatus, OutboxMail
from eventsys.registration import listing
from eventsys.registration.models import REASON_UNDONE, Registration, RegistrationChange, RegistrationStatus
from eventsys.registration.services import (
    CHANGED,
    SeatCounter,
    _actor,
    _for_event,
    _record_decision,
    approve_rows,
    lock_event,
    reject_rows,
)

S = RegistrationStatus
UNDO_WINDOW = dt.timedelta(seconds=60)
DECISIONS = ("approve", "reject")
# The state each outcome list of a decision leaves its registrations in.
AFTER = {"confirmed": S.CONFIRMED, "waitlisted": S.WAITLISTED, "rejected": S.REJECTED, "promoted": S.CONFIRMED}


class BulkRefused(Exception):
    """A bulk decision or undo that changed nothing, with the reason for the organizer."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def decide(
    event: Event,
    decision: str,
    *,
    actor,
    reason: str = "",
    ids=None,
    filt: listing.RegistrationFilter | None = None,
    questions=None,
    expected: int | None = None,
) -> tuple[dict[str, list[Registration]], AuditEntry | None]:
    """Approve or reject the registrations `ids`, or all that `filt` matches now. With a filter,
    `expected` is the number the organizer saw: if the filter matches another number now, nothing
    changes (they decide again on what is there). Commits."""
    if decision not in DECISIONS:
        raise BulkRefused(_("Choose approve or reject."))
    event = lock_event(event)
    if filt is not None:
        rows = listing.matching_rows(event, filt, questions or [])
        if expected is not None and len(rows) != expected:
            db.session.rollback()
            raise BulkRefused(
                _(
                    "The filter now matches %(now)d registrations, not %(shown)d as shown: nothing was changed. "
                    "Check the list and decide again.",
                    now=len(rows),
                    shown=expected,
                )
            )
    else:
        rows = _for_event(event, ids or [])
    if not rows:
        db.session.rollback()
        raise BulkRefused(_("Select at least one registration."))
    before = {registration.id: registration.status for registration in rows}
    decided_at = utcnow()
    run = approve_rows if decision == "approve" else reject_rows
    outcome = run(event, rows, actor=actor, reason=reason)
    changed = {
        registration.id: [before.get(registration.id, S.WAITLISTED).value, AFTER[key].value]
        for key in CHANGED[decision]
        for registration in outcome[key]
    }
    mails = _hold_mails(event, list(changed), since=decided_at)
    entry = _record_decision(
        event,
        decision,
        outcome,
        actor=actor,
        reason=reason,
        scope="filter" if filt is not None else "selection",
        previous={str(rid): states for rid, states in changed.items()} or None,
        mails=mails or None,
    )
    db.session.commit()
    return outcome, entry


def _hold_mails(event: Event, registration_ids: list[int], *, since: dt.datetime) -> list[int]:
    """Delay the mails this decision queued by the undo window; their ids, for the undo."""
    if not registration_ids:
        return []
    db.session.flush()
    mails = db.session.scalars(
        select(OutboxMail).where(
            OutboxMail.event_id == event.id,
            OutboxMail.registration_id.in_(registration_ids),
            OutboxMail.status == MailStatus.QUEUED,
            OutboxMail.kind.like("registration.%"),
            OutboxMail.created_at >= since,
        )
    ).all()
    due = since + UNDO_WINDOW
    for mail in mails:
        mail.next_attempt_at = due
    return [mail.id for mail in mails]


def _undone_ids(event: Event, since: dt.datetime) -> set[int]:
    entries = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.event_id == event.id, AuditEntry.action == "registration.decide", AuditEntry.at >= since
        )
    ).all()
    return {entry.detail.get("undoes") for entry in entries if entry.detail.get("decision") == "undo"}


def undoable(event: Event, user) -> AuditEntry | None:
    """The user's latest bulk decision on this event that may still be undone, if any."""
    since = utcnow() - UNDO_WINDOW
    entry = db.session.scalar(
        select(AuditEntry)
        .where(
            AuditEntry.event_id == event.id,
            AuditEntry.action == "registration.decide",
            AuditEntry.actor_id == user.id,
            AuditEntry.at > since,
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(1)
    )
    if entry is None or "previous" not in entry.detail or entry.id in _undone_ids(event, entry.at):
        return None
    return entry


def undo_until(entry: AuditEntry) -> dt.datetime:
    return entry.at + UNDO_WINDOW


def undo(event: Event, entry_id: int, *, actor) -> dict:
    """Undo the bulk decision `entry_id` within its minute: see the module's docstring. Commits."""
    event = lock_event(event)
    entry = db.session.get(AuditEntry, entry_id)
    if (
        entry is None
        or entry.event_id != event.id
        or entry.action != "registration.decide"
        or "previous" not in entry.detail
        or entry.actor_id != getattr(actor, "id", None)
    ):
        db.session.rollback()
        raise BulkRefused(_("There is no decision of yours to undo here."))
    if utcnow() >= undo_until(entry):
        db.session.rollback()
        raise BulkRefused(
            _(
                "This decision can no longer be undone: more than a minute has passed and its mails "
                "have gone out. Change the registrations one by one if needed."
            )
        )
    if entry.id in _undone_ids(event, entry.at):
        db.session.rollback()
        raise BulkRefused(_("This decision has already been undone."))
    held = [int(i) for i in entry.detail.get("mails", [])]
    withdrawn = 0
    if held:
        # Only a mail still waiting is deleted: one a sender took meanwhile counts as sent.
        withdrawn = db.session.execute(
            delete(OutboxMail).where(OutboxMail.id.in_(held), OutboxMail.status == MailStatus.QUEUED)
        ).rowcount
    states = {int(rid): (S(was), S(now)) for rid, (was, now) in entry.detail["previous"].items()}
    rows = _for_event(event, list(states))
    # Seats first freed, then taken again: returning a reject's promoted delegates to the waitlist
    # makes room for the rejected ones who were confirmed before.
    rows.sort(key=lambda r: states[r.id][0] == S.CONFIRMED)
    seats = SeatCounter(event)
    user_id, label = _actor(actor)
    restored, kept = [], []
    for registration in rows:
        was, now = states[registration.id]
        if registration.status != now or (
            was == S.CONFIRMED and not seats.has_seat(registration.category)
        ):  # moved since, or its seat is gone
            kept.append(registration.id)
            continue
        if now == S.CONFIRMED:
            seats.free(registration.category)
        if was == S.CONFIRMED:
            seats.take(registration.category)
        registration.status = was
        db.session.add(
            RegistrationChange(
                registration=registration,
                actor_user_id=user_id,
                actor=label,
                from_status=now,
                to_status=was,
                reason=REASON_UNDONE,
            )
        )
        restored.append(registration.id)
    record(
        "registration.decide",
        actor=actor,
        event=event,
        target_type="registration",
        targets=restored,
        decision="undo",
        undoes=entry.id,
        restored=restored or None,
        kept=kept or None,
        mails_withdrawn=withdrawn,
        mails_sent=len(held) - withdrawn or None,
    )
    db.session.commit()
    return {"restored": restored, "kept": kept, "mails_withdrawn": withdrawn, "mails_sent": len(held) - withdrawn}
