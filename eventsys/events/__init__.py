"""Event series and events: the public home page, each event's page, and organizers' event hub."""
from eventsys.events.views import bp  # noqa: F401


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from eventsys.accounts.models import Role
    from eventsys.events.manage import bp as manage_bp
    from eventsys.events.manage import register_manage_link

    app.register_blueprint(bp)
    app.register_blueprint(manage_bp)
    register_manage_link(app, 0, "manage.edit_event", _l("Event details"), (Role.ORGANIZER,), "pencil")
