"""The proceedings area: the print-ready book of an event, built in the background.

Outcomes reach the book through `eventsys.proceedings.outcomes` (a provider the outcomes area
registers); see that module.
"""


def init_app(app) -> None:
    from eventsys.proceedings.cli import proceedings_command
    from eventsys.proceedings.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(proceedings_command)

    from eventsys.demo.seed import register_demo_step

    register_demo_step(app, 90, "eventsys.proceedings.demo:seed_proceedings_demo")
