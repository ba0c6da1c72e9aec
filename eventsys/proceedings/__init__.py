"""The proceedings area: the print-ready book of an event, built in the background.

Outcomes reach the book through `eventsys.proceedings.outcomes`, a small provider interface;
`outcomes_source.py` plugs the outcomes area into it.
"""


def init_app(app) -> None:
    from eventsys.proceedings.cli import proceedings_command
    from eventsys.proceedings.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(proceedings_command)

    from eventsys.proceedings.outcomes import register_outcomes_provider
    from eventsys.proceedings.outcomes_source import all_outcomes_approved, approved_outcomes

    register_outcomes_provider(collect=approved_outcomes, all_approved=all_outcomes_approved)

    from flask_babel import lazy_gettext as _l

    from eventsys.accounts.models import Role
    from eventsys.events.hub import register_manage_link

    register_manage_link(app, 70, "proceedings.manage", _l("Proceedings"), (Role.ORGANIZER,))

    from eventsys.demo.seed import register_demo_step

    register_demo_step(app, 90, "eventsys.proceedings.demo:seed_proceedings_demo")
