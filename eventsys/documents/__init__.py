"""The documents area: visa invitation letters and certificates of attendance, each verifiable by
anyone at /verify/<code>, revocable by the event's organizers."""

from flask_babel import lazy_gettext as _l

# Per client address, like the registration form: enough for a desk checking a pile of
# certificates, too few to walk the code space.
VERIFY_RATE_LIMIT = "30 per minute"


def init_app(app) -> None:
    from eventsys.accounts.models import Role
    from eventsys.documents import letters
    from eventsys.documents.cli import certificates_command
    from eventsys.documents.views import bp, personal, verify
    from eventsys.events.hub import register_manage_link
    from eventsys.mail.attachments import register_attachment
    from eventsys.registration.erasure import register_erasure_step
    from eventsys.registration.extras import register_manage_panel
    from eventsys.registration.visa import register_visa_approval_listener

    app.config.setdefault("VERIFY_RATE_LIMIT", VERIFY_RATE_LIMIT)
    app.register_blueprint(bp)
    app.register_blueprint(verify)
    app.register_blueprint(personal)
    app.cli.add_command(certificates_command)
    register_manage_link(app, 55, "documents.index", _l("Letters and certificates"), (Role.ORGANIZER,))
    register_attachment(app, "document_pdf", letters.build_document_pdf)
    register_manage_panel(app, letters.manage_panel)
    register_erasure_step(app, letters.erase_holder)
    register_visa_approval_listener(app, letters.on_visa_approved)

    from eventsys.demo.seed import register_demo_step

    register_demo_step(app, 92, "eventsys.documents.demo:seed_documents_demo")
