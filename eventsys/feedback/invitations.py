"""The survey's invitation mail: one per delegate asked (services.respondents_statement), in their
language, queued by a background job.

Each delegate's FeedbackInvitation row is written in the transaction that queues their mail and is
unique per event, so "Send" pressed twice, a retried job or two jobs at once never mail anyone twice.

It is mail to many from the organizers, not about the registration itself: a delegate who asked for
no more of the organizers' announcements is not mailed (and is counted), and finds the survey on
their registration page; the mail carries the List-Unsubscribe headers of announcements.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from eventsys.audit.services import record
from eventsys.db import db
from eventsys.events.models import Event
from eventsys.feedback.models import FeedbackInvitation
from eventsys.feedback.services import closes_on, respondents_statement, state, survey_for, survey_url
from eventsys.jobs.services import start_job
from eventsys.mail.services import queue_mail
from eventsys.registration.mail_texts import footer, greeting_name
from eventsys.registration.models import Registration
from eventsys.registration.tokens import unsubscribe_url

BATCH = 100
JOB_KIND = "feedback_invitations"
MAIL_KIND = "feedback.invitation"


class NotReady(Exception):
    """Sending was asked while the survey has no closing date, or has closed."""


def invited_count(event: Event) -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(FeedbackInvitation).where(FeedbackInvitation.event_id == event.id)
        )
        or 0
    )


def _not_invited(event: Event):
    invited = select(FeedbackInvitation.registration_id).where(FeedbackInvitation.event_id == event.id)
    return respondents_statement(event).where(Registration.id.not_in(invited))


def _count(stmt) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def waiting(event: Event) -> int:
    """Delegates asked who have not been mailed yet and take the organizers' mail."""
    return _count(_not_invited(event).where(Registration.announcements_opt_out_at.is_(None)))


def opted_out(event: Event) -> int:
    """Delegates asked who stopped the organizers' announcements: not mailed."""
    return _count(_not_invited(event).where(Registration.announcements_opt_out_at.is_not(None)))


def start_sending(event: Event, *, user):
    """Record the organizer's "Send" and start the job; what it queued shows on the settings page."""
    survey = survey_for(event)
    if state(survey, event) in ("unset", "closed"):
        raise NotReady
    record("mail.participants", actor=user, event=event, kind=MAIL_KIND, waiting=waiting(event))
    db.session.commit()
    job = start_job(JOB_KIND, "eventsys.feedback.jobs:send_invitations_job", user=user, event=event, event_id=event.id)
    survey = survey_for(event)
    survey.invitations_job_id = job.id
    db.session.commit()
    return job


def _queue_one(event: Event, registration: Registration, closing) -> None:
    language = registration.language if registration.language in ("en", "th") else "en"
    url = survey_url(registration)
    with force_locale(language):
        links = [(_("Give feedback"), url)]
        footer_text = footer(registration)
    queue_mail(
        to=registration.email,
        template="feedback/mail/invitation",
        language=language,
        context={
            "event": event,
            "registration": registration,
            "name": greeting_name(registration, language),
            "survey_url": url,
            "closes_on": closing,
        },
        event=event,
        links=links,
        footer_text=footer_text,
        list_unsubscribe=unsubscribe_url(registration),
        kind=MAIL_KIND,
        registration_id=registration.id,
    )
    db.session.add(FeedbackInvitation(event_id=event.id, registration_id=registration.id))


def queue_invitations(event: Event, progress: Callable[[int, int], None] | None = None) -> dict:
    """Queue the mail of everyone asked and not mailed yet, a batch per transaction."""
    survey = survey_for(event)
    closing = closes_on(survey, event)
    invited = set(
        db.session.scalars(select(FeedbackInvitation.registration_id).where(FeedbackInvitation.event_id == event.id))
    )
    ids = [
        r.id
        for r in db.session.scalars(respondents_statement(event))
        if r.id not in invited and r.announcements_opt_out_at is None
    ]
    queued = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        for registration_id in batch:
            _queue_one(event, db.session.get(Registration, registration_id), closing)
        try:
            db.session.commit()
            queued += len(batch)
        except IntegrityError:  # another run mailed some of them meanwhile: one by one, skipping those
            db.session.rollback()
            for registration_id in batch:
                _queue_one(event, db.session.get(Registration, registration_id), closing)
                try:
                    db.session.commit()
                    queued += 1
                except IntegrityError:
                    db.session.rollback()
        if progress is not None:
            progress(min(start + BATCH, len(ids)), len(ids))
    survey = survey_for(event)
    survey.invitations_queued = (survey.invitations_queued or 0) + queued
    db.session.commit()
    return {"queued": queued, "already": len(invited)}
