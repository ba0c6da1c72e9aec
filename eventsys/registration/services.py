"""What registration does: register, approve, reject, withdraw, promote the waitlist.

Every decision about seats is taken inside one transaction that holds the event row locked
(SELECT ... FOR UPDATE, or FOR NO KEY UPDATE for a new registration, on PostgreSQL; SQLite's
BEGIN IMMEDIATE write lock), so two requests can never both take the last seat. A new
registration takes the lock last, after its writes, so that registrations wait for each other only
while the seats are counted (_register_new). Every change of state goes through `change_state()`, which writes
the audit row and queues the delegate's mail in the same transaction.
"""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from eventsys.audit.services import record
from eventsys.db import commit_keeping_state, db, lock_for_update, utcnow
from eventsys.events.models import Event, RegistrationMode, RegistrationWindow
from eventsys.registration import queries
from eventsys.registration.errors import (
    AlreadyRegistered,
    CapacityReached,
    InvalidRegistration,
    InvalidTransition,
    InvitationInvalid,
    InvitationRequired,
    RegistrationClosed,
    RegistrationNotYetOpen,
)
from eventsys.registration.mail_texts import TEXT_MAILS, send_registration_mail, send_template_mail
from eventsys.registration.models import (
    REASON_INVITATION,
    REASON_REGISTERED_AGAIN,
    REASON_SEAT_FREED,
    Answer,
    Invitation,
    Question,
    Registration,
    RegistrationCategory,
    RegistrationChange,
    RegistrationStatus,
)
from eventsys.registration.notify import mail_deletion_request
from eventsys.registration.preferences import remove_files, set_listed
from eventsys.registration.tokens import manage_url, registration_from_manage_token  # noqa: F401 (exported)
from eventsys.registration.validation import clean_registration, normalise_email
from eventsys.registration.visa import write_visa_request

S = RegistrationStatus
ALLOWED = {
    None: {S.PENDING, S.CONFIRMED, S.WAITLISTED},
    S.PENDING: {S.CONFIRMED, S.WAITLISTED, S.REJECTED, S.WITHDRAWN},
    S.CONFIRMED: {S.REJECTED, S.WITHDRAWN},
    S.WAITLISTED: {S.CONFIRMED, S.REJECTED, S.WITHDRAWN},
    S.REJECTED: {S.CONFIRMED, S.WAITLISTED},
    S.WITHDRAWN: set(),
}
MAIL_FOR = {
    S.PENDING: "received",
    S.CONFIRMED: "confirmed",
    S.WAITLISTED: "waitlisted",
    S.REJECTED: "rejected",
    S.WITHDRAWN: "withdrawn",
}
ACTIVE = (S.PENDING, S.CONFIRMED, S.WAITLISTED)


class EventNotFound(LookupError):
    pass


def event_for_registration(slug: str) -> Event:
    """A published event by slug, in one query (the API's hot path needs nothing else of it)."""
    event = db.session.scalar(queries.published_event_by_slug(), {"slug": slug})
    if event is None:
        raise EventNotFound(slug)
    return event


def questions_for(event: Event) -> list[Question]:
    return db.session.scalars(queries.questions_of_event(), {"event_id": event.id}).all()


def find_registration(event: Event, email: str) -> Registration | None:
    return db.session.scalar(queries.registration_by_email(), {"event_id": event.id, "email": normalise_email(email)})


def _actor(actor) -> tuple[int | None, str]:
    if actor is None:
        return None, "system"
    if isinstance(actor, str):
        return None, actor[:60]
    return actor.id, (actor.email or f"user {actor.id}")[:60]


def send_mail(registration: Registration, name: str, *, reason: str = "") -> None:
    """The delegate's mail `name`: a state's mail ("confirmed"...) in the event's own wording
    (mail_texts.py), or one of the fixed mails still written as templates ("duplicate_attempt")."""
    if name in TEXT_MAILS:
        send_registration_mail(registration, name, reason=reason)
    else:
        send_template_mail(registration, name)


def change_state(
    registration: Registration, to_status: RegistrationStatus, *, actor, reason: str = "", mail: str | None = None
) -> RegistrationChange:
    """The one way a registration changes state: checks the move, audits it, tells the delegate."""
    from_status = registration.status
    if to_status not in ALLOWED[from_status]:
        raise InvalidTransition()
    registration.status = to_status
    return _audit(registration, from_status, to_status, actor=actor, reason=reason, mail=mail)


