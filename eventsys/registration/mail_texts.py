"""The mails a delegate gets about their registration, in wording each event may change.

Each state's mail (received, confirmed, waitlisted, promoted, rejected, withdrawn) and the
invitation is a kind of mail (mail/texts.py): a default subject and body, translated like any other
string, that organizers may reword per event and language with named {placeholders}. What the
delegate must always get stays outside the editable text: the organizers' note when a decision
gives a reason, and the footer with the manage link and the advice to keep it private.

The areas above registration add their links, attachments and placeholders (a ticket, the personal
agenda) through `extras.py`; this module merges them in.

Thai mails greet by the name in Thai script where the delegate gave one.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from eventsys.i18n import format_date_range
from eventsys.mail.layout import render_html, text_with_links
from eventsys.mail.models import OutboxMail
from eventsys.mail.services import queue_mail
from eventsys.mail.texts import (
    MailKind,
    PlaceholderError,
    check_template,
    default_text,
    kind,
    register_kind,
    render_placeholders,
    text_for,
)
from eventsys.registration.extras import MailExtra, mail_extras
from eventsys.registration.models import Invitation, Registration
from eventsys.registration.tokens import absolute_url, invitation_url, manage_url

LANGUAGES = ("en", "th")
# The state mails, by the names services.MAIL_FOR and promote_waitlist use; each is the kind
# "registration.<name>". Other registration mails (duplicate_attempt...) stay fixed templates.
TEXT_MAILS = ("received", "confirmed", "waitlisted", "promoted", "rejected", "withdrawn")

PERSON = ("name", "first_name", "last_name", "organisation", "position")
EVENT = ("event_title", "event_dates", "event_venue")
# Added by the areas above (extras.py): the personal agenda in every mail, the ticket once seated.
SEATED = ("ticket_url",)
STATE_PLACEHOLDERS = (*PERSON, *EVENT, "manage_url", "agenda_url")
INVITATION_PLACEHOLDERS = (*EVENT, "email", "invitation_url")
# What an organizer may use in mail to participants (messages area): one rendering per recipient.
ANNOUNCEMENT_PLACEHOLDERS = (*STATE_PLACEHOLDERS, *SEATED)


# The default wording is today's mails', sentence by sentence: each sentence keeps its msgid (and
# its reviewed Thai) with the placeholder names put in for its %(...)s values, so the defaults read
# "Dear {name}," in English and "เรียน คุณ{name}" in Thai.
T, D, V, N = "{event_title}", "{event_dates}", "{event_venue}", "{name}"


def _paragraphs(*parts) -> LazyString:
    """A body made of translated paragraphs, rendered in the locale of the moment it is read."""
    return LazyString(lambda: "\n\n".join(str(part) for part in parts))


def _greeting() -> LazyString:
    return _l("Dear %(name)s,", name=N)


def _ticket() -> LazyString:
    return _l(
        "Your e-ticket is attached as a PDF and shown below. Show its QR code at the registration desk, on "
        "your phone or printed: it is the same code as on your badge. You can also download it here: %(url)s",
        url="{ticket_url}",
    )


def _sign_off() -> LazyString:
    return LazyString(lambda: _("With best regards,") + "\n" + _("The organizers of %(title)s", title=T))


def _kinds() -> list[MailKind]:
    def state(name, label, subject, body, extra=()):
        return MailKind(
            key=f"registration.{name}",
            label=label,
            subject=subject,
            body=body,
            placeholders=(*STATE_PLACEHOLDERS, *extra),
            description=_l("Sent to the delegate; the footer with their manage link is added below the text."),
        )

    return [
        state(
            "received",
            _l("Registration received (moderated events)"),
            _l("Registration received: %(title)s", title=T),
            _paragraphs(
                _greeting(),
                _l(
                    "Thank you for registering for %(title)s (%(dates)s). The organizers review each registration; "
                    "we will e-mail you their decision.",
                    title=T,
                    dates=D,
                ),
                _sign_off(),
            ),
        ),
        state(
            "confirmed",
            _l("Registration confirmed"),
            _l("Registration confirmed: %(title)s", title=T),
            _paragraphs(
                _greeting(),
                _l(
                    "Your registration for %(title)s is confirmed. We look forward to seeing you on %(dates)s at "
                    "%(venue)s.",
                    title=T,
                    dates=D,
                    venue=V,
                ),
                _ticket(),
                _sign_off(),
            ),
            SEATED,
        ),
        state(
            "waitlisted",
            _l("On the waiting list"),
            _l("On the waiting list: %(title)s", title=T),
            _paragraphs(
                _greeting(),
                _l(
                    "%(title)s is full at the moment, so you are on the waiting list. As soon as a seat becomes free "
                    "it is yours, in the order people registered, and we will e-mail you.",
                    title=T,
                ),
                _sign_off(),
            ),
        ),
        state(
            "promoted",
            _l("A seat became free (from the waiting list)"),
            _l("A seat is yours: %(title)s", title=T),
            _paragraphs(
                _greeting(),
                _l(
                    "Good news: a seat became free and your registration for %(title)s is now confirmed. We look "
                    "forward to seeing you on %(dates)s.",
                    title=T,
                    dates=D,
                ),
                _ticket(),
                _l(
                    "If you can no longer come, please withdraw with the link below so that the next person can "
                    "take the seat."
                ),
                _sign_off(),
            ),
            SEATED,
        ),
        state(
            "rejected",
            _l("Registration not accepted"),
            _l("Your registration for %(title)s", title=T),
            _paragraphs(
                _greeting(),
                _l("We are sorry: the organizers of %(title)s could not accept your registration.", title=T),
                _sign_off(),
            ),
        ),
        state(
            "withdrawn",
            _l("Registration withdrawn"),
            _l("Registration withdrawn: %(title)s", title=T),
            _paragraphs(
                _greeting(),
                _l(
                    "Your registration for %(title)s is withdrawn. If this was a mistake, please contact the "
                    "organizers.",
                    title=T,
                ),
                _sign_off(),
            ),
        ),
        MailKind(
            key="registration.invitation",
            label=_l("Invitation"),
            subject=_l("Invitation: %(title)s", title=T),
            body=_paragraphs(
                _l("Dear colleague,"),
                LazyString(
                    lambda: (
                        _(
                            "You are invited to %(title)s (%(dates)s). Registration is by invitation only; your "
                            "personal link works for this e-mail address (%(email)s):",
                            title=T,
                            dates=D,
                            email="{email}",
                        )
                        + "\n{invitation_url}"
                    )
                ),
                _sign_off(),
            ),
            placeholders=INVITATION_PLACEHOLDERS,
            description=_l("Sent to each address an organizer invites, in the language chosen for it."),
        ),
    ]


def register_kinds(app) -> None:
    for mail_kind in _kinds():
        register_kind(app, mail_kind)


def _language(language: str | None) -> str:
    return language if language in LANGUAGES else "en"


def greeting_name(registration: Registration, language: str) -> str:
    """The name a mail greets by: the name in Thai script in a Thai mail where there is one."""
    if language == "th" and registration.local_name:
        return registration.local_name
    return registration.full_name


def _event_values(event) -> dict[str, str]:
    """The event's placeholders in the current locale (call inside force_locale)."""
    return {
        "event_title": event.title,
        "event_dates": format_date_range(event.start_date, event.end_date),
        "event_venue": event.venue or "",
    }


