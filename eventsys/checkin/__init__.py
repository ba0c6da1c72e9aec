"""The checkin area: check-in lists, scans, the phone scanner and live attendance."""


def init_app(app) -> None:
    from eventsys.checkin.services import status_label
    from eventsys.checkin.views import bp

    app.register_blueprint(bp)
    app.add_template_global(status_label, "checkin_status_label")
