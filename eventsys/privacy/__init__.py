"""The privacy area: a delegate's data rights under Thailand's PDPA across every area (the export of
everything held about them; what an erasure retires in the areas above registration) and each
event's retention period, applied by `flask retention` and daily by the worker."""


def init_app(app) -> None:
    from eventsys.privacy.cli import retention_command
    from eventsys.privacy.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(retention_command)

    from eventsys.privacy.retiring import STEPS, retire_books_of_unlisted
    from eventsys.registration.erasure import register_erasure_step
    from eventsys.registration.preferences import register_unlisting_step

    for step in STEPS:
        register_erasure_step(app, step)
    register_unlisting_step(app, retire_books_of_unlisted)

    from flask_babel import lazy_gettext as _l

    from eventsys.accounts.models import Role
    from eventsys.events.hub import register_manage_link

    register_manage_link(app, 14, "privacy.event_privacy", _l("Personal data and retention"), (Role.ORGANIZER,))
