"""`event_permission_required`: the route names the roles an event's organizer page needs.

    @bp.get("/manage/events/<slug>/registrations")
    @event_permission_required(Role.ORGANIZER)
    def organizer_list(event):
        ...

The decorator sends anonymous visitors to sign in (401 under the API), looks the event up by the
route's `slug` (404 when there is none; unpublished events count), answers 403 unless the user holds
one of the roles on that event (site admins always pass), and hands the view the `event` instead of
the slug. Under /api the 403 and 404 are JSON bodies of the API's shape.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.accounts.permissions import Permission, declare, refuse, unauthenticated
from eventsys.events import services

ROLE_NAMES = {
    Role.ORGANIZER: "organizer",
    Role.RAPPORTEUR: "rapporteur",
    Role.CHECKIN_STAFF: "check-in staff",
    Role.REVIEWER: "project reviewer",
}


def event_permission_required(*roles: Role) -> Callable[[Callable], Callable]:
    """One of `roles` on the route's event (any role of the event when none are named)."""
    needed = tuple(roles) or tuple(Role)
    reason = f"This needs the {' or '.join(ROLE_NAMES[role] for role in needed)} role on this event."

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, slug: str, **kwargs):
            if not current_user.is_authenticated:
                return unauthenticated()
            try:
                event = services.get_event(slug, include_unpublished=True)
            except services.EventNotFound:
                refuse(404, f"No event with slug '{slug}'.")
            if not current_user.has_role(event, *needed):
                refuse(403, reason)
            g.event = event
            return view(*args, event=event, **kwargs)

        return declare(wrapper, Permission("event", roles=tuple(role.value for role in needed)))

    return decorate
