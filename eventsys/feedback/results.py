"""What the answers add up to: per target, the number of answers, the mean, the 1-5 distribution and
the comments; the CSV of every answer; the API's aggregates.

Comments carry a name only where the delegate ticked "my rapporteur may see my name with my
comments". Organizers are held to the same rule as rapporteurs: a survey said to be anonymous is
anonymous to everyone who reads it, and an organizer who needs a name has the delegate's consent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from eventsys.agenda.models import AgendaSession
from eventsys.audit.services import record
from eventsys.db import db
from eventsys.events.models import Event
from eventsys.feedback.models import EVENT_TARGET, FeedbackResponse
from eventsys.feedback.services import RATINGS, closes_on, survey_for
from eventsys.registration.models import Registration


@dataclass(frozen=True)
class Comment:
    text: str
    rating: int
    language: str
    name: str | None  # only with the delegate's consent


@dataclass
class TargetResults:
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))
    comments: list[Comment] = field(default_factory=list)
    extras: list[Comment] = field(default_factory=list)  # answers to the organizers' own question

    @property
    def responses(self) -> int:
        return sum(self.distribution.values())

    @property
    def mean(self) -> float | None:
        if not self.responses:
            return None
        return round(sum(r * n for r, n in self.distribution.items()) / self.responses, 2)

    @property
    def peak(self) -> int:
        return max(self.distribution.values()) or 1

    def as_json(self) -> dict:
        return {
            "responses": self.responses,
            "mean": self.mean,
            "distribution": {str(r): n for r, n in self.distribution.items()},
        }


@dataclass
class SessionResults:
    session: AgendaSession
    results: TargetResults


def _distributions(event_id: int, session_id: int | None = None) -> dict[str, TargetResults]:
    stmt = (
        select(FeedbackResponse.target, FeedbackResponse.rating, func.count())
        .where(FeedbackResponse.event_id == event_id)
        .group_by(FeedbackResponse.target, FeedbackResponse.rating)
    )
    if session_id is not None:
        stmt = stmt.where(FeedbackResponse.session_id == session_id)
    found: dict[str, TargetResults] = {}
    for target, rating, count in db.session.execute(stmt):
        found.setdefault(target, TargetResults()).distribution[rating] = count
    return found


def _add_comments(found: dict[str, TargetResults], event_id: int, session_id: int | None = None) -> None:
    stmt = (
        select(FeedbackResponse, Registration)
        .outerjoin(Registration, Registration.id == FeedbackResponse.registration_id)
        .where(FeedbackResponse.event_id == event_id)
        .where((FeedbackResponse.comment != "") | (FeedbackResponse.extra_answer != ""))
        .order_by(FeedbackResponse.created_at, FeedbackResponse.id)
    )
    if session_id is not None:
        stmt = stmt.where(FeedbackResponse.session_id == session_id)
    for row, registration in db.session.execute(stmt):
        name = registration.full_name if row.named and registration is not None else None
        target = found.setdefault(row.target, TargetResults())
        for text, kept in ((row.comment, target.comments), (row.extra_answer, target.extras)):
            if text:
                kept.append(Comment(text=text, rating=row.rating, language=row.language, name=name))


def _sessions(event: Event, ids) -> list[AgendaSession]:
    return list(
        db.session.scalars(
            select(AgendaSession).where(AgendaSession.id.in_(ids)).order_by(AgendaSession.starts_at, AgendaSession.id)
        )
    )


@dataclass
class EventResults:
    event: TargetResults
    sessions: list[SessionResults]


def event_results(event: Event, *, comments: bool = True) -> EventResults:
    """The event's figures and those of every session someone rated, in time order."""
    found = _distributions(event.id)
    if comments:
        _add_comments(found, event.id)
    session_ids = [int(t.split("-", 1)[1]) for t in found if t != EVENT_TARGET]
    sessions = [SessionResults(session=s, results=found[f"session-{s.id}"]) for s in _sessions(event, session_ids)]
    return EventResults(event=found.get(EVENT_TARGET, TargetResults()), sessions=sessions)


def session_results(session: AgendaSession) -> TargetResults:
    found = _distributions(session.event_id, session.id)
    _add_comments(found, session.event_id, session.id)
    return found.get(f"session-{session.id}", TargetResults())


def aggregates_json(event: Event) -> dict:
    """The API's answer: figures only, no comment, no registration."""
    results = event_results(event, comments=False)
    survey = survey_for(event)
    closing = closes_on(survey, event)
    return {
        "event": results.event.as_json(),
        "sessions": [
            {
                "id": s.session.id,
                "title": {"en": s.session.title_en, "th": s.session.title_th or None},
                **s.results.as_json(),
            }
            for s in results.sessions
        ],
        "closes_at": survey.closes_at.isoformat() if survey is not None and survey.closes_at else None,
        "closes_on": closing.isoformat() if closing else None,
    }


CSV_HEADER = (
    "answer",
    "target",
    "session_id",
    "session_title",
    "rating",
    "comment",
    "extra_answer",
    "language",
    "answered_at",
    "name",
)


def csv_rows(event: Event):
    """One row per answer; the name only where the delegate agreed to be named."""
    yield CSV_HEADER
    stmt = (
        select(FeedbackResponse, AgendaSession, Registration)
        .outerjoin(AgendaSession, AgendaSession.id == FeedbackResponse.session_id)
        .outerjoin(Registration, Registration.id == FeedbackResponse.registration_id)
        .where(FeedbackResponse.event_id == event.id)
        .order_by(FeedbackResponse.created_at, FeedbackResponse.id)
    )
    for n, (row, session, registration) in enumerate(db.session.execute(stmt), start=1):
        yield (
            n,
            row.target,
            row.session_id or "",
            session.title_en if session is not None else "",
            row.rating,
            row.comment,
            row.extra_answer,
            row.language,
            row.created_at.astimezone(event.zone).isoformat(timespec="seconds"),
            registration.full_name if row.named and registration is not None else "",
        )


def record_export(event: Event, *, actor) -> None:
    """The CSV may name delegates who agreed: the audit log records who took it, committed first."""
    named = db.session.scalars(
        select(FeedbackResponse.registration_id).where(
            FeedbackResponse.event_id == event.id,
            FeedbackResponse.named.is_(True),
            FeedbackResponse.registration_id.is_not(None),
        )
    ).all()
    total = db.session.scalar(
        select(func.count()).select_from(FeedbackResponse).where(FeedbackResponse.event_id == event.id)
    )
    record(
        "registration.export",
        actor=actor,
        event=event,
        target_type="registration",
        targets=sorted(set(named)),
        export="feedback.csv",
        rows=total or 0,
    )
    db.session.commit()


def results_beside_outcomes(session: AgendaSession) -> TargetResults | None:
    """The session's results on its outcomes page, for whoever works on those outcomes (its
    rapporteurs, and its approvers: the event's organizers and the chair); None for anyone else.
    A jinja global, set by the area's init_app, so outcomes never imports feedback."""
    from flask_login import current_user

    from eventsys.outcomes.permissions import can_see_drafts

    if not can_see_drafts(current_user, session):
        return None
    return session_results(session)
