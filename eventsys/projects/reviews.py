"""Reviewing the submissions and deciding: reviewers' scores, the organizers' decisions, and the
decision mails in each submitter's language."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from eventsys.accounts.models import Role
from eventsys.db import db, utcnow
from eventsys.mail.services import queue_mail
from eventsys.projects import scoring
from eventsys.projects.models import Project, ProjectCall, ProjectReview, ProjectStatus
from eventsys.registration.tokens import manage_url

MAIL_KIND = "projects.decision"


class ReviewLocked(Exception):
    """The organizers decided on the project: its reviews are final."""


class InvalidScores(ValueError):
    """A score is missing or off its criterion's scale."""


def criteria_of(call: ProjectCall | None) -> list[scoring.Criterion]:
    return [scoring.Criterion(c.id, c.weight, c.scale_max) for c in (call.criteria if call else [])]


def is_reviewer(user, event) -> bool:
    """Holds the reviewer role itself (a site admin passes every page, but does not review unless
    given the role)."""
    return any(r.event_id == event.id and r.role == Role.REVIEWER for r in getattr(user, "roles", []))


def review_by(project: Project, user) -> ProjectReview | None:
    return next((r for r in project.reviews if r.reviewer_id == user.id), None)


def may_see_others(project: Project, user, event) -> bool:
    """Organizers see every score. A reviewer sees the others' scores only once their own review
    is in: scores seen first pull one's own towards them (anchoring), and the organizers want each
    reviewer's independent judgement side by side."""
    if user.has_role(event, Role.ORGANIZER):
        return True
    return review_by(project, user) is not None


def check_scores(call: ProjectCall, scores: dict) -> dict:
    """{"<criterion id>": score} for every criterion of the call, each within its scale."""
    clean = {}
    for criterion in call.criteria:
        value = scores.get(str(criterion.id))
        if not isinstance(value, int) or not 1 <= value <= criterion.scale_max:
            raise InvalidScores(criterion.name_en)
        clean[str(criterion.id)] = value
    return clean


def save_review(project: Project, reviewer, call: ProjectCall, scores: dict, comment: str) -> ProjectReview:
    """The reviewer's one review of the project, written or changed. Two first saves at once
    (a double click, two tabs) end in one row: the unique constraint refuses the second insert,
    which then updates the row the first one wrote."""
    if project.status != ProjectStatus.SUBMITTED:
        raise ReviewLocked()
    clean = check_scores(call, scores)
    review = db.session.scalar(
        select(ProjectReview).where(ProjectReview.project_id == project.id, ProjectReview.reviewer_id == reviewer.id)
    )
    if review is None:
        try:
            with db.session.begin_nested():
                review = ProjectReview(project_id=project.id, reviewer_id=reviewer.id, scores=clean, comment=comment)
                db.session.add(review)
            return review
        except IntegrityError:
            review = db.session.scalar(
                select(ProjectReview).where(
                    ProjectReview.project_id == project.id, ProjectReview.reviewer_id == reviewer.id
                )
            )
    review.scores, review.comment = clean, comment
    db.session.flush()
    return review


def table_for(project: Project, call: ProjectCall | None) -> tuple[list[ProjectReview], scoring.ScoreTable]:
    reviews = list(project.reviews)
    return reviews, scoring.score_table(criteria_of(call), [r.scores or {} for r in reviews])


def decide(project: Project, status: ProjectStatus, actor) -> bool:
    """Accept or decline (or take the decision back to "submitted"); True if it changed."""
    if project.status == status:
        return False
    project.status = status
    project.decided_at = utcnow() if status != ProjectStatus.SUBMITTED else None
    project.decided_by_id = actor.id if status != ProjectStatus.SUBMITTED else None
    db.session.flush()
    return True


def undecided_notice(event):
    """The event hub's line once the call has closed and projects still wait for a decision."""
    from flask_babel import ngettext

    from eventsys.projects.services import call_for, call_state

    if call_state(call_for(event)) != "closed":
        return None
    waiting = db.session.scalar(
        select(func.count())
        .select_from(Project)
        .where(Project.event_id == event.id, Project.status == ProjectStatus.SUBMITTED)
    )
    if not waiting:
        return None
    text = ngettext(
        "The call for city projects has closed: %(num)d project waits for a decision.",
        "The call for city projects has closed: %(num)d projects wait for a decision.",
        waiting,
    )
    return text, "projects.manage_list", {}


def notify_decisions(event) -> int:
    """Mail each submitter whose project's decision they have not been mailed yet, in their
    language; returns how many mails were queued. Sending again mails nobody twice: the rows are
    locked while the mails are queued and each remembers the decision it mailed."""
    projects = db.session.scalars(
        select(Project)
        .where(Project.event_id == event.id, Project.status != ProjectStatus.SUBMITTED)
        .order_by(Project.id)
        .with_for_update()
    ).all()
    queued = 0
    for project in projects:
        if project.notified_status == project.status.value:
            continue
        registration = project.submitter_registration
        if registration is not None and not registration.is_erased:
            queue_mail(
                to=registration.email,
                template="projects/mail/decision",
                language=project.language,
                context={
                    "event": event,
                    "project": project,
                    "registration": registration,
                    "accepted": project.status == ProjectStatus.ACCEPTED,
                    "manage_url": manage_url(registration) + "/projects",
                },
                event=event,
                kind=MAIL_KIND,
                registration_id=registration.id,
            )
            queued += 1
        project.notified_status = project.status.value
    db.session.flush()
    return queued
