"""The badges area: signed QR badge codes, badge designs, print runs, and the delegate's e-ticket."""


def init_app(app) -> None:
    from eventsys.badges.cli import badge_replace_command, badges_command
    from eventsys.badges.services import category_label
    from eventsys.badges.views import bp, tickets

    app.register_blueprint(bp)
    app.register_blueprint(tickets)
    app.cli.add_command(badges_command)
    app.cli.add_command(badge_replace_command)
    app.add_template_global(category_label, "badge_category_label")
    from eventsys.badges.ticket import script_language

    app.add_template_global(script_language, "script_language")

    from flask_babel import lazy_gettext as _l

    from eventsys.accounts.models import Role
    from eventsys.events.hub import register_manage_link

    register_manage_link(app, 40, "badges.index", _l("Badges"), (Role.ORGANIZER,))

    # The e-ticket: a panel on the delegate's manage page, the ticket in the confirmation and
    # promotion mails, and the attachments those mails name, built when the mail is delivered.
    from eventsys.badges import ticket
    from eventsys.mail.attachments import register_attachment
    from eventsys.registration.extras import register_mail_extra, register_manage_panel

    register_manage_panel(app, ticket.manage_panel)
    register_mail_extra(app, ticket.mail_extra)
    register_attachment(app, "ticket_pdf", ticket.build_ticket_pdf)
    register_attachment(app, "ticket_qr", ticket.build_ticket_qr)

    # An erased person's replacement reasons go; the revoked codes stay revoked.
    from eventsys.badges.replacement import forget_reasons
    from eventsys.registration.erasure import register_erasure_step

    register_erasure_step(app, forget_reasons)
