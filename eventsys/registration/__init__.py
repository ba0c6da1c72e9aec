"""The registration area: delegates register, organizers moderate, seats are never oversold."""

from __future__ import annotations

import os


def init_app(app) -> None:
    from eventsys.demo.seed import register_demo_step
    from eventsys.registration.cli import import_registrations_command, rotate_data_key_command, seed_synthetic_command
    from eventsys.registration.mail_texts import register_kinds
    from eventsys.registration.views import bp

    app.config.setdefault("REGISTRATION_RATE_LIMIT", os.environ.get("REGISTRATION_RATE_LIMIT") or "60 per minute")
    app.register_blueprint(bp)
    register_kinds(app)  # the delegates' mails organizers may reword (mail/texts.py)
    app.cli.add_command(seed_synthetic_command)
    app.cli.add_command(import_registrations_command)
    app.cli.add_command(rotate_data_key_command)
    register_demo_step(app, 20, "eventsys.registration.demo:seed_registration_demo")

    from flask_babel import lazy_gettext as _l

    from eventsys.accounts.models import Role
    from eventsys.events.hub import register_hub_figure, register_hub_notice, register_manage_link
    from eventsys.registration.listing import deletion_requests_notice

    register_manage_link(app, 10, "registration.organizer_list", _l("Registrations"), (Role.ORGANIZER,))
    register_hub_notice(app, 10, deletion_requests_notice, (Role.ORGANIZER,))
    register_hub_figure(app, 10, "eventsys.registration.figures:registration_figures", (Role.ORGANIZER,))
    register_manage_link(app, 11, "registration.organizer_settings", _l("Registration settings"), (Role.ORGANIZER,))
    register_manage_link(app, 12, "registration.organizer_invitations", _l("Invitations"), (Role.ORGANIZER,))
    register_manage_link(app, 14, "registration.visa_letters", _l("Visa invitation letters"), (Role.ORGANIZER,))
    register_manage_link(
        app, 13, "registration.organizer_add", _l("Add a registration"), (Role.ORGANIZER, Role.CHECKIN_STAFF)
    )
