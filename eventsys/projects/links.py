"""What ties a project to the rest of the meeting: its pitch session on the agenda, the action
items of session outcomes that name it, and what the lower areas show of projects through their
hooks (the agenda's session page, an outcome's action items, the proceedings book)."""

from __future__ import annotations

import datetime as dt

from flask import g, has_request_context
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventsys.agenda.models import AgendaSession, SessionType
from eventsys.db import db
from eventsys.events.models import Event
from eventsys.outcomes.followup import TrackedAction, approved_actions
from eventsys.proceedings.projects import ProjectView
from eventsys.projects.models import Project, ProjectActionLink, ProjectStatus


class NotAPitch(ValueError):
    """The session is not a pitch session of the project's event."""


# --- pitch sessions ----------------------------------------------------------------------------


def pitch_sessions(event: Event) -> list[AgendaSession]:
    return list(
        db.session.scalars(
            select(AgendaSession)
            .where(
                AgendaSession.event_id == event.id,
                AgendaSession.type == SessionType.PITCH,
                AgendaSession.deleted_at.is_(None),
            )
            .order_by(AgendaSession.starts_at)
        )
    )


def link_pitch(project: Project, session: AgendaSession | None) -> None:
    """Place the project in a pitch session of its event (None: take it out of the agenda)."""
    if session is not None and (
        session.event_id != project.event_id or session.type != SessionType.PITCH or session.deleted_at is not None
    ):
        raise NotAPitch()
    project.pitch_session_id = session.id if session is not None else None
    db.session.flush()


def create_pitch_session(project: Project, *, day: dt.date, start: dt.time, minutes: int) -> AgendaSession:
    """A new draft session of the pitch kind for the project, linked to it; organizers publish the
    agenda as usual."""
    event = project.event
    starts = dt.datetime.combine(day, start, tzinfo=event.zone).astimezone(dt.UTC)
    session = AgendaSession(
        event_id=event.id,
        type=SessionType.PITCH,
        title_en=f"Project pitch: {project.title_en}",
        title_th=f"การนำเสนอโครงการ: {project.title_th}" if project.title_th else "",
        abstract_en=project.description_en,
        abstract_th=project.description_th,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=minutes),
        topics=list(project.topics),
    )
    db.session.add(session)
    db.session.flush()
    link_pitch(project, session)
    return session


def pitch_project(session_id: int) -> Project | None:
    """The agenda's session page: the accepted project pitched in this session (jinja global)."""
    return db.session.scalar(
        select(Project)
        .where(Project.pitch_session_id == session_id, Project.status == ProjectStatus.ACCEPTED)
        .options(selectinload(Project.city))
    )


# --- action items ------------------------------------------------------------------------------


def action_key(session_id: int, item_id: str) -> str:
    return f"{session_id}:{item_id}"


def action_choices(event: Event) -> list[TrackedAction]:
    """Approved action items organizers may link a project of `event` to: those of its series (or
    every event's, for an event outside a series)."""
    if event.series_id is not None:
        ids = db.session.scalars(select(Event.id).where(Event.series_id == event.series_id)).all()
        return approved_actions(list(ids))
    return approved_actions()


def link_action(project: Project, key: str) -> ProjectActionLink | None:
    """Link the action item `key` ("<session id>:<item id>") to the project; None if it is not an
    approved action item that may be linked, or is linked already."""
    chosen = next(
        (a for a in action_choices(project.event) if action_key(a.session.id, a.item["id"]) == key),
        None,
    )
    if chosen is None:
        return None
    if any(link.session_id == chosen.session.id and link.item_id == chosen.item["id"] for link in project.action_links):
        return None
    link = ProjectActionLink(project=project, session_id=chosen.session.id, item_id=chosen.item["id"])
    db.session.add(link)
    db.session.flush()
    return link


def unlink_action(project: Project, link_id: int) -> bool:
    link = next((link for link in project.action_links if link.id == link_id), None)
    if link is None:
        return False
    project.action_links.remove(link)
    db.session.flush()
    return True


def actions_naming(projects: list[Project]) -> list[tuple[ProjectActionLink, TrackedAction | None]]:
    """The action items linked to any of `projects` (a project's versions), with their current
    state from the approved outcomes (None: the item is no longer in the approved version)."""
    links = [link for project in projects for link in project.action_links]
    if not links:
        return []
    event_ids = list(
        db.session.scalars(
            select(AgendaSession.event_id).where(AgendaSession.id.in_({link.session_id for link in links}))
        )
    )
    tracked = {action_key(a.session.id, a.item["id"]): a for a in approved_actions(event_ids)}
    return [(link, tracked.get(action_key(link.session_id, link.item_id))) for link in links]


def projects_naming_action(item_id: str) -> list[Project]:
    """An outcome's action item: the accepted projects linked to it (jinja global). The links are
    read once per request, whatever the number of action items on the page."""
    cache = g.setdefault("projects_by_action_item", None) if has_request_context() else None
    if cache is None:
        cache = {}
        rows = db.session.execute(
            select(ProjectActionLink.item_id, Project)
            .join(Project, Project.id == ProjectActionLink.project_id)
            .where(Project.status == ProjectStatus.ACCEPTED)
            .options(selectinload(Project.event))
        ).all()
        for linked_item, project in rows:
            cache.setdefault(linked_item, []).append(project)
        if has_request_context():
            g.projects_by_action_item = cache
    return [p for p in cache.get(item_id, []) if p.event.is_published]


# --- the proceedings book ----------------------------------------------------------------------


def book_projects(event_id: int) -> list[ProjectView]:
    """The proceedings' provider (eventsys/proceedings/projects.py): the event's accepted projects."""
    projects = db.session.scalars(
        select(Project)
        .where(Project.event_id == event_id, Project.status == ProjectStatus.ACCEPTED)
        .options(selectinload(Project.city))
        .order_by(Project.title_en, Project.id)
    ).all()
    return [
        ProjectView(
            id=p.id,
            title_en=p.title_en,
            title_th=p.title_th,
            city_en=p.city.name_en,
            city_th=p.city.name_th,
            seeking=list(p.seeking or []),
            stage=p.stage.value,
            pitch_session_id=p.pitch_session_id,
        )
        for p in projects
    ]
