"""The floor plan as one page of the agenda PDF: rendered here, placed by the agenda's template
through the `floorplan_pdf_page` global (exhibitors sits above agenda, which cannot import it)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from eventsys.events.models import Event
from eventsys.exhibitors import floorplan


def floorplan_pdf_page(event: Event) -> Markup:
    """The page's HTML, or nothing for an event without halls."""
    halls = floorplan.halls(event)
    if not halls:
        return Markup("")
    return Markup(
        render_template("exhibitors/pdf_page.html", event=event, halls=halls, shown=floorplan.public_exhibitor)
    )
