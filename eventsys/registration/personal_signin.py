"""Delegates without a password: "My registrations" mails a single-use link (15 minutes) to an address,
and the link shows every registration under that address, across events.

Whether an address is known is never revealed: the page answers every request alike, and the look-up
and the mail happen after the answer (`dispatch_soon`: in a worker with Redis, else once the response
is made), for every address alike, so the answer takes the same time too.

The link signs a browser session in as the address, never as an account: an address that also
belongs to a staff account gets no staff rights from a delegate's link.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app, session
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventsys.accounts import signin_links
from eventsys.accounts.models import SignInPurpose
from eventsys.db import db, utcnow
from eventsys.events.models import Event
from eventsys.i18n import LOCALES
from eventsys.jobs.services import dispatch_soon
from eventsys.mail.services import queue_mail
from eventsys.registration.mail_texts import greeting_name
from eventsys.registration.models import Registration
from eventsys.registration.validation import normalise_email

# The delegate's signed-in marker in this browser's session (never a Flask-Login account).
SESSION_EMAIL = "delegate_email"
SESSION_SINCE = "delegate_signed_in_at"
# A marker older than this is ignored even if the browser keeps its session cookie open for days.
SESSION_LENGTH = dt.timedelta(hours=12)
LINK_PATH = "/my-registrations/sign-in/"


def link_url(secret: str) -> str:
    # Built by hand, not url_for: the mail is queued in a worker, outside any request.
    return current_app.config["BASE_URL"] + LINK_PATH + secret


def link_minutes() -> int:
    return int(signin_links.lifetime(SignInPurpose.DELEGATE).total_seconds() // 60)


def request_link(email: str, language: str) -> None:
    """Ask for a link to be mailed to `email` if it has registrations; says nothing either way."""
    dispatch_soon("eventsys.registration.personal_signin:send_link", normalise_email(email), language)


def send_link(email: str, language: str, now: dt.datetime | None = None) -> bool:
    """Mail a sign-in link if the address has registrations: in the language of its latest
    registration, else in `language` (the page's). True if a mail was queued."""
    email = normalise_email(email)
    latest = db.session.scalar(
        select(Registration)
        .where(Registration.email == email)
        .order_by(Registration.created_at.desc(), Registration.id.desc())
        .limit(1)
    )
    if latest is None:
        return False
    secret = signin_links.issue(SignInPurpose.DELEGATE, email=email, now=now)
    language = latest.language if latest.language in LOCALES else language
    queue_mail(
        to=email,
        template="registration/mail/sign_in_link",
        language=language,
        context={
            "link": link_url(secret),
            "minutes": link_minutes(),
            "email": email,
            "name": greeting_name(latest, language),
        },
        kind="registration.sign_in_link",
    )
    db.session.commit()
    return True


def link_email(secret: str, now: dt.datetime | None = None) -> str | None:
    """The address a link was sent to, if it still works (opening the link uses nothing up)."""
    link = signin_links.peek(secret, SignInPurpose.DELEGATE, now=now)
    return link.email if link else None


def sign_in(secret: str, now: dt.datetime | None = None) -> str | None:
    """Use the link up; the address it proves, or None if it was used, replaced or has expired."""
    link = signin_links.consume(secret, SignInPurpose.DELEGATE, now=now)
    if link is None:
        db.session.rollback()
        return None
    email = link.email
    db.session.commit()
    return email


def registrations_for_email(email: str) -> list[Registration]:
    """Every registration under the address, across events, newest event first."""
    return list(
        db.session.scalars(
            select(Registration)
            .join(Event, Registration.event_id == Event.id)
            .where(Registration.email == normalise_email(email))
            .options(selectinload(Registration.event))
            .order_by(Event.start_date.desc(), Registration.id)
        )
    )


def signed_in_email() -> str | None:
    """The address this browser signed in to with a mailed link, while the marker is fresh."""
    email, since = session.get(SESSION_EMAIL), session.get(SESSION_SINCE)
    if not email or not since:
        return None
    try:
        started = dt.datetime.fromisoformat(since)
    except (TypeError, ValueError):
        started = None
    if started is None or started.tzinfo is None or utcnow() - started > SESSION_LENGTH:
        forget_signed_in_email()
        return None
    return email


def forget_signed_in_email() -> None:
    session.pop(SESSION_EMAIL, None)
    session.pop(SESSION_SINCE, None)


def remember_signed_in_email(email: str) -> None:
    """Mark this browser as signed in to `email`'s registrations (the link was used)."""
    session[SESSION_EMAIL] = email
    session[SESSION_SINCE] = utcnow().isoformat()
