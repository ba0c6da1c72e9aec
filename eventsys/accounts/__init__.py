"""Accounts: sign-in, password reset, per-event roles and API tokens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from eventsys.db import db


def init_app(app) -> None:
    from eventsys.accounts import cli, services
    from eventsys.accounts.models import User
    from eventsys.accounts.views import bp
    from eventsys.extensions import login_manager

    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        return user if user and user.is_active else None

    @login_manager.request_loader
    def load_user_from_bearer(req):
        header = req.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            return services.user_for_api_token(header[7:].strip())
        return None

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

    labels = {"organizer": _("Organizer"), "rapporteur": _("Rapporteur"), "checkin_staff": _("Check-in staff")}
    return labels.get(getattr(role, "value", role), str(role))
