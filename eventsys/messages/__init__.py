"""The messages area: organizers' mail pages of an event. Its own mail texts per kind and language
(stored by mail/texts.py), mail to participants chosen by a filter and sent through the outbox by a
background job (campaigns), and the event's outbox with its failures and retries."""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from eventsys.accounts.models import Role
    from eventsys.events.hub import register_hub_figure, register_hub_notice, register_manage_link
    from eventsys.messages.services import failed_mail_notice
    from eventsys.messages.views import bp

    app.register_blueprint(bp)
    register_manage_link(app, 15, "messages.compose", _l("Mail to participants"), (Role.ORGANIZER,))
    register_manage_link(app, 16, "messages.text_list", _l("Mail texts"), (Role.ORGANIZER,))
    register_manage_link(app, 17, "messages.outbox", _l("Outbox"), (Role.ORGANIZER,))
    register_hub_notice(app, 15, failed_mail_notice, (Role.ORGANIZER,))
    register_hub_figure(app, 50, "eventsys.messages.figures:mail_figures", (Role.ORGANIZER,))
