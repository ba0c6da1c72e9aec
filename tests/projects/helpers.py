"""What the permission walk (tests/permission_walk.py) seeds of the projects area: an open call with
a criterion, the delegate's project (accepted: its public page is walked too), and an action item
link."""

from __future__ import annotations

import datetime as dt

from eventsys.db import db, utcnow
from eventsys.events.models import City
from eventsys.projects import services
from eventsys.projects.models import BudgetRange, Project, ProjectActionLink, ProjectStage, ProjectStatus


def seed_for_walk(event, registration, session):
    closes = (utcnow() + dt.timedelta(days=5)).astimezone(event.zone)
    call = services.save_call(
        event, closes_on=closes.date(), closes_time=dt.time(17, 0), intro_en="Walk call", intro_th=""
    )
    criterion = services.add_criterion(call, name_en="Bankability", name_th="", weight=1, scale_max=5)
    project = Project(
        event_id=event.id,
        city_id=db.session.query(City).filter_by(slug="phuket").one().id,
        title_en="Walk project",
        stage=ProjectStage.PILOT,
        budget_range=BudgetRange.FROM_1M,
        seeking=["partner"],
        status=ProjectStatus.ACCEPTED,
        submitter_registration_id=registration.id,
    )
    db.session.add(project)
    db.session.flush()
    link = ProjectActionLink(project_id=project.id, session_id=session.id, item_id="act-walk")
    db.session.add(link)
    db.session.flush()
    return criterion, project, link
