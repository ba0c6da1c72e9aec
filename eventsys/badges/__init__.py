"""The badges area: signed QR badge codes, badge designs, print runs."""


def init_app(app) -> None:
    from eventsys.badges.cli import badges_command
    from eventsys.badges.services import category_label
    from eventsys.badges.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(badges_command)
    app.add_template_global(category_label, "badge_category_label")
