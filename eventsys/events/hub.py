"""Each event's organizer hub: the pages the areas list on it. Every area's `init_app` registers its
links here; this is no view module, so they can import it without importing the events area's views.
Who may open an organizer page is declared on its route (eventsys/events/permissions.py)."""

from __future__ import annotations

from flask import current_app

from eventsys.accounts.models import Role

_LINKS = "eventsys.manage_links"
_NOTICES = "eventsys.hub_notices"


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


def register_hub_notice(app, order: int, provider, roles: tuple[Role, ...]) -> None:
    """Areas put what needs the organizers' attention at the top of each event's hub:
    `provider(event)` returns (text, endpoint, url arguments besides `slug`) or None."""
    app.extensions.setdefault(_NOTICES, []).append((order, provider, roles))


def hub_notices(event, user) -> list[tuple[str, str, dict]]:
    """(text, endpoint, url arguments) of the notices `user` has a role for on `event`, in order."""
    notices = []
    for _order, provider, roles in sorted(current_app.extensions.get(_NOTICES, []), key=lambda notice: notice[0]):
        if user.has_role(event, *roles):
            notice = provider(event)
            if notice is not None:
                notices.append(notice)
    return notices
