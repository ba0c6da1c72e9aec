"""Organizers add registrations themselves: a VIP, or a walk-in at the desk, one at a time (and,
through importing.py, a delegation's list from a file).

The seat rules are the delegates' own (services.py): the event row is locked, confirmed seats are
counted overall and per category, and nobody is confirmed beyond capacity. An organizer is not held
to the registration window or to invitations: adding people is their decision. The delegate's
consent is recorded as given on their behalf, and the history row and the audit entry name the
organizer who added them.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from eventsys.audit.services import record
from eventsys.db import db
from eventsys.events.models import Event
from eventsys.registration.choices import category_label
from eventsys.registration.errors import CapacityReached, RegistrationError
from eventsys.registration.models import (
    REASON_ADDED_BY_ORGANIZER,
    Registration,
    RegistrationCategory,
    RegistrationChange,
    RegistrationStatus,
)
from eventsys.registration.services import (
    MAIL_FOR,
    SeatCounter,
    _fill,
    add_change,
    find_registration,
    lock_event,
    questions_for,
    send_mail,
)
from eventsys.registration.validation import clean_registration

S = RegistrationStatus
# What the audit log says about consent when an organizer types the delegate's details in.
CONSENT_ON_BEHALF = "given by the organizer on the delegate's behalf"


class DuplicateRegistration(RegistrationError):
    """The address already has a registration for this event (not withdrawn): open that one."""

    code = "already_registered"
    status = 409
    default_message = _l("This e-mail address is already registered for this event.")

    def __init__(self, registration: Registration):
        self.registration = registration
        super().__init__()


class NoSeat(CapacityReached):
    """Confirming at once needs a free seat, and there is none (in the event or in the category)."""

    def __init__(self, seats: SeatCounter, category: RegistrationCategory):
        self.event_full = seats.event_full()
        if self.event_full:
            message = _("The event is full: all %(n)d seats are taken.", n=seats.capacity)
        else:
            message = _(
                "No seat is left in the category “%(category)s” (%(n)d seats).",
                category=category_label(category),
                n=seats.limits[category],
            )
        super().__init__(message)


def decide_status(
    seats: SeatCounter, category: RegistrationCategory, *, confirm: bool, waitlist_if_full: bool
) -> RegistrationStatus:
    """Pending when the organizer does not confirm at once; otherwise confirmed while a seat is free,
    then waitlisted if the organizer said so, else NoSeat."""
    if not confirm:
        return S.PENDING
    if seats.has_seat(category):
        return S.CONFIRMED
    if waitlist_if_full:
        return S.WAITLISTED
    raise NoSeat(seats, category)


def record_change(
    registration: Registration, from_status, to_status, *, actor, reason: str, mail: bool
) -> RegistrationChange:
    """The history row of a registration an organizer created, and the delegate's mail if wanted."""
    change = add_change(registration, from_status, to_status, actor=actor, reason=reason)
    if mail:
        send_mail(registration, MAIL_FOR[to_status], reason="")
    return change


def add_registration(
    event: Event,
    data: dict,
    *,
    actor,
    confirm: bool = True,
    waitlist_if_full: bool = False,
    mail: bool = True,
    language: str = "en",
) -> Registration:
    """One registration typed in by an organizer (the delegate form's fields and rules). Commits.

    Raises InvalidRegistration (bad fields), DuplicateRegistration (the address is registered) or
    NoSeat (confirming at once with no seat free, and no waitlisting asked for)."""
    clean = clean_registration(data, questions_for(event))
    existing = find_registration(event, clean["email"])
    if existing is not None and existing.status != S.WITHDRAWN:
        raise DuplicateRegistration(existing)
    try:
        event = lock_event(event)
        if existing is not None:
            db.session.refresh(existing)  # registered again meanwhile?
            if existing.status != S.WITHDRAWN:
                raise DuplicateRegistration(existing)
        status = decide_status(
            SeatCounter(event), clean["category"], confirm=confirm, waitlist_if_full=waitlist_if_full
        )
        registration = existing or Registration(event=event, email=clean["email"])
        _fill(registration, clean, category=clean["category"], language=language, status=status, user=None)
        db.session.add(registration)
        db.session.flush()
        from_status = S.WITHDRAWN if existing is not None else None
        record_change(registration, from_status, status, actor=actor, reason=REASON_ADDED_BY_ORGANIZER, mail=mail)
        record(
            "registration.create",
            actor=actor,
            event=event,
            target_type="registration",
            targets=[registration.id],
            status=status.value,
            category=registration.category.value,
            mail=mail,
            consent=CONSENT_ON_BEHALF,
            registered_again=True if existing is not None else None,
        )
        db.session.commit()
    except (NoSeat, DuplicateRegistration):
        db.session.rollback()
        raise
    except IntegrityError:
        # Someone registered the same address between our check and our insert.
        db.session.rollback()
        existing = find_registration(event, clean["email"])
        if existing is None:
            raise
        raise DuplicateRegistration(existing) from None
    return registration
