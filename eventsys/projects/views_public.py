"""Accepted city projects, for anyone: an event's list (filtered by focus area, smart-city
dimension and what the city seeks) and each project's page with its history across meetings."""

from __future__ import annotations

from flask import abort, render_template, request

from eventsys.accounts.permissions import public
from eventsys.events import services as events
from eventsys.events.models import TopicScheme
from eventsys.events.public_cache import cached_public_page
from eventsys.projects import links, services
from eventsys.projects.forms import BUDGET_LABELS, SEEKING_LABELS, STAGE_LABELS, STATUS_LABELS
from eventsys.projects.models import SEEKING
from eventsys.projects.views import bp

LABELS = {"stage_labels": STAGE_LABELS, "budget_labels": BUDGET_LABELS, "seeking_labels": SEEKING_LABELS}


def _event(slug: str):
    try:
        return events.get_event(slug)  # published events only
    except events.EventNotFound:
        abort(404)


@bp.route("/events/<slug>/projects")
@public
@cached_public_page
def project_list(slug: str):
    event = _event(slug)
    accepted = services.accepted_projects(event)
    focus_areas = services.topics_of(TopicScheme.FOCUS_AREA)
    dimensions = services.topics_of(TopicScheme.SMART_CITY_DIMENSION)
    known = {t.slug for t in focus_areas + dimensions}
    topic = request.args.get("topic", "") if request.args.get("topic", "") in known else ""
    seeking = request.args.get("seeking", "") if request.args.get("seeking", "") in SEEKING else ""
    return render_template(
        "projects/public_list.html",
        event=event,
        projects=services.filter_projects(accepted, topic=topic, seeking=seeking),
        total=len(accepted),
        focus_areas=focus_areas,
        dimensions=dimensions,
        filters={"topic": topic, "seeking": seeking},
        **LABELS,
    )


@bp.route("/events/<slug>/projects/<int:project_id>")
@public
@cached_public_page
def project_page(slug: str, project_id: int):
    event = _event(slug)
    project = services.get_project(event, project_id)
    if not services.is_public(project):
        abort(404)
    versions = services.history(project)
    return render_template(
        "projects/public_page.html",
        event=event,
        project=project,
        versions=versions,
        public_ids={v.id for v in versions if services.is_public(v)},
        actions=links.actions_naming(versions),
        status_labels=STATUS_LABELS,
        **LABELS,
    )
