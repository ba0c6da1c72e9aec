"""Public pages of the events area: the series home page and each event's page."""

from __future__ import annotations

from flask import abort, render_template

from eventsys.accounts.permissions import public
from eventsys.events import services
from eventsys.events.models import RegistrationWindow
from eventsys.events.public_cache import cached_public_page
from eventsys.events.views import bp


@bp.route("/")
@public
@cached_public_page
def home():
    listing = services.list_events()
    return render_template(
        "events/home.html", listing=listing, series=services.main_series(), network=services.network_overview()
    )


@bp.route("/events/<slug>")
@public
@cached_public_page
def event_page(slug: str):
    try:
        event = services.get_event(slug)
    except services.EventNotFound:
        abort(404)
    return render_template(
        "events/event.html", event=event, window=event.registration_window(), RegistrationWindow=RegistrationWindow
    )