def add_change(registration: Registration, from_status, to_status, *, actor, reason: str) -> RegistrationChange:
    """The registration's history row for one change of state, by whom and why (not flushed)."""
    user_id, label = _actor(actor)
    change = RegistrationChange(
        registration=registration,
        actor_user_id=user_id,
        actor=label,
        from_status=from_status,
        to_status=to_status,
        reason=reason or "",
    )
    db.session.add(change)
    return change


def _audit(registration: Registration, from_status, to_status, *, actor, reason: str, mail: str | None):
    change = add_change(registration, from_status, to_status, actor=actor, reason=reason)
    db.session.flush()
    send_mail(registration, mail or MAIL_FOR[to_status], reason=reason or "")
    return change


class SeatCounter:
    """Confirmed seats of one locked event, overall and per category, counted once and kept up to
    date as this transaction confirms or frees seats."""

    def __init__(self, event: Event):
        self.capacity = event.capacity
        rows = db.session.execute(queries.confirmed_by_category(), {"event_id": event.id}).all()
        self.taken = Counter(dict(rows))
        self.limits = {
            c.category: c.capacity for c in db.session.scalars(queries.category_capacities(), {"event_id": event.id})
        }

    def has_seat(self, category: RegistrationCategory) -> bool:
        if self.capacity is not None and sum(self.taken.values()) >= self.capacity:
            return False
        limit = self.limits.get(category)
        return limit is None or self.taken[category] < limit

    def event_full(self) -> bool:
        return self.capacity is not None and sum(self.taken.values()) >= self.capacity

    def take(self, category) -> None:
        self.taken[category] += 1

    def free(self, category) -> None:
        self.taken[category] -= 1


def lock_event(event: Event) -> Event:
    """Lock the event row for this transaction and re-read it (capacity may have changed)."""
    stmt = lock_for_update(select(Event).where(Event.id == event.id)).execution_options(populate_existing=True)
    return db.session.scalars(stmt).one()


def check_window(event: Event) -> None:
    window = event.registration_window()
    if window == RegistrationWindow.NOT_YET_OPEN:
        raise RegistrationNotYetOpen()
    if window == RegistrationWindow.CLOSED:
        raise RegistrationClosed()


def _duplicate(registration: Registration) -> AlreadyRegistered:
    """A second attempt with a registered address: mail that address a fresh manage link."""
    send_mail(registration, "duplicate_attempt")
    db.session.commit()
    return AlreadyRegistered()


def _fill(registration: Registration, clean: dict, *, category, language: str, status, user) -> None:
    """A registration's details as the delegate gave them now: a new one, or one withdrawn before
    (then it starts over: fresh consent, answers and place in the queue)."""
    for name in (
        "first_name",
        "last_name",
        "local_name",
        "organisation",
        "position",
        "country_code",
        "city",
        "dietary",
        "accessibility",
    ):
        setattr(registration, name, clean[name])
    registration.category, registration.status = category, status
    registration.language = language if language in ("en", "th") else "en"
    registration.listed_as_participant = bool(clean.get("listed"))  # an explicit yes, or not listed
    registration.announcements_opt_out_at = None
    registration.consent_at = registration.created_at = utcnow()  # the waitlist is first come, first served
    registration.user_id = user.id if user is not None and user.email == clean["email"] else None
    if registration.answers:
        registration.answers.clear()
        db.session.flush()  # the old answers go before new ones take their (registration, question) places
    registration.answers = [Answer(question_id=qid, value=value) for qid, value in clean["answers"].items()]