def placeholders_for(
    registration: Registration, mail_name: str, *, language: str | None = None, extra: MailExtra | None = None
) -> dict[str, str]:
    """Every placeholder's value for `registration` in `language` (default: theirs). Each name a kind
    allows has a value, "" when an area has nothing to add (no ticket while waitlisted)."""
    language = _language(language or registration.language)
    if extra is None:
        with force_locale(language):
            extra = mail_extras(registration, mail_name)
    with force_locale(language):
        values = dict.fromkeys(ANNOUNCEMENT_PLACEHOLDERS, "")
        values.update(
            name=greeting_name(registration, language),
            first_name=registration.first_name,
            last_name=registration.last_name,
            organisation=registration.organisation or "",
            position=registration.position or "",
            manage_url=manage_url(registration),
            email=registration.email,
            **_event_values(registration.event),
        )
    values.update({key: str(value) for key, value in extra.placeholders.items()})
    return values


def _render(event_id: int, key: str, language: str, values: dict[str, str]) -> tuple[str, str]:
    """The event's text for `key`, or the default if a saved text no longer renders (a placeholder
    a later version dropped): the delegate gets their mail either way."""
    subject, body, _customised = text_for(event_id, key, language)
    try:
        return render_placeholders(subject, values), render_placeholders(body, values)
    except PlaceholderError:
        subject, body = default_text(key, language)
        return render_placeholders(subject, values), render_placeholders(body, values)


