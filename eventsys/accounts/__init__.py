"""Accounts: sign-in, password reset, per-event roles and API tokens."""

from __future__ import annotations

from flask import g
from flask_babel import lazy_gettext as _l


def init_app(app) -> None:
    from eventsys.accounts import cli, sessions, tokens
    from eventsys.accounts.views import bp
    from eventsys.extensions import login_manager

    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(cookie_id: str):
        return sessions.load(cookie_id)

    @login_manager.request_loader
    def load_user_from_bearer(req):
        # Tokens open the JSON API only: every page, form and download ignores them.
        if not req.path.startswith("/api/v1/"):
            return None
        header = req.headers.get("Authorization", "")
        if not header.lower().startswith("bearer "):
            return None
        token = tokens.authenticate(header[7:].strip())
        if token is None:
            return None
        g.api_token = token
        return token.user

    @login_manager.unauthorized_handler
    def unauthorized():
        from eventsys.accounts.permissions import unauthenticated

        return unauthenticated()

    app.add_template_global(role_label)
    app.register_blueprint(bp)
    app.cli.add_command(cli.create_admin_command)
    app.cli.add_command(cli.create_token_command)
    app.cli.add_command(cli.create_user_command)


def role_label(role) -> str:
    from flask_babel import gettext as _

    labels = {
        "organizer": _("Organizer"),
        "rapporteur": _("Rapporteur"),
        "checkin_staff": _("Check-in staff"),
        "reviewer": _("Project reviewer"),  # the projects area's call (eventsys/projects)
    }
    return labels.get(getattr(role, "value", role), str(role))