def register(
    event: Event, data: dict, *, actor, invitation: Invitation | None = None, language: str = "en", user=None
) -> Registration:
    """Register a delegate from plain values (the API's field names). Commits.

    Open and invitation events confirm while seats remain, then waitlist; moderated events leave
    the registration pending until an organizer decides. A delegate who withdrew may register
    again with the same address: the same record starts over (its history keeps the withdrawal).
    """
    check_window(event)
    clean = clean_registration(data, questions_for(event), event=event)
    if invitation is not None and (invitation.event_id != event.id or invitation.email != clean["email"]):
        # Another event's invitation, or another person's, gives nothing here: not a seat at an
        # invitation-only event, nor its category (and its use is not recorded) at an open one.
        if event.registration_mode == RegistrationMode.INVITATION:
            raise InvitationInvalid()
        invitation = None
    if event.registration_mode == RegistrationMode.INVITATION and invitation is None:
        raise InvitationRequired()
    existing = find_registration(event, clean["email"])
    if existing is not None and existing.status != S.WITHDRAWN:
        raise _duplicate(existing)
    category = invitation.category if invitation is not None and invitation.category else clean["category"]
    if category == RegistrationCategory.EXHIBITOR and actor == "delegate":
        # An exhibitor's staff come with the exhibitor's invitation (eventsys/exhibitors), which sets
        # the category; chosen on the open form it would print an exhibitor badge for anyone.
        raise InvalidRegistration({"category": _("The exhibitor category is for the staff an exhibitor invited.")})
    # The delegate's choice on the form or in the body; else the invitation's language; else the caller's.
    language = clean["language"] or (invitation.language if invitation is not None else language)
    reason = REASON_INVITATION if invitation is not None else (REASON_REGISTERED_AGAIN if existing else "")
    try:
        if existing is None:
            registration = _register_new(
                event, clean, category=category, language=language, reason=reason, actor=actor, user=user
            )
        else:
            registration = _register_again(
                event, existing, clean, category=category, language=language, reason=reason, actor=actor, user=user
            )
        if invitation is not None:
            invitation.used_at = utcnow()
        if clean["visa_letter"] is not None:  # the registration and its letter request: saved together
            write_visa_request(registration, clean["visa_letter"], actor=actor)
        commit_keeping_state()  # the caller reads back the new registration: no reload needed
    except IntegrityError:
        # A concurrent request registered the same address between our check and our insert.
        db.session.rollback()
        existing = find_registration(event, clean["email"])
        if existing is None:
            raise
        raise _duplicate(existing) from None
    return registration


def _register_new(event: Event, clean: dict, *, category, language: str, reason: str, actor, user) -> Registration:
    """A new address. The event's lock is what makes registrations wait for each other, so it is
    taken last and held only to count the seats: the registration, its history and its mail are
    written first, for the status the seats (counted without the lock) promise, and corrected in
    the rare case the count under the lock disagrees (the last seats went meanwhile)."""
    moderated = event.registration_mode == RegistrationMode.MODERATED
    promised = S.PENDING if moderated else (S.CONFIRMED if SeatCounter(event).has_seat(category) else S.WAITLISTED)
    registration = Registration(event=event, email=clean["email"])
    _fill(registration, clean, category=category, language=language, status=promised, user=user)
    db.session.add(registration)
    db.session.flush()
    change = add_change(registration, None, promised, actor=actor, reason=reason)
    mail = send_registration_mail(registration, MAIL_FOR[promised], reason=reason)
    db.session.flush()
    event = lock_event_for_seats(event)
    if moderated:
        return registration
    seats = SeatCounter(event)
    if promised == S.CONFIRMED:
        seats.free(category)  # this transaction's own row, counted as confirmed
    status = S.CONFIRMED if seats.has_seat(category) else S.WAITLISTED
    if status != promised:
        registration.status = change.to_status = status
        db.session.delete(mail)
        send_registration_mail(registration, MAIL_FOR[status], reason=reason)
    return registration


def _register_again(
    event: Event, existing: Registration, clean: dict, *, category, language: str, reason: str, actor, user
) -> Registration:
    """A delegate who withdrew registers again: the same record starts over, decided under the lock."""
    event = lock_event(event)
    db.session.refresh(existing)  # another request may have registered it again meanwhile
    if existing.status != S.WITHDRAWN:
        raise _duplicate(existing)
    if event.registration_mode == RegistrationMode.MODERATED:
        status = S.PENDING
    else:
        status = S.CONFIRMED if SeatCounter(event).has_seat(category) else S.WAITLISTED
    _fill(existing, clean, category=category, language=language, status=status, user=user)
    db.session.flush()
    _audit(existing, S.WITHDRAWN, status, actor=actor, reason=reason, mail=None)
    return existing


def lock_event_for_seats(event: Event) -> Event:
    """lock_event for a transaction that already wrote a registration of the event. Its foreign key
    holds a KEY SHARE lock on the event row, which FOR UPDATE would wait for in every other such
    transaction (a deadlock): FOR NO KEY UPDATE does not, and still excludes the others and every
    FOR UPDATE (approvals, withdrawals)."""
    stmt = lock_for_update(select(Event).where(Event.id == event.id), key_share=True)
    return db.session.scalars(stmt.execution_options(populate_existing=True)).one()


