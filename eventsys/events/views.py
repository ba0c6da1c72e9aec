from __future__ import annotations

from flask import Blueprint, abort, render_template

from eventsys.events import services
from eventsys.events.models import RegistrationWindow

bp = Blueprint("events", __name__)


@bp.route("/")
def home():
    listing = services.list_events()
    return render_template("events/home.html", listing=listing, series=services.main_series(),
                           network=services.network_overview())


@bp.route("/events/<slug>")
def event_page(slug: str):
    try:
        event = services.get_event(slug)
    except services.EventNotFound:
        abort(404)
    return render_template("events/event.html", event=event, window=event.registration_window(),
                           RegistrationWindow=RegistrationWindow)


@bp.app_template_global()
def kind_label(kind) -> str:
    from flask_babel import gettext as _

    labels = {
        "roundtable": _("Roundtable"),
        "annual_meeting": _("Annual meeting"),
        "showcase": _("Showcase"),
        "conference": _("Conference"),
    }
    return labels.get(getattr(kind, "value", kind), str(kind))
