"""Event series and events: the public home page and each event's page."""
from eventsys.events.views import bp  # noqa: F401