def promote_waitlist(event: Event, *, actor=None, seats: SeatCounter | None = None) -> list[Registration]:
    """Confirm waitlisted delegates, first come first served, while seats are free. Call inside the
    event lock (the callers here hold it); each promoted delegate is told by mail."""
    seats = seats or SeatCounter(event)
    promoted = []
    if seats.event_full():
        return promoted
    waiting = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.status == S.WAITLISTED)
        .order_by(Registration.created_at, Registration.id)
    ).all()
    for registration in waiting:
        if seats.event_full():
            break
        if seats.has_seat(registration.category):
            change_state(registration, S.CONFIRMED, actor=actor, reason=REASON_SEAT_FREED, mail="promoted")
            seats.take(registration.category)
            promoted.append(registration)
    return promoted


def _for_event(event: Event, ids) -> list[Registration]:
    ids = [int(i) for i in ids]
    if not ids:
        return []
    return db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.id.in_(ids))
        .order_by(Registration.created_at, Registration.id)
    ).all()


def approve(event: Event, ids, *, actor, reason: str = "") -> dict[str, list[Registration]]:
    """Approve pending (or rejected) registrations and confirm waitlisted ones. A pending one with
    no seat left goes to the waitlist; a waitlisted one stays waitlisted (CapacityReached)."""
    event = lock_event(event)
    outcome = approve_rows(event, _for_event(event, ids), actor=actor, reason=reason)
    _record_decision(event, "approve", outcome, actor=actor, reason=reason)
    db.session.commit()
    return outcome


def reject(event: Event, ids, *, actor, reason: str = "") -> dict[str, list[Registration]]:
    event = lock_event(event)
    outcome = reject_rows(event, _for_event(event, ids), actor=actor, reason=reason)
    _record_decision(event, "reject", outcome, actor=actor, reason=reason)
    db.session.commit()
    return outcome


def approve_rows(event: Event, rows: list[Registration], *, actor, reason: str) -> dict[str, list[Registration]]:
    """approve() on rows of the event locked by the caller, in its transaction (bulk.py shares it)."""
    seats = SeatCounter(event)
    outcome: dict[str, list[Registration]] = {"confirmed": [], "waitlisted": [], "skipped": []}
    for registration in rows:
        try:
            if registration.status in (S.PENDING, S.REJECTED):
                if seats.has_seat(registration.category):
                    change_state(registration, S.CONFIRMED, actor=actor, reason=reason)
                    seats.take(registration.category)
                    outcome["confirmed"].append(registration)
                else:
                    change_state(registration, S.WAITLISTED, actor=actor, reason=reason)
                    outcome["waitlisted"].append(registration)
            elif registration.status == S.WAITLISTED:
                if not seats.has_seat(registration.category):
                    raise CapacityReached()
                change_state(registration, S.CONFIRMED, actor=actor, reason=reason, mail="promoted")
                seats.take(registration.category)
                outcome["confirmed"].append(registration)
            else:
                raise InvalidTransition()
        except (CapacityReached, InvalidTransition):
            outcome["skipped"].append(registration)
    return outcome


def reject_rows(event: Event, rows: list[Registration], *, actor, reason: str) -> dict[str, list[Registration]]:
    """reject() on rows of the event locked by the caller; freed seats go to the waitlist."""
    seats = SeatCounter(event)
    outcome: dict[str, list[Registration]] = {"rejected": [], "skipped": [], "promoted": []}
    for registration in rows:
        if registration.status not in ACTIVE:
            outcome["skipped"].append(registration)
            continue
        if registration.status == S.CONFIRMED:
            seats.free(registration.category)
        change_state(registration, S.REJECTED, actor=actor, reason=reason)
        outcome["rejected"].append(registration)
    outcome["promoted"] = promote_waitlist(event, actor=actor, seats=seats)
    return outcome


CHANGED = {"approve": ("confirmed", "waitlisted"), "reject": ("rejected", "promoted")}


def _record_decision(event: Event, decision: str, outcome: dict, *, actor, reason: str, **extra):
    """The organizer's decision in the audit log, in its transaction: the registrations it changed,
    and which were left as they were. A decision that changed nobody is no action: no entry."""
    targets = [registration.id for key in CHANGED[decision] for registration in outcome[key]]
    if not targets:
        return None
    return record(
        "registration.decide",
        actor=actor,
        event=event,
        target_type="registration",
        targets=targets,
        decision=decision,
        **{key: [r.id for r in rows] or None for key, rows in outcome.items()},
        reason=reason or None,
        **extra,
    )


