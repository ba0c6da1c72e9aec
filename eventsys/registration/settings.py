"""Organizer settings of an event's registration: mode, window, capacities, questions, invitations."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import delete, select

from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.events.models import Event, RegistrationMode
from eventsys.registration.errors import InvalidRegistration
from eventsys.registration.mail_texts import send_invitation_mail
from eventsys.registration.models import (
    CategoryCapacity,
    Invitation,
    Question,
    QuestionKind,
    Registration,
    RegistrationCategory,
    RegistrationStatus,
)
from eventsys.registration.services import SeatCounter, lock_event, promote_waitlist
from eventsys.registration.validation import normalise_email

QUESTION_KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


def category_capacities(event: Event) -> dict[RegistrationCategory, int]:
    return {
        c.category: c.capacity
        for c in db.session.scalars(select(CategoryCapacity).where(CategoryCapacity.event_id == event.id))
    }


class PromotionNotConfirmed(Exception):
    """These settings would confirm (and mail) waitlisted delegates the organizer has not been shown:
    `people`, in the order they would be confirmed. Nothing was saved."""

    def __init__(self, people: list[Registration]):
        super().__init__(len(people))
        self.people = people


def promotion_preview(
    event: Event, *, capacity: int | None, category_limits: dict[RegistrationCategory, int | None]
) -> list[Registration]:
    """The waitlisted delegates these seat settings would confirm now, as promote_waitlist would
    take them (first come, first served, within each category's limit). Writes nothing."""
    seats = SeatCounter(event)
    seats.capacity = capacity
    seats.limits = {category: limit for category, limit in category_limits.items() if limit is not None}
    if seats.event_full():
        return []
    waiting = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.created_at, Registration.id)
    ).all()
    people = []
    for registration in waiting:
        if seats.event_full():
            break
        if seats.has_seat(registration.category):
            seats.take(registration.category)
            people.append(registration)
    return people


def update_settings(
    event: Event,
    *,
    mode: RegistrationMode,
    opens_at,
    closes_at,
    capacity: int | None,
    privacy_notice_url: str,
    category_limits: dict[RegistrationCategory, int | None],
    actor,
    confirmed_promotion: list[int] | None = None,
) -> list:
    """Save the settings; more seats than before fill from the waitlist at once. Commits.

    Filling seats confirms and mails people, so it happens only when the organizer was shown
    exactly who (`confirmed_promotion`, the ids of promotion_preview's answer): otherwise, or when
    the waitlist has moved since, PromotionNotConfirmed names them and nothing is saved."""
    if opens_at and closes_at and closes_at <= opens_at:
        raise InvalidRegistration({"closes_at": _("Registration must close after it opens.")})
    event = lock_event(event)
    people = promotion_preview(event, capacity=capacity, category_limits=category_limits)
    if people and [p.id for p in people] != list(confirmed_promotion or []):
        db.session.rollback()
        raise PromotionNotConfirmed(people)
    event.registration_mode = mode
    event.registration_opens_at = opens_at
    event.registration_closes_at = closes_at
    event.capacity = capacity
    event.privacy_notice_url = privacy_notice_url
    existing = {
        c.category: c for c in db.session.scalars(select(CategoryCapacity).where(CategoryCapacity.event_id == event.id))
    }
    for category, limit in category_limits.items():
        row = existing.get(category)
        if limit is None and row is not None:
            db.session.delete(row)
        elif limit is not None and row is not None:
            row.capacity = limit
        elif limit is not None:
            db.session.add(CategoryCapacity(event_id=event.id, category=category, capacity=limit))
    db.session.flush()
    promoted = promote_waitlist(event, actor=actor)
    if promoted:  # more seats: the organizer's change confirmed these delegates
        record(
            "registration.decide",
            actor=actor,
            event=event,
            target_type="registration",
            targets=[registration.id for registration in promoted],
            decision="promote",
            promoted=[registration.id for registration in promoted],
        )
    db.session.commit()
    return promoted


def parse_choices(text: str) -> list[dict]:
    """One choice per line: `key | English | Thai` (Thai optional)."""
    choices = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        key = parts[0].lower()
        if not QUESTION_KEY.match(key) or len(parts) < 2 or not parts[1]:
            raise InvalidRegistration({"choices": _("Write each choice as: key | English | Thai.")})
        choices.append({"key": key, "en": parts[1][:200], "th": (parts[2] if len(parts) > 2 else "")[:200]})
    return choices


def add_question(
    event: Event,
    *,
    key: str,
    label_en: str,
    label_th: str,
    kind: QuestionKind,
    choices_text: str = "",
    required: bool = False,
) -> Question:
    key = (key or "").strip().lower()
    if not QUESTION_KEY.match(key):
        raise InvalidRegistration({"key": _("Use lower-case letters, digits and _, starting with a letter.")})
    if db.session.scalar(select(Question).where(Question.event_id == event.id, Question.key == key)):
        raise InvalidRegistration({"key": _("This event already has a question with that key.")})
    choices = parse_choices(choices_text) if kind == QuestionKind.CHOICE else []
    if kind == QuestionKind.CHOICE and len(choices) < 2:
        raise InvalidRegistration({"choices": _("A choice question needs at least two choices.")})
    position = len(db.session.scalars(select(Question.id).where(Question.event_id == event.id)).all())
    question = Question(
        event_id=event.id,
        key=key,
        label_en=label_en.strip(),
        label_th=label_th.strip(),
        kind=kind,
        choices=choices,
        required=required,
        position=position,
    )
    db.session.add(question)
    db.session.commit()
    return question


def delete_question(event: Event, question_id: int) -> bool:
    result = db.session.execute(delete(Question).where(Question.event_id == event.id, Question.id == question_id))
    db.session.commit()
    return bool(result.rowcount)


def invitations(event: Event) -> list[Invitation]:
    return db.session.scalars(
        select(Invitation)
        .where(Invitation.event_id == event.id)
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    ).all()


def send_invitation(invitation: Invitation, language: str | None = None) -> None:
    """Mail the invitation in `language` (kept as the invitee's language), else in the one it has."""
    if language in ("en", "th"):
        invitation.language = language
    send_invitation_mail(invitation)


def invite(
    event: Event, emails: list[str], *, category: RegistrationCategory | None, actor, language: str = "en"
) -> tuple[list[Invitation], list[str]]:
    """Invite each address once (an address invited before gets its link again, now in `language`):
    the mail, and the registration made with the link, are in `language`. Commits."""
    from email_validator import EmailNotValidError, validate_email

    created, refused = [], []
    known = {i.email: i for i in invitations(event)}
    for raw in emails:
        email = normalise_email(raw)
        if not email:
            continue
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            refused.append(raw.strip())
            continue
        invitation = known.get(email)
        if invitation is None:
            invitation = Invitation(
                event_id=event.id,
                email=email,
                category=category,
                created_by_id=getattr(actor, "id", None),
                created_at=utcnow(),
                language=language,
            )
            invitation.event = event
            db.session.add(invitation)
            db.session.flush()
            known[email] = invitation
        send_invitation(invitation, language)
        created.append(invitation)
    if created:
        record(
            "registration.invite",
            actor=actor,
            event=event,
            target_type="invitation",
            targets=[invitation.id for invitation in created],
            email=[invitation.email for invitation in created],
        )
    db.session.commit()
    return created, refused
