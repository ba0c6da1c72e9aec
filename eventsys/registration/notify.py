"""Mails to an event's organizers about their delegates: who asked for their data to be deleted.

Each organizer reads the mail in their account's language. An event with no organizer (yet) is
looked after by the site admins, so they are told instead: a deletion request never goes unseen.
"""

from __future__ import annotations

from sqlalchemy import select

from eventsys.accounts.models import EventRole, Role, User
from eventsys.db import db
from eventsys.mail.services import queue_mail
from eventsys.registration.models import Registration
from eventsys.registration.tokens import absolute_url


def organizers_of(event_id: int) -> list[User]:
    """The active accounts with the organizer role on the event; the active site admins if none."""
    organizers = db.session.scalars(
        select(User)
        .join(EventRole, EventRole.user_id == User.id)
        .where(EventRole.event_id == event_id, EventRole.role == Role.ORGANIZER, User.active.is_(True))
        .distinct()
        .order_by(User.id)
    ).all()
    if organizers:
        return list(organizers)
    return list(
        db.session.scalars(select(User).where(User.is_admin.is_(True), User.active.is_(True)).order_by(User.id))
    )


def mail_deletion_request(registration: Registration) -> int:
    """Queue (in the caller's transaction) a mail to each organizer naming the registration and
    linking to it and to the event's open requests. Returns how many were queued."""
    event = registration.event
    # Built by hand, not url_for: like the delegates' links, these mails may be queued outside a request.
    base = f"/manage/events/{event.slug}/registrations"
    recipients = organizers_of(event.id)
    for organizer in recipients:
        queue_mail(
            to=organizer.email,
            template="registration/mail/deletion_requested",
            language=organizer.locale if organizer.locale in ("en", "th") else "en",
            context={
                "organizer": organizer,
                "registration": registration,
                "event": event,
                "registration_url": absolute_url(f"{base}/{registration.id}"),
                "requests_url": absolute_url(f"{base}?deletion=requested"),
            },
        )
    return len(recipients)
