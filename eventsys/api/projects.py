"""The API of the projects area: GET /api/v1/events/<slug>/projects (accepted projects, public)."""

from __future__ import annotations

from flask import current_app, url_for
from marshmallow import fields

from eventsys.accounts.permissions import public
from eventsys.api import bp, json_error, schemas, scope
from eventsys.events import services as events
from eventsys.projects import services
from eventsys.projects.models import SEEKING, BudgetRange, ProjectStage


class ProjectCity(schemas.Strict):
    id = fields.Integer(required=True)
    name = fields.Nested(schemas.Text, required=True)


class AcceptedProject(schemas.Strict):
    id = fields.Integer(required=True)
    title = fields.Nested(schemas.Text, required=True)
    city = fields.Nested(ProjectCity, required=True)
    focus_areas = fields.List(
        fields.String(), required=True, metadata={"description": "Slugs of the ASCN focus areas."}
    )
    dimensions = fields.List(
        fields.String(), required=True, metadata={"description": "Slugs of Thailand's smart-city dimensions."}
    )
    stage = fields.String(required=True, metadata={"enum": [s.value for s in ProjectStage]})
    seeking = fields.List(fields.String(metadata={"enum": list(SEEKING)}), required=True)
    budget_range = fields.String(
        required=True, metadata={"enum": [b.value for b in BudgetRange], "description": "A band in US dollars."}
    )
    url = fields.String(required=True, metadata={"description": "The project's public page."})


class AcceptedProjects(schemas.Strict):
    projects = fields.List(fields.Nested(AcceptedProject), required=True)


def _text(en: str, th: str) -> dict:
    return {"en": en or None, "th": th or None}


def project_as_json(project) -> dict:
    return {
        "id": project.id,
        "title": _text(project.title_en, project.title_th),
        "city": {"id": project.city.id, "name": _text(project.city.name_en, project.city.name_th)},
        "focus_areas": project.topic_slugs("focus_area"),
        "dimensions": project.topic_slugs("smart_city_dimension"),
        "stage": project.stage.value,
        "seeking": list(project.seeking or []),
        "budget_range": project.budget_range.value,
        # Absolute, on the site's own address (EVENTSYS_BASE_URL), as in the mails.
        "url": current_app.config["BASE_URL"]
        + url_for("projects.project_page", slug=project.event.slug, project_id=project.id),
    }


@bp.route("/events/<slug>/projects", methods=["GET"])
@scope("read")
@public
@bp.response(200, AcceptedProjects)
@bp.alt_response(404, schema=schemas.Error, description="No published event with this slug.")
def event_projects(slug: str):
    """The accepted city projects of a published event's call, by title."""
    try:
        event = events.get_event(slug)
    except events.EventNotFound:
        return json_error(404, f"No event with slug '{slug}'.")
    return {"projects": [project_as_json(p) for p in services.accepted_projects(event)]}
