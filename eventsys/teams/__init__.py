"""The teams area: per-event teams (who holds which role since when, invitations by e-mail, the
`grant` and `revoke` commands), summit-report editors, and the link between a person on the agenda
and the account with the same e-mail address (`linking.py`)."""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from eventsys.accounts.models import Role
    from eventsys.events.hub import register_manage_link
    from eventsys.teams import services
    from eventsys.teams.cli import grant_command, revoke_command
    from eventsys.teams.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(grant_command)
    app.cli.add_command(revoke_command)
    register_manage_link(app, 5, "teams.team", _l("Team"), (Role.ORGANIZER,))
    # The editors section of a summit report's organizer page (templates/teams/_report_editors.html).
    app.jinja_env.globals.update(
        report_editors=services.report_editors,
        can_manage_report_editors=services.can_manage_report_editors,
    )
