"""The rules of the organizers' mail pages: an event's own mail texts, and its outbox.

Mail texts are stored by the mail area (mail/texts.py); here the event's organizers save and reset
them, audited, and preview them with a real registration of the event. The outbox page reads the
outbox rows of one event (OutboxMail.event_id) and requeues failed ones, only that event's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.events.models import Event
from eventsys.jobs.services import dispatch_soon
from eventsys.mail import texts
from eventsys.mail.models import MailStatus, OutboxMail
from eventsys.registration import mail_texts
from eventsys.registration.models import Registration, RegistrationStatus, not_erased

LANGUAGES = ("en", "th")
LANGUAGE_NAMES = {"en": _l("English"), "th": _l("Thai")}
PREVIEW_CHOICES = 200  # registrations offered in the preview's select (newest first)
PER_PAGE = 50


# --- mail texts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextRow:
    kind: texts.MailKind
    customised: dict[str, bool]  # language -> the event has its own text


def text_rows(event: Event) -> list[TextRow]:
    """Every registered kind of mail, with which languages the event customised."""
    own = texts.customised_texts(event.id)
    return [
        TextRow(kind=kind, customised={lang: (kind.key, lang) in own for lang in LANGUAGES}) for kind in texts.kinds()
    ]


def mail_kind(key: str) -> texts.MailKind | None:
    try:
        return texts.kind(key)
    except KeyError:
        return None


def save_text(event: Event, key: str, language: str, subject: str, body: str, *, actor) -> None:
    """Store the event's own text; raises texts.PlaceholderError (nothing stored) when it is wrong."""
    texts.save_text(event.id, key, language, subject, body, user=actor)
    _record_text_change(event, key, language, actor=actor, value="customised")
    db.session.commit()


def reset_text(event: Event, key: str, language: str, *, actor) -> bool:
    """Back to the default wording; False (nothing recorded) if the event had no text of its own."""
    if not texts.reset_text(event.id, key, language):
        return False
    _record_text_change(event, key, language, actor=actor, value="default")
    db.session.commit()
    return True


def _record_text_change(event: Event, key: str, language: str, *, actor, value: str) -> None:
    """Audit a mail text saved ("customised") or reset ("default"), in the caller's transaction."""
    record(
        "settings.change",
        actor=actor,
        event=event,
        target_type="mail_text",
        targets=[f"{key}/{language}"],
        setting="mail_text",
        kind=key,
        language=language,
        value=value,
    )


def _not_erased():
    return not_erased(Registration.email)


def preview_registrations(event: Event) -> list[Registration]:
    """The registrations a preview may use, newest first (erased ones hold nothing to show)."""
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.event_id == event.id, _not_erased())
            .order_by(Registration.created_at.desc(), Registration.id.desc())
            .limit(PREVIEW_CHOICES)
        )
    )


def preview_registration(event: Event, registration_id: int | None) -> Registration | None:
    """The chosen registration of the event, else the latest confirmed one, else the latest one."""
    if registration_id:
        chosen = db.session.get(Registration, registration_id)
        if chosen is not None and chosen.event_id == event.id and not chosen.is_erased:
            return chosen
    base = (
        select(Registration)
        .where(Registration.event_id == event.id, _not_erased())
        .order_by(Registration.created_at.desc(), Registration.id.desc())
        .limit(1)
    )
    return db.session.scalar(base.where(Registration.status == RegistrationStatus.CONFIRMED)) or db.session.scalar(base)


def preview_text(registration: Registration, key: str, language: str, subject: str, body: str) -> dict:
    """The mail `registration` would get with this (unsaved) text: subject, text, html."""
    return dict(mail_texts.preview(registration, key, language, subject=subject, body=body), language=language)


# --- the outbox ---------------------------------------------------------------------------------

STATUSES = (MailStatus.QUEUED, MailStatus.SENT, MailStatus.FAILED)
STATUS_VALUES = frozenset(status.value for status in STATUSES)


def outbox_counts(event: Event) -> dict[str, int]:
    rows = db.session.execute(
        select(OutboxMail.status, func.count()).where(OutboxMail.event_id == event.id).group_by(OutboxMail.status)
    ).all()
    found = {getattr(status, "value", status): count for status, count in rows}
    return {status.value: found.get(status.value, 0) for status in STATUSES}


@dataclass
class OutboxPage:
    items: list[OutboxMail]
    total: int
    page: int
    pages: int


def outbox_page(event: Event, status: str = "", page: int = 1, campaign_id: int | None = None) -> OutboxPage:
    """One page of the event's mails, newest first; `status` one of STATUSES' values, or all;
    `campaign_id`: only the mails of that mail to participants."""
    where = [OutboxMail.event_id == event.id]
    if status in STATUS_VALUES:
        where.append(OutboxMail.status == MailStatus(status))
    if campaign_id is not None:
        where.append(OutboxMail.campaign_id == campaign_id)
    total = db.session.scalar(select(func.count()).select_from(OutboxMail).where(*where)) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(max(1, page), pages)
    items = db.session.scalars(
        select(OutboxMail).where(*where).order_by(OutboxMail.id.desc()).offset((page - 1) * PER_PAGE).limit(PER_PAGE)
    ).all()
    return OutboxPage(items=list(items), total=total, page=page, pages=pages)


def _requeue(where) -> int:
    result = db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.status == MailStatus.FAILED, *where)
        .values(status=MailStatus.QUEUED, attempts=0, next_attempt_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    count = result.rowcount or 0
    db.session.commit()
    if count:
        # Delivery as after any queued mail: a worker, or the end of this request.
        dispatch_soon("eventsys.mail.services:deliver_due")
    return count


def retry_mail(event: Event, mail_id: int) -> bool:
    """Requeue one failed mail of the event (its last error stays until it is sent)."""
    return _requeue([OutboxMail.id == mail_id, OutboxMail.event_id == event.id]) == 1


def retry_failed(event: Event) -> int:
    """Requeue every failed mail of the event; returns how many."""
    return _requeue([OutboxMail.event_id == event.id])


def failed_mail_notice(event: Event):
    """The event hub's line about mails that could not be delivered, leading to them."""
    from flask_babel import ngettext

    failed = outbox_counts(event)[MailStatus.FAILED.value]
    if not failed:
        return None
    text = ngettext(
        "%(num)d mail of this event could not be delivered.",
        "%(num)d mails of this event could not be delivered.",
        failed,
    )
    return text, "messages.outbox", {"status": MailStatus.FAILED.value}
