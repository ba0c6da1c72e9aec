"""The mails of matchmaking: to the invitee when asked, to the requester when answered, to the other
side when a meeting is called off. Each in the recipient's language, with the link to their page
(their signed manage link opens it: no account needed)."""

from __future__ import annotations

from eventsys.agenda.personal import absolute_url
from eventsys.mail.services import queue_mail
from eventsys.registration.models import Registration
from eventsys.registration.tokens import manage_token

MAIL_KIND = "matchmaking"


def page_url(registration: Registration) -> str:
    return absolute_url("matchmaking.my_meetings", slug=registration.event.slug, token=manage_token(registration))


def _send(template: str, to: Registration, meeting, other: Registration) -> None:
    if to.is_erased:
        return
    language = to.language if to.language in ("en", "th") else "en"
    queue_mail(
        to=to.email,
        template=f"matchmaking/mail/{template}",
        language=language,
        context={
            "event": to.event,
            "registration": to,
            "other": other,
            "meeting": meeting,
            "slot": meeting.slot,
            "url": page_url(to),
        },
        event=to.event,
        kind=MAIL_KIND,
        registration_id=to.id,
    )


def requested(meeting) -> None:
    _send("requested", meeting.invitee, meeting, meeting.requester)


def answered(meeting) -> None:
    """Accepted (with the table) or declined: the requester hears which."""
    _send("accepted" if meeting.status.value == "accepted" else "declined", meeting.requester, meeting, meeting.invitee)


def cancelled(meeting, by: Registration) -> None:
    other = meeting.invitee if by.id == meeting.requester_id else meeting.requester
    _send("cancelled", other, meeting, by)


def withdrawn(meeting, to: Registration) -> None:
    """The other side of a live meeting called off by an erasure: told that it is off, never by whom
    (the erased person's name is what the erasure removes)."""
    if to.is_erased:
        return
    queue_mail(
        to=to.email,
        template="matchmaking/mail/withdrawn",
        language=to.language if to.language in ("en", "th") else "en",
        context={"event": to.event, "registration": to, "slot": meeting.slot, "url": page_url(to)},
        event=to.event,
        kind=MAIL_KIND,
        registration_id=to.id,
    )
