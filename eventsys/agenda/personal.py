"""Personal agendas: a confirmed delegate's own choice of published sessions, sign-ups that are
never oversold, and a private, revocable iCalendar feed of that choice.

A delegate reaches their agenda by a signed link (no account needed) or, signed in, through the
account that owns their registration.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from eventsys.agenda.models import CalendarFeed, PersonalAgendaItem, PublishedSession
from eventsys.agenda.services import AgendaError
from eventsys.db import db, lock_for_update, utcnow
from eventsys.events.models import Event
from eventsys.registration.models import Registration, RegistrationStatus

TOKEN_SALT = "personal-agenda"


class SessionFull(AgendaError):
    pass


class NotOnOffer(AgendaError):
    pass


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def make_agenda_token(registration: Registration) -> str:
    """The signed part of a delegate's personal agenda link; void once manage_key_version changes."""
    return _serializer().dumps({"r": registration.id, "v": registration.manage_key_version})


def absolute_url(endpoint: str, **values) -> str:
    """A link for mails and feeds: BASE_URL + the path, also outside a request (CLI, workers)."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        with current_app.test_request_context("/"):
            path = url_for(endpoint, **values)
    return current_app.config["BASE_URL"] + path


def personal_agenda_url(registration: Registration) -> str:
    return absolute_url(
        "agenda.my_agenda_by_token", slug=registration.event.slug, token=make_agenda_token(registration)
    )


def _confirmed(registration: Registration | None, event: Event) -> Registration | None:
    if registration is None or registration.event_id != event.id:
        return None
    return registration if registration.status == RegistrationStatus.CONFIRMED else None


def registration_for_token(event: Event, token: str) -> Registration | None:
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    registration = db.session.get(Registration, payload.get("r")) if isinstance(payload.get("r"), int) else None
    if registration is None or registration.manage_key_version != payload.get("v"):
        return None
    return _confirmed(registration, event)


def registration_for_user(event: Event, user) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    registration = db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.user_id == user.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )
    return _confirmed(registration, event)


def chosen_session_ids(registration: Registration) -> set[int]:
    return set(
        db.session.scalars(
            select(PersonalAgendaItem.session_id).where(PersonalAgendaItem.registration_id == registration.id)
        )
    )


def signup_counts(event: Event) -> dict[int, int]:
    rows = db.session.execute(
        select(PersonalAgendaItem.session_id, func.count())
        .join(PublishedSession, PublishedSession.session_id == PersonalAgendaItem.session_id)
        .where(PublishedSession.event_id == event.id)
        .group_by(PersonalAgendaItem.session_id)
    )
    return dict(rows.tuples().all())


def add_to_agenda(registration: Registration, session_id: int) -> PersonalAgendaItem:
    """Put a published session on the delegate's agenda. Where the session takes sign-ups with a
    limit, the count is decided inside this transaction with the session's row locked."""
    registration_id, event_id = registration.id, registration.event_id
    # End whatever transaction the request's reads began, so the lock below is the first thing
    # this transaction does (on SQLite, BEGIN IMMEDIATE then takes the write lock up front).
    db.session.commit()
    published = db.session.scalar(
        lock_for_update(
            select(PublishedSession).where(
                PublishedSession.session_id == session_id, PublishedSession.event_id == event_id
            )
        )
    )
    if published is None:
        db.session.rollback()
        raise NotOnOffer(_("That session is not in the published agenda."))
    existing = db.session.scalar(
        select(PersonalAgendaItem).where(
            PersonalAgendaItem.registration_id == registration_id, PersonalAgendaItem.session_id == session_id
        )
    )
    if existing is not None:
        db.session.rollback()
        return existing
    capacity = published.data.get("signup_capacity") if published.data.get("signup_required") else None
    if capacity is not None:
        taken = db.session.scalar(
            select(func.count()).select_from(PersonalAgendaItem).where(PersonalAgendaItem.session_id == session_id)
        )
        if taken >= capacity:
            db.session.rollback()
            raise SessionFull(
                _(
                    "Sorry, “%(title)s” is full: all %(capacity)d places are taken.",
                    title=published.data["title_en"],
                    capacity=capacity,
                )
            )
    item = PersonalAgendaItem(registration_id=registration_id, session_id=session_id)
    db.session.add(item)
    try:
        db.session.commit()
    except IntegrityError:  # the same delegate, twice at once (two tabs): one row is enough
        db.session.rollback()
        return db.session.scalar(
            select(PersonalAgendaItem).where(
                PersonalAgendaItem.registration_id == registration_id, PersonalAgendaItem.session_id == session_id
            )
        )
    return item


def remove_from_agenda(registration: Registration, session_id: int) -> bool:
    item = db.session.scalar(
        select(PersonalAgendaItem).where(
            PersonalAgendaItem.registration_id == registration.id, PersonalAgendaItem.session_id == session_id
        )
    )
    if item is None:
        return False
    db.session.delete(item)
    db.session.commit()
    return True


# --- the private calendar feed --------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def active_feed(registration: Registration) -> CalendarFeed | None:
    return db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.registration_id == registration.id, CalendarFeed.revoked_at.is_(None))
    )


def issue_feed(registration: Registration) -> str:
    """A new feed secret (shown once); any earlier feed URL of this delegate stops working."""
    revoke_feed(registration, commit=False)
    secret = secrets.token_urlsafe(24)
    db.session.add(CalendarFeed(registration_id=registration.id, token_hash=_hash(secret)))
    db.session.commit()
    return secret


def revoke_feed(registration: Registration, *, commit: bool = True) -> int:
    feeds = db.session.scalars(
        select(CalendarFeed).where(CalendarFeed.registration_id == registration.id, CalendarFeed.revoked_at.is_(None))
    ).all()
    for feed in feeds:
        feed.revoked_at = utcnow()
    if commit:
        db.session.commit()
    return len(feeds)


def registration_for_feed(event: Event, secret: str) -> Registration | None:
    feed = db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.token_hash == _hash(secret or ""), CalendarFeed.revoked_at.is_(None))
    )
    if feed is None:
        return None
    return _confirmed(db.session.get(Registration, feed.registration_id), event)


def feed_url(event: Event, secret: str) -> str:
    return absolute_url("agenda.personal_feed", slug=event.slug, secret=secret)
