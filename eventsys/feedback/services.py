"""The survey's rules: when it is open, who answers what, answering once, and what an erasure leaves.

Who is asked: a confirmed delegate (not erased) who was checked in at the event, or, when the event
had no check-ins at all, every confirmed delegate (the same people the invitation mail goes to).
What they rate: the event, and each session they attended: the sessions they were checked in at,
or, when the event had no session check-ins, the sessions on their personal agenda.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError

from eventsys.agenda.models import AgendaSession, PersonalAgendaItem
from eventsys.checkin.models import Checkin, CheckinList
from eventsys.db import db, utcnow
from eventsys.events.models import Event
from eventsys.feedback.models import EVENT_TARGET, FeedbackInvitation, FeedbackResponse, FeedbackSurvey, session_target
from eventsys.registration.extras import ManagePanel
from eventsys.registration.models import ERASED_DOMAIN, Registration, RegistrationStatus
from eventsys.registration.tokens import absolute_url, manage_token

RATINGS = (1, 2, 3, 4, 5)
COMMENT_LIMIT = 2000


class SurveyClosed(Exception):
    """An answer sent when the survey is not open (closed since the page was shown, or never open)."""


# --- the survey's dates ---------------------------------------------------------------------------


def survey_for(event: Event) -> FeedbackSurvey | None:
    return db.session.scalar(select(FeedbackSurvey).where(FeedbackSurvey.event_id == event.id))


def ensure_survey(event: Event) -> FeedbackSurvey:
    survey = survey_for(event)
    if survey is None:
        survey = FeedbackSurvey(event_id=event.id)
        db.session.add(survey)
        db.session.flush()
    return survey


def local_midnight(event: Event, day: dt.date) -> dt.datetime:
    """The UTC instant a local calendar day of the event starts."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=event.zone).astimezone(dt.UTC)


def event_end(event: Event) -> dt.datetime:
    """When the event is over: its last session's end, or the end of its last day without sessions."""
    last = db.session.scalar(
        select(func.max(AgendaSession.ends_at)).where(
            AgendaSession.event_id == event.id, AgendaSession.deleted_at.is_(None)
        )
    )
    day_end = local_midnight(event, event.end_date + dt.timedelta(days=1))
    return min(last, day_end) if last is not None else day_end


def opens_at(survey: FeedbackSurvey | None, event: Event) -> dt.datetime:
    return survey.opens_at if survey is not None and survey.opens_at is not None else event_end(event)


def closes_on(survey: FeedbackSurvey | None, event: Event) -> dt.date | None:
    """The last local day delegates may answer (the survey closes at the midnight after it)."""
    if survey is None or survey.closes_at is None:
        return None
    return (survey.closes_at - dt.timedelta(seconds=1)).astimezone(event.zone).date()


def state(survey: FeedbackSurvey | None, event: Event, now: dt.datetime | None = None) -> str:
    """ "unset" (no closing date yet), "not_yet_open", "open" or "closed"."""
    if survey is None or survey.closes_at is None:
        return "unset"
    now = now or utcnow()
    if now >= survey.closes_at:
        return "closed"
    if now < opens_at(survey, event):
        return "not_yet_open"
    return "open"


def save_settings(
    event: Event, *, opens_on: dt.date | None, closes_on_day: dt.date, question_en: str, question_th: str
):
    """The organizers' settings; the dates are local days of the event (opening at the start of
    `opens_on`, closing at the end of `closes_on_day`). The caller records and commits."""
    survey = ensure_survey(event)
    survey.opens_at = local_midnight(event, opens_on) if opens_on else None
    survey.closes_at = local_midnight(event, closes_on_day + dt.timedelta(days=1))
    survey.question_en = question_en.strip()
    survey.question_th = question_th.strip()
    return survey


# --- who is asked about what ----------------------------------------------------------------------


def _checked_in_ids(event: Event):
    return (
        select(Checkin.registration_id)
        .join(CheckinList, Checkin.list_id == CheckinList.id)
        .where(CheckinList.event_id == event.id)
    )


def event_had_checkins(event: Event) -> bool:
    return bool(db.session.scalar(select(exists(_checked_in_ids(event)))))


def respondents_statement(event: Event):
    """The delegates asked for feedback, oldest registration first."""
    stmt = select(Registration).where(
        Registration.event_id == event.id,
        Registration.status == RegistrationStatus.CONFIRMED,
        Registration.email.not_like(f"%@{ERASED_DOMAIN}"),
    )
    if event_had_checkins(event):
        stmt = stmt.where(Registration.id.in_(_checked_in_ids(event)))
    return stmt.order_by(Registration.id)


def may_answer(registration: Registration) -> bool:
    if registration.status != RegistrationStatus.CONFIRMED or registration.is_erased:
        return False
    event = registration.event
    if not event_had_checkins(event):
        return True
    return bool(
        db.session.scalar(select(exists(_checked_in_ids(event).where(Checkin.registration_id == registration.id))))
    )


