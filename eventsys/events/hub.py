"""Each event's organizer hub: the pages the areas list on it. Every area's `init_app` registers its
links here; this is no view module, so they can import it without importing the events area's views.
Who may open an organizer page is declared on its route (eventsys/events/permissions.py)."""

from __future__ import annotations

from importlib import import_module

from flask import current_app

from eventsys.accounts.models import Role
from eventsys.events.dashboard import Chart, Figure

_LINKS = "eventsys.manage_links"
_NOTICES = "eventsys.hub_notices"
_FIGURES = "eventsys.hub_figures"


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


def register_hub_figure(app, order: int, provider, roles: tuple[Role, ...]) -> None:
    """Areas put their live figures on each event's hub (events/dashboard.py: Figure, Chart).
    `provider(event)` returns a Figure, a Chart, a list of them or None; it may be given as
    "module:function", imported on first use, so an area's `init_app` registers it in one line
    without importing its queries at start-up (like `register_demo_step`). Only users with one of
    `roles` on the event see them, and for them alone is the provider called."""
    app.extensions.setdefault(_FIGURES, []).append((order, provider, roles))


def _resolve(provider):
    if not isinstance(provider, str):
        return provider
    module, _, name = provider.partition(":")
    return getattr(import_module(module), name)


def hub_figures(event, user) -> tuple[list[Figure], list[Chart]]:
    """The figures and charts `user` has a role for on `event`, in the providers' order."""
    figures: list[Figure] = []
    charts: list[Chart] = []
    for _order, provider, roles in sorted(current_app.extensions.get(_FIGURES, []), key=lambda entry: entry[0]):
        if not user.has_role(event, *roles):
            continue
        found = _resolve(provider)(event)
        for item in found if isinstance(found, list | tuple) else [found]:
            if isinstance(item, Chart):
                charts.append(item)
            elif item is not None:
                figures.append(item)
    return figures, charts
