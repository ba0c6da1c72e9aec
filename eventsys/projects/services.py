"""The rules of the call for city projects: the call and its criteria, who may submit, submitting
and editing until the deadline, projects carried to a later call, and what is public.

Reviews and decisions are in reviews.py; scores are computed in scoring.py; pitch sessions, action
items and the hooks of the lower areas in links.py.

Who submits: a city's representative, by their signed manage link (a confirmed registration of
the category `city_representative`). City officials register as delegates and have no account
(the sign-in page is for staff); the registration is what the organizers moderated, it says which
city they represent and which language they read, and the link is already how a delegate reaches
their own pages (agenda, feedback). The registration's account, when it has one, is kept too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from eventsys.db import db, utcnow
from eventsys.events.models import City, Event, Topic, TopicScheme
from eventsys.projects.models import (
    SEEKING,
    BudgetRange,
    Project,
    ProjectCall,
    ProjectStage,
    ProjectStatus,
    ReviewCriterion,
)
from eventsys.registration.models import Registration, RegistrationCategory, RegistrationStatus


class CallClosed(Exception):
    """The call is closed (or was never opened): nothing is submitted or changed."""


class NotAllowed(Exception):
    """This registration may not submit or change this project."""


# --- the call ----------------------------------------------------------------------------------


def call_for(event: Event) -> ProjectCall | None:
    return db.session.scalar(select(ProjectCall).where(ProjectCall.event_id == event.id))


def call_state(call: ProjectCall | None, now: dt.datetime | None = None) -> str:
    """ "none" (no call), "open" (until the deadline, exclusive) or "closed"."""
    if call is None:
        return "none"
    return "open" if (now or utcnow()) < call.closes_at else "closed"


def deadline_local(call: ProjectCall, event: Event) -> dt.datetime:
    return call.closes_at.astimezone(event.zone)


def save_call(event: Event, *, closes_on: dt.date, closes_time: dt.time, intro_en: str, intro_th: str) -> ProjectCall:
    """Open the call (or change it): the deadline is a wall-clock time in the event's zone."""
    call = call_for(event)
    if call is None:
        call = ProjectCall(event_id=event.id)
        db.session.add(call)
    call.closes_at = dt.datetime.combine(closes_on, closes_time, tzinfo=event.zone).astimezone(dt.UTC)
    call.intro_en, call.intro_th = intro_en.strip(), intro_th.strip()
    db.session.flush()
    return call


def add_criterion(call: ProjectCall, *, name_en: str, name_th: str, weight: int, scale_max: int) -> ReviewCriterion:
    criterion = ReviewCriterion(
        call=call,
        name_en=name_en.strip(),
        name_th=name_th.strip(),
        weight=weight,
        scale_max=scale_max,
        position=len(call.criteria),
    )
    db.session.add(criterion)
    db.session.flush()
    return criterion


# --- submitting --------------------------------------------------------------------------------


@dataclass
class Submission:
    """What a city representative sends: the form's fields, checked by forms.py."""

    title_en: str
    city_id: int
    stage: str
    budget_range: str
    seeking: list[str]
    topic_ids: list[int] = field(default_factory=list)
    title_th: str = ""
    description_en: str = ""
    description_th: str = ""


def may_submit(registration: Registration) -> bool:
    return (
        registration.status == RegistrationStatus.CONFIRMED
        and registration.category == RegistrationCategory.CITY_REPRESENTATIVE
        and not registration.is_erased
    )


def _apply(project: Project, data: Submission) -> None:
    project.title_en, project.title_th = data.title_en.strip(), data.title_th.strip()
    project.description_en, project.description_th = data.description_en.strip(), data.description_th.strip()
    project.city_id = data.city_id
    project.stage = ProjectStage(data.stage)
    project.budget_range = BudgetRange(data.budget_range)
    project.seeking = [s for s in SEEKING if s in data.seeking]
    project.topics = (
        list(db.session.scalars(select(Topic).where(Topic.id.in_(data.topic_ids)))) if data.topic_ids else []
    )


def _open_call(event: Event) -> ProjectCall:
    call = call_for(event)
    if call_state(call) != "open":
        raise CallClosed()
    return call


def submit(registration: Registration, data: Submission, *, language: str, previous: Project | None = None) -> Project:
    if not may_submit(registration):
        raise NotAllowed()
    _open_call(registration.event)
    project = Project(
        event_id=registration.event_id,
        submitter_registration_id=registration.id,
        submitter_user_id=registration.user_id,
        language=language if language in ("en", "th") else "en",
        previous_id=previous.id if previous is not None else None,
        status=ProjectStatus.SUBMITTED,
    )
    _apply(project, data)
    db.session.add(project)
    db.session.flush()
    return project


