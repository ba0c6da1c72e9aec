"""The matchmaking area: 1:1 meetings between delegates at numbered tables, in the slots organizers define."""

DEMO_ORDER = 110  # after the events, the agenda and the projects' demo steps


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from eventsys.accounts.models import Role
    from eventsys.agenda.personal import register_personal_items
    from eventsys.demo.seed import register_demo_step
    from eventsys.events.hub import register_manage_link
    from eventsys.matchmaking import extras
    from eventsys.matchmaking.views import bp
    from eventsys.registration.erasure import register_erasure_step
    from eventsys.registration.extras import register_manage_panel

    app.register_blueprint(bp)
    register_manage_link(app, 65, "matchmaking.settings", _l("Matchmaking"), (Role.ORGANIZER,))
    register_manage_link(app, 66, "matchmaking.grid", _l("Matchmaking grid"), (Role.ORGANIZER,))
    # Accepted meetings in the delegate's personal agenda and calendar feed, and on the manage page.
    register_personal_items(app, extras.agenda_items)
    register_manage_panel(app, extras.manage_panel)
    register_erasure_step(app, extras.forget_participant)
    register_demo_step(app, DEMO_ORDER, "eventsys.matchmaking.demo:seed_matchmaking_demo")