def withdraw(registration: Registration, *, actor, reason: str = "") -> list[Registration]:
    """The delegate (or an organizer) withdraws; a freed seat goes to the waitlist at once."""
    event = lock_event(registration.event)
    db.session.refresh(registration)
    if registration.status not in ACTIVE:
        raise InvalidTransition()
    was_confirmed = registration.status == S.CONFIRMED
    change_state(registration, S.WITHDRAWN, actor=actor, reason=reason)
    promoted = promote_waitlist(event, actor=None) if was_confirmed else []
    db.session.commit()
    return promoted


def update_details(registration: Registration, data: dict, *, questions: list[Question]) -> Registration:
    """A delegate corrects their details (not e-mail or category) through the manage link; a
    `listed` or `language` left out of `data` stays as it was."""
    clean = clean_registration(data, questions, partial=True)
    for name in (
        "first_name",
        "last_name",
        "local_name",
        "organisation",
        "position",
        "dietary",
        "accessibility",
        "country_code",
        "city",
    ):
        setattr(registration, name, clean[name])
    files = set_listed(registration, clean["listed"]) if clean["listed"] is not None else []
    if clean["language"] is not None:
        registration.language = clean["language"]
    by_question = {a.question_id: a for a in registration.answers}
    for question in questions:
        value = clean["answers"].get(question.id)
        if value is None and question.id in by_question:
            registration.answers.remove(by_question[question.id])
        elif value is not None and question.id in by_question:
            by_question[question.id].value = value
        elif value is not None:
            registration.answers.append(Answer(question_id=question.id, value=value))
    db.session.commit()
    remove_files(files)
    return registration


def request_deletion(registration: Registration) -> Registration:
    """The delegate asks for their data to be deleted: noted once, and the organizers are mailed."""
    if registration.deletion_requested_at is None:
        registration.deletion_requested_at = utcnow()
        mail_deletion_request(registration)
        db.session.commit()
    return registration


def answers_by_key(registration: Registration) -> dict[str, str]:
    return {a.question.key: a.value for a in registration.answers}


def registration_as_json(registration: Registration) -> dict:
    """Everything we hold about a delegate for this event (their PDPA data access request)."""
    return {
        "id": registration.id,
        "event": registration.event.slug,
        "status": registration.status.value,
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "local_name": registration.local_name,
        "email": registration.email,
        "organisation": registration.organisation,
        "position": registration.position,
        "country": registration.country_code,
        "city": registration.city.slug if registration.city else None,
        "category": registration.category.value,
        "dietary": registration.dietary,
        "accessibility": registration.accessibility,
        "language": registration.language,
        "answers": answers_by_key(registration),
        "consent_at": registration.consent_at.isoformat(),
        "listed": registration.listed_as_participant,
        "listed_as_participant": registration.listed_as_participant,  # the name before `listed`
        "announcements_opt_out_at": (
            registration.announcements_opt_out_at.isoformat() if registration.announcements_opt_out_at else None
        ),
        "deletion_requested_at": (
            registration.deletion_requested_at.isoformat() if registration.deletion_requested_at else None
        ),
        "created_at": registration.created_at.isoformat(),
        "updated_at": registration.updated_at.isoformat(),
        "history": [
            {
                "at": c.at.isoformat(),
                "from": c.from_status.value if c.from_status else None,
                "to": c.to_status.value,
                "by": c.actor,
                "reason": c.reason,
            }
            for c in registration.changes
        ],
    }


def registrations_for_user(user) -> list[Registration]:
    """A signed-in delegate's registrations: linked to the account, or under its e-mail address."""
    return db.session.scalars(
        select(Registration)
        .where(or_(Registration.user_id == user.id, Registration.email == user.email.lower()))
        .options(selectinload(Registration.event))
        .order_by(Registration.created_at.desc())
    ).all()


def events_organized_by(user) -> list[Event]:
    """Events whose registrations this account manages (every event for a site admin)."""
    from eventsys.accounts.models import Role

    stmt = select(Event).order_by(Event.start_date.desc())
    if not user.is_admin:
        stmt = stmt.where(Event.id.in_(user.events_with_role(Role.ORGANIZER) or [-1]))
    return db.session.scalars(stmt).all()