def update(project: Project, registration: Registration, data: Submission) -> Project:
    """The submitter's edit: until the deadline, and while no decision is taken."""
    if project.submitter_registration_id != registration.id or not may_submit(registration):
        raise NotAllowed()
    _open_call(project.event)
    if project.status != ProjectStatus.SUBMITTED:
        raise CallClosed()
    _apply(project, data)
    db.session.flush()
    return project


def submission_of(project: Project) -> Submission:
    return Submission(
        title_en=project.title_en,
        title_th=project.title_th,
        city_id=project.city_id,
        stage=project.stage.value,
        budget_range=project.budget_range.value,
        seeking=list(project.seeking or []),
        topic_ids=[t.id for t in project.topics],
        description_en=project.description_en,
        description_th=project.description_th,
    )


def projects_of(registration: Registration) -> list[Project]:
    return list(
        db.session.scalars(
            select(Project).where(Project.submitter_registration_id == registration.id).order_by(Project.id)
        )
    )


def earlier_projects(registration: Registration) -> list[Project]:
    """Projects the same person (the registration's e-mail) submitted to earlier events' calls and
    that are not carried to this event yet: what the page offers to carry forward."""
    carried = select(Project.previous_id).where(
        Project.event_id == registration.event_id, Project.previous_id.is_not(None)
    )
    return list(
        db.session.scalars(
            select(Project)
            .join(Registration, Registration.id == Project.submitter_registration_id)
            .join(Event, Event.id == Project.event_id)
            .where(
                Registration.email == registration.email,
                Event.start_date < registration.event.start_date,
                Project.id.not_in(carried),
            )
            .order_by(Event.start_date, Project.id)
        )
    )


def carry_forward(registration: Registration, earlier: Project, *, language: str) -> Project:
    """A new submission to this event's call, a copy of `earlier` that remembers it."""
    if earlier not in earlier_projects(registration):
        raise NotAllowed()
    return submit(registration, submission_of(earlier), language=language, previous=earlier)


# --- reading -----------------------------------------------------------------------------------


def get_project(event: Event, project_id: int) -> Project | None:
    project = db.session.get(Project, project_id)
    return project if project is not None and project.event_id == event.id else None


def event_projects(event: Event) -> list[Project]:
    return list(
        db.session.scalars(
            select(Project)
            .where(Project.event_id == event.id)
            .options(selectinload(Project.city), selectinload(Project.reviews), selectinload(Project.topics))
            .order_by(Project.id)
        )
    )


def accepted_projects(event: Event) -> list[Project]:
    """The event's accepted projects, by title: the public list, the API, and what matchmaking
    offers delegates (a meeting with an accepted project's city)."""
    return list(
        db.session.scalars(
            select(Project)
            .where(Project.event_id == event.id, Project.status == ProjectStatus.ACCEPTED)
            .options(selectinload(Project.city).selectinload(City.member_state), selectinload(Project.topics))
            .order_by(Project.title_en, Project.id)
        )
    )


def accepted_count(event: Event) -> int:
    """How many accepted projects the event has (its page links to them when there are any)."""
    return db.session.scalar(
        select(func.count())
        .select_from(Project)
        .where(Project.event_id == event.id, Project.status == ProjectStatus.ACCEPTED)
    )


def is_public(project: Project | None) -> bool:
    return project is not None and project.status == ProjectStatus.ACCEPTED and project.event.is_published


def filter_projects(projects: list[Project], *, topic: str = "", seeking: str = "") -> list[Project]:
    return [
        p
        for p in projects
        if (not topic or topic in {t.slug for t in p.topics}) and (not seeking or seeking in (p.seeking or []))
    ]


def topics_of(scheme: TopicScheme) -> list[Topic]:
    return list(db.session.scalars(select(Topic).where(Topic.scheme == scheme).order_by(Topic.position)))


def history(project: Project) -> list[Project]:
    """Every version of the project across meetings, oldest first: the ones it was carried from,
    itself, and those carried from it."""
    chain, seen = [project], {project.id}
    earlier = project.previous
    while earlier is not None and earlier.id not in seen:
        chain.insert(0, earlier)
        seen.add(earlier.id)
        earlier = earlier.previous
    later = project
    while True:
        following = db.session.scalar(select(Project).where(Project.previous_id == later.id).order_by(Project.id))
        if following is None or following.id in seen:
            break
        chain.append(following)
        seen.add(following.id)
        later = following
    return chain
