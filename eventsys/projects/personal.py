"""The city projects panel on a delegate's manage page (registration/extras.py): a city
representative sees the call while it is open, and their submissions' status at any time."""

from __future__ import annotations

from flask import url_for

from eventsys.projects import services
from eventsys.registration.extras import ManagePanel
from eventsys.registration.models import Registration


def manage_panel(registration: Registration, token: str) -> ManagePanel | None:
    if not services.may_submit(registration):
        return None
    event = registration.event
    call = services.call_for(event)
    state = services.call_state(call)
    projects = services.projects_of(registration)
    if state != "open" and not projects:
        return None
    return ManagePanel(
        template="projects/_manage_panel.html",
        context={
            "projects_panel": {
                "url": url_for("projects.my_projects", slug=event.slug, token=token),
                "open": state == "open",
                "deadline": services.deadline_local(call, event) if call else None,
                "count": len(projects),
            }
        },
        order=16,
    )
