"""The reports area: summit reports that cite approved session outcomes, as page, JSON and PDF."""


def init_app(app) -> None:
    from eventsys.demo.seed import register_demo_step
    from eventsys.reports import services
    from eventsys.reports.cli import summit_report_command
    from eventsys.reports.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(summit_report_command)
    # The session partial of the outcomes area lists the published reports citing a session.
    app.jinja_env.globals["reports_citing"] = services.reports_citing
    register_demo_step(app, 31, "eventsys.reports.demo:seed_reports_demo")
