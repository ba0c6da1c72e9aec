"""The checkin area: check-in lists, scans, the phone scanner and live attendance."""


def init_app(app) -> None:
    from eventsys.checkin.services import status_label
    from eventsys.checkin.views import bp
    from eventsys.demo.seed import register_demo_step

    app.register_blueprint(bp)
    app.add_template_global(status_label, "checkin_status_label")
    # After the agenda's sessions exist (their steps run earlier), so session lists are made too.
    register_demo_step(app, 80, "eventsys.checkin.demo:seed_checkin_demo")

    from flask_babel import lazy_gettext as _l

    from eventsys.accounts.models import Role
    from eventsys.events.hub import register_hub_figure, register_manage_link

    register_manage_link(app, 50, "checkin.scanner", _l("Check-in"), (Role.ORGANIZER, Role.CHECKIN_STAFF))
    register_manage_link(app, 51, "checkin.dashboard", _l("Live attendance"), (Role.ORGANIZER, Role.CHECKIN_STAFF))
    register_hub_figure(app, 20, "eventsys.checkin.figures:checkin_figures", (Role.ORGANIZER, Role.CHECKIN_STAFF))