def _with_note(body: str, mail_name: str, reason: str) -> str:
    """The organizers' reason for a decision, below the text (it is theirs, not the event's wording)."""
    if not reason:
        return body
    if mail_name == "rejected":
        note = _("Reason: %(reason)s", reason=reason)
    else:
        note = _("Note from the organizers: %(reason)s", reason=reason)
    return body.rstrip("\n") + "\n\n" + note + "\n"


def footer(registration: Registration) -> str:
    """Below every mail about a registration: the manage link, and why to keep it private."""
    return (
        _("Your registration: view, edit, withdraw or download your data here:")
        + "\n"
        + manage_url(registration)
        + "\n\n"
        + _("Keep this link private: anyone with it can change your registration.")
    )


def send_registration_mail(registration: Registration, mail_name: str, *, reason: str = "") -> OutboxMail:
    """Queue the delegate's mail `mail_name` ("confirmed"...) in their language, in the caller's
    transaction: the event's wording, the organizers' note, the footer, and what other areas add."""
    language = _language(registration.language)
    key = f"registration.{mail_name}"
    with force_locale(language):
        extra = mail_extras(registration, mail_name)
        values = placeholders_for(registration, mail_name, language=language, extra=extra)
        subject, body = _render(registration.event_id, key, language, values)
        body = _with_note(body, mail_name, reason)
        footer_text = footer(registration)
    return queue_mail(
        to=registration.email,
        subject=subject,
        body_text=body,
        language=language,
        event=registration.event,
        attachments=extra.attachments,
        inline_images=extra.inline_images,
        links=extra.links,
        footer_text=footer_text,
        kind=key,
        registration_id=registration.id,
    )


def send_template_mail(registration: Registration, name: str) -> OutboxMail:
    """A fixed registration mail (templates/registration/mail/<name>.txt), greeting as the others."""
    language = _language(registration.language)
    return queue_mail(
        to=registration.email,
        template=f"registration/mail/{name}",
        language=language,
        context={
            "registration": registration,
            "event": registration.event,
            "manage_url": manage_url(registration),
            "name": greeting_name(registration, language),
        },
        event=registration.event,
        kind=f"registration.{name}",
        registration_id=registration.id,
    )


def invitation_values(invitation: Invitation, language: str) -> dict[str, str]:
    with force_locale(language):
        return {
            **_event_values(invitation.event),
            "email": invitation.email,
            "invitation_url": invitation_url(invitation),
        }


def send_invitation_mail(invitation: Invitation) -> OutboxMail:
    """The invitation, in the language chosen for the invitee."""
    language = _language(invitation.language)
    key = "registration.invitation"
    subject, body = _render(invitation.event_id, key, language, invitation_values(invitation, language))
    return queue_mail(
        to=invitation.email,
        subject=subject,
        body_text=body,
        language=language,
        event=invitation.event,
        kind=key,
    )


def preview(
    registration: Registration, key: str, language: str, *, subject: str | None = None, body: str | None = None
) -> dict[str, str]:
    """The mail `key` as `registration` would get it in `language`: with the event's saved text, or
    with `subject` and `body` as an organizer is editing them (PlaceholderError if they would not
    render). Returns the subject, the plain-text part and the HTML part."""
    language = _language(language)
    mail_kind = kind(key)  # KeyError: not a kind of mail
    if subject is not None or body is not None:
        saved_subject, saved_body, _customised = text_for(registration.event_id, key, language)
        subject = saved_subject if subject is None else subject
        body = saved_body if body is None else body
        errors = check_template(subject, mail_kind.placeholders) + check_template(body, mail_kind.placeholders)
        if errors:
            raise PlaceholderError(list(dict.fromkeys(errors)))
    else:
        subject, body, _customised = text_for(registration.event_id, key, language)
    mail_name = key.partition(".")[2]
    with force_locale(language):
        extra = mail_extras(registration, mail_name)
        values = placeholders_for(registration, mail_name, language=language, extra=extra)
        if key == "registration.invitation":
            values["invitation_url"] = absolute_url(f"/events/{registration.event.slug}/register?invitation=…")
        subject = render_placeholders(subject, values)
        body = render_placeholders(body, values)
        footer_text = "" if key == "registration.invitation" else footer(registration)
    text = text_with_links(body, extra.links)
    if footer_text:
        text += "\n-- \n" + footer_text + "\n"
    html = render_html(
        body,
        language=language,
        event=registration.event,
        links=extra.links,
        footer_text=footer_text,
        subject=subject,
    )
    return {"subject": " ".join(subject.split()), "text": text, "html": html}
