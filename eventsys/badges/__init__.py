"""The badges area: signed QR badge codes, badge designs, print runs."""


def init_app(app) -> None:
    from eventsys.badges.cli import badges_command
    from eventsys.badges.services import category_label
    from eventsys.badges.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(badges_command)
    app.add_template_global(category_label, "badge_category_label")

    from flask_babel import lazy_gettext as _l

    from eventsys.accounts.models import Role
    from eventsys.events.hub import register_manage_link

    register_manage_link(app, 40, "badges.index", _l("Badges"), (Role.ORGANIZER,))
