"""The agenda area's figure on each event's hub (events/hub.py): the draft's changes not yet
published, counted the way "Publish" finds them (agenda/publishing.py), which reads the draft and
the published snapshot in a fixed number of queries."""

from __future__ import annotations

from flask_babel import gettext as _

from eventsys.agenda.publishing import pending_changes
from eventsys.events.dashboard import Figure
from eventsys.events.models import Event


def agenda_figures(event: Event) -> Figure:
    return Figure(
        "agenda-unpublished",
        _("Unpublished agenda changes"),
        len(pending_changes(event)),
        "agenda.editor",
        {"slug": event.slug, "_anchor": "publish-title"},
        attention=True,
    )