def sessions_attended(registration: Registration) -> list[AgendaSession]:
    """The sessions this delegate rates, in time order."""
    event_id = registration.event_id
    session_checkins = (
        select(CheckinList.session_id)
        .join(Checkin, Checkin.list_id == CheckinList.id)
        .where(CheckinList.event_id == event_id, CheckinList.session_id.is_not(None))
    )
    if db.session.scalar(select(exists(session_checkins))):
        ids = session_checkins.where(Checkin.registration_id == registration.id)
    else:
        ids = select(PersonalAgendaItem.session_id).where(PersonalAgendaItem.registration_id == registration.id)
    return list(
        db.session.scalars(
            select(AgendaSession)
            .where(AgendaSession.id.in_(ids), AgendaSession.event_id == event_id, AgendaSession.deleted_at.is_(None))
            .order_by(AgendaSession.starts_at, AgendaSession.id)
        )
    )


def answers_of(registration: Registration) -> dict[str, FeedbackResponse]:
    rows = db.session.scalars(select(FeedbackResponse).where(FeedbackResponse.registration_id == registration.id))
    return {row.target: row for row in rows}


# --- answering ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    target: str
    session_id: int | None
    rating: int
    comment: str = ""
    extra_answer: str = ""


@dataclass
class Submitted:
    saved: list[str]
    already: list[str]  # targets answered before (another tab, an earlier visit): left as they were


def submit(registration: Registration, answers: list[Answer], *, named: bool, language: str) -> Submitted:
    """Save the delegate's answers, once per target. Targets answered already are left alone; if
    another submit of the same delegate wins the race, the unique constraint refuses this one whole
    and it is reported as already answered."""
    event = registration.event
    if state(survey_for(event), event) != "open":
        raise SurveyClosed(_("The survey is closed."))
    registration_id, event_id = registration.id, registration.event_id
    before = answers_of(registration)
    fresh = [a for a in answers if a.target not in before]
    for answer in fresh:
        db.session.add(
            FeedbackResponse(
                event_id=event_id,
                session_id=answer.session_id,
                target=answer.target,
                registration_id=registration_id,
                rating=answer.rating,
                comment=answer.comment.strip()[:COMMENT_LIMIT],
                extra_answer=answer.extra_answer.strip()[:COMMENT_LIMIT],
                named=named,
                language=language,
            )
        )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return Submitted(saved=[], already=[a.target for a in answers])
    return Submitted(saved=[a.target for a in fresh], already=[a.target for a in answers if a.target in before])


# --- links, the manage page panel, erasure --------------------------------------------------------


def survey_path(registration: Registration) -> str:
    return url_for("feedback.survey", slug=registration.event.slug, token=manage_token(registration))


def survey_url(registration: Registration) -> str:
    """The absolute link for mails (built by hand: mails are queued in jobs, outside requests)."""
    return absolute_url(f"/events/{registration.event.slug}/registration/{manage_token(registration)}/feedback")


def manage_panel(registration: Registration, token: str) -> ManagePanel | None:
    """ "Give feedback" on the manage page, while the survey is open and the delegate is asked."""
    event = registration.event
    survey = survey_for(event)
    if state(survey, event) != "open" or not may_answer(registration):
        return None
    targets = 1 + len(sessions_attended(registration))
    answered = len(answers_of(registration))
    return ManagePanel(
        template="feedback/_manage_panel.html",
        context={
            "feedback_panel": {
                "url": url_for("feedback.survey", slug=event.slug, token=token),
                "closes_on": closes_on(survey, event),
                "done": answered >= targets,
            }
        },
        order=15,
    )


def forget_respondent(person) -> tuple[str, list, list] | None:
    """An erasure step (registration/erasure.py). The ratings stay in the figures, cut off from the
    registration. A comment the delegate gave under their name goes: they wrote it to be read with
    their name, and its words may still point to them; a comment given anonymously stays, as it was
    never tied to them for its readers. The consent goes with the name it was about. Their survey
    invitation row goes too (it is only about them)."""
    rows = db.session.scalars(
        select(FeedbackResponse).where(FeedbackResponse.registration_id == person.registration_id)
    ).all()
    for row in rows:
        if row.named:
            row.comment = ""
            row.extra_answer = ""
        row.named = False
        row.registration_id = None
    invitations = db.session.scalars(
        select(FeedbackInvitation).where(FeedbackInvitation.registration_id == person.registration_id)
    ).all()
    for invitation in invitations:
        db.session.delete(invitation)
    return ("feedback_responses", [row.id for row in rows], []) if rows or invitations else None


def target_of(session_id: int | None) -> str:
    return EVENT_TARGET if session_id is None else session_target(session_id)
