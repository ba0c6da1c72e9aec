"""Each event's organizer hub: the pages the areas list on it, and who may open an event's
organizer pages. Every area's organizer views use `manageable_event`; this is no view module, so
they can import it without importing the events area's views."""

from __future__ import annotations

from flask import abort, current_app
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.events import services

_LINKS = "eventsys.manage_links"


def register_manage_link(app, order: int, endpoint: str, label, roles: tuple[Role, ...], icon: str = "") -> None:
    """Areas list their organizer pages on each event's hub (endpoint takes `slug`)."""
    app.extensions.setdefault(_LINKS, []).append((order, endpoint, label, roles, icon))


def manage_links(event, user) -> list[tuple[str, object, str]]:
    """(endpoint, label, icon) of the hub links `user` has a role for on `event`, in their order."""
    return [
        (endpoint, label, icon)
        for _order, endpoint, label, roles, icon in sorted(
            current_app.extensions.get(_LINKS, []), key=lambda link: link[0]
        )
        if user.has_role(event, *roles)
    ]


def manageable_event(slug: str, *roles: Role):
    """The event of an organizer page: 404 if there is none, 403 unless the signed-in user has
    one of `roles` on it (any role when none are given). Unpublished events count."""
    try:
        event = services.get_event(slug, include_unpublished=True)
    except services.EventNotFound:
        abort(404)
    if not current_user.has_role(event, *(roles or tuple(Role))):
        abort(403)
    return event
