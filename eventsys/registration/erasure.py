"""Carrying out a delegate's request to delete their personal data (Thailand's PDPA), and the
event's retention period ending (privacy/retention.py), which erases the same way.

The registration row stays, so seat counts, check-in history and attendance figures stay true,
but everything that identifies the person goes: names, e-mail, organisation, position, city,
needs, custom answers, the link to an account, the invitation to their address, and the mails we
kept for them (the outbox rows and, in development, the .eml files the mail backend wrote).
Manage links stop working. A seat they held is freed and goes to the waitlist, as on a withdrawal.

What areas above this one built from the person's data (a proceedings book listing them, badge
sheets printed with their name) is retired by the steps those areas register here
(`register_erasure_step`): a step runs in the erasure's transaction and returns the files to
delete, which go once that transaction has committed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.utils import getaddresses
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.mail.services import forget_address
from eventsys.registration.models import (
    ERASED_DOMAIN,
    REASON_ERASED,
    Invitation,
    Registration,
    RegistrationChange,
    RegistrationStatus,
    not_erased,
)
from eventsys.registration.services import ACTIVE, _actor, lock_event, promote_waitlist
from eventsys.registration.visa import erase_visa_details

log = logging.getLogger(__name__)

# Written into the registration's history when the event's retention period erased it.
_STEPS = "eventsys.erasure_steps"


@dataclass(frozen=True)
class ErasedPerson:
    """What an erasure step needs to know: the registration and the address it had."""

    registration_id: int
    event_id: int
    email: str
    actor: object = None


@dataclass
class Outcome:
    """What one erasure did beyond the registration row (for the audit entry and the command)."""

    registration_id: int
    email: str | None  # the address whose kept mails were forgotten
    files: list[Path] = field(default_factory=list)
    retired: dict[str, list] = field(default_factory=dict)


Step = Callable[[ErasedPerson], tuple[str, list, list[Path]] | None]


def register_erasure_step(app, step: Step) -> None:
    """An area above registration retires what it built from a person: `step(person)` runs in the
    erasure's transaction and returns (name, ids retired, files to delete) or None."""
    app.extensions.setdefault(_STEPS, []).append(step)


def erase_personal_data(registration: Registration, *, actor, reason: str = REASON_ERASED) -> Registration:
    """Erase one registration's personal data (once: erasing an erased registration changes nothing)."""
    outcome = _erase(registration, actor=actor, reason=reason)
    if outcome is not None:
        remove_files(outcome.files)
        forget_mail_files({outcome.email} if outcome.email else set())
    return registration


def erase_many(registrations: Iterable[Registration], *, actor, reason: str) -> list[int]:
    """Erase several registrations, one transaction each; the mail folder is read once at the end.
    Returns the ids actually erased (those already erased are skipped)."""
    erased, addresses = [], set()
    for registration in registrations:
        outcome = _erase(registration, actor=actor, reason=reason)
        if outcome is None:
            continue
        erased.append(outcome.registration_id)
        if outcome.email:
            addresses.add(outcome.email)
        remove_files(outcome.files)
    forget_mail_files(addresses)
    return erased


def _erase(registration: Registration, *, actor, reason: str) -> Outcome | None:
    event = lock_event(registration.event)
    db.session.refresh(registration)
    if registration.is_erased:
        db.session.rollback()
        return None
    was = registration.status
    email = registration.email
    user_id, label = _actor(actor)
    if was in ACTIVE:
        registration.status = RegistrationStatus.WITHDRAWN
    # Audited without a mail: after this there is no address to write to.
    db.session.add(
        RegistrationChange(
            registration=registration,
            actor_user_id=user_id,
            actor=label,
            from_status=was,
            to_status=registration.status,
            reason=reason,
        )
    )
    # The person's mails go, unless the retention of this event erases a registration while the
    # same address still has a live registration in another event (its mails are about that too).
    forget_mails = reason == REASON_ERASED or not _has_other_registrations(email, registration.id)
    if forget_mails:
        forget_address(email)
    registration.first_name = "Erased"
    registration.last_name = f"#{registration.id}"
    registration.local_name = ""
    registration.email = f"registration-{registration.id}@{ERASED_DOMAIN}"
    registration.organisation = registration.position = ""
    registration.dietary = registration.accessibility = ""
    registration.city = None
    registration.user_id = None
    registration.listed_as_participant = False
    registration.manage_key_version += 1
    registration.answers.clear()
    if registration.visa_letter_request is not None:  # the passport details go; the decision stays
        erase_visa_details(registration.visa_letter_request)
    if reason == REASON_ERASED:  # the delegate asked; a retention period ending is nobody's request
        registration.deletion_requested_at = registration.deletion_requested_at or utcnow()
    anonymise_invitations(event.id, [email])
    db.session.flush()
    outcome = Outcome(registration_id=registration.id, email=email if forget_mails else None)
    person = ErasedPerson(registration_id=registration.id, event_id=event.id, email=email, actor=actor)
    for step in current_app.extensions.get(_STEPS, []):
        result = step(person)
        if result:
            name, ids, files = result
            if ids:
                outcome.retired[name] = list(ids)
            outcome.files.extend(files)
    # A freed seat goes to the waitlist, unless the event is over (nobody is mailed a seat for the past).
    promoted = (
        promote_waitlist(event, actor=None) if was == RegistrationStatus.CONFIRMED and not event.is_past() else []
    )
    record(
        "registration.erase",
        actor=actor,
        event=event,
        target_type="registration",
        targets=[registration.id],
        status=was.value,
        promoted=[r.id for r in promoted] or None,
        reason=None if reason == REASON_ERASED else reason,
        **outcome.retired,
    )
    db.session.commit()
    return outcome


def _has_other_registrations(email: str, registration_id: int) -> bool:
    return (
        db.session.scalar(
            select(Registration.id).where(Registration.email == email, Registration.id != registration_id).limit(1)
        )
        is not None
    )


def anonymise_invitations(event_id: int, addresses: Iterable[str] | None = None) -> int:
    """Replace the address of the event's invitations (to `addresses`, or all of them) with an
    undeliverable one; whether each was used stays. Returns how many changed."""
    stmt = select(Invitation).where(Invitation.event_id == event_id, not_erased(Invitation.email))
    if addresses is not None:
        stmt = stmt.where(Invitation.email.in_(list(addresses)))
    rows = db.session.scalars(stmt).all()
    for invitation in rows:
        invitation.email = f"invitation-{invitation.id}@{ERASED_DOMAIN}"
    return len(rows)


def remove_files(paths: Iterable[Path]) -> int:
    """Delete these files (after the commit that retired them); a file already gone is fine."""
    removed = 0
    for path in paths:
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            continue
        except OSError:  # the record says retired: the file is never served; say it was left
            log.exception("could not delete %s after an erasure", path)
    return removed


def forget_mail_files(addresses: set[str]) -> int:
    """Delete the .eml files the development mail backend wrote (MAIL_DIR) to any of `addresses`."""
    folder = Path(current_app.config.get("MAIL_DIR") or "")
    wanted = {a.lower() for a in addresses if a}
    if not wanted or not str(folder) or not folder.is_dir():
        return 0
    parser, removed = BytesHeaderParser(), 0
    for path in folder.glob("*.eml"):
        try:
            with path.open("rb") as handle:
                headers = parser.parse(handle)
        except OSError:
            continue
        recipients = {address.lower() for _, address in getaddresses(headers.get_all("To", []))}
        if recipients & wanted:
            removed += remove_files([path])
    return removed
