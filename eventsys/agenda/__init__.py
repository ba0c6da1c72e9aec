"""The agenda area: the draft programme organizers edit, what they publish, delegates' personal
agendas and the standard exports."""

from __future__ import annotations

DEMO_ORDER = 20


def init_app(app) -> None:
    from eventsys.agenda.forms import session_role_labels, session_type_labels
    from eventsys.agenda.views import bp
    from eventsys.demo.seed import register_demo_step

    app.register_blueprint(bp)
    app.add_template_global(session_type_labels)
    app.add_template_global(session_role_labels)
    register_demo_step(app, DEMO_ORDER, "eventsys.agenda.demo:seed_agenda_demo")

    from flask_babel import lazy_gettext as _l

    from eventsys.accounts.models import Role
    from eventsys.events.hub import register_hub_figure, register_manage_link

    register_manage_link(app, 20, "agenda.editor", _l("Agenda editor"), (Role.ORGANIZER,))
    register_manage_link(app, 21, "agenda.rooms", _l("Rooms and tracks"), (Role.ORGANIZER,))
    register_hub_figure(app, 30, "eventsys.agenda.figures:agenda_figures", (Role.ORGANIZER,))

    # A delegate's agenda, one click from the manage page and from every registration mail; the
    # confirmation mail attaches the event as .ics (built at delivery).
    from eventsys.agenda import personal
    from eventsys.agenda.exports import build_event_ics
    from eventsys.mail.attachments import register_attachment
    from eventsys.registration.extras import register_mail_extra, register_manage_panel

    register_manage_panel(app, personal.manage_panel)
    register_mail_extra(app, personal.mail_extra)
    register_attachment(app, "event_ics", build_event_ics)
