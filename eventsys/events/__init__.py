"""Event series and events: the public home page, each event's page, and organizers' event hub."""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from eventsys.accounts.models import Role
    from eventsys.events.forms import kind_label
    from eventsys.events.hub import register_manage_link
    from eventsys.events.views import bp, manage_bp

    app.register_blueprint(bp)
    app.register_blueprint(manage_bp)
    app.add_template_global(kind_label)
    register_manage_link(app, 0, "manage.edit_event", _l("Event details"), (Role.ORGANIZER,), "pencil")
