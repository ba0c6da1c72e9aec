"""The registration area's blueprint. Its routes are split by audience: views_public.py (the
registration form and privacy notice), views_personal.py (a delegate's own registration, through
its signed link or their account) and views_manage.py (organizers, under /manage)."""

from __future__ import annotations

from flask import Blueprint

from eventsys.registration.choices import STATUS_BADGES, category_label, reason_label, status_label

bp = Blueprint("registration", __name__)


@bp.record_once
def template_helpers(state):
    # Globals, not a context processor: imported macros (registration/_fields.html) see them too.
    state.app.jinja_env.globals.update(
        status_label=status_label, category_label=category_label, reason_label=reason_label, STATUS_BADGES=STATUS_BADGES
    )


# Imported last: they add their routes to the blueprint above.
from eventsys.registration import (  # noqa: E402,F401  (imported for their routes, once the blueprint above exists)
    views_manage,
    views_manage_add,
    views_manage_visa,
    views_personal,
    views_personal_signin,
    views_personal_visa,
    views_public,
)
