"""A delegate's own page of the badges area: the e-ticket PDF beside their manage link.

On the blueprint `tickets` (views.py): the organizer pages' blueprint has the prefix
/events/<slug>/badges, and the ticket lives under the manage link,
/events/<slug>/registration/<token>/ticket.pdf. The signed manage token is the permission, as for
every page under that link.
"""

from __future__ import annotations

from flask import Response, abort

from eventsys.accounts.permissions import public
from eventsys.badges import ticket
from eventsys.badges.views import tickets
from eventsys.registration.tokens import registration_from_manage_token


@tickets.route("/events/<slug>/registration/<token>/ticket.pdf")
@public
def ticket_pdf(slug: str, token: str):
    registration = registration_from_manage_token(token)
    if registration is None or registration.event.slug != slug or not ticket.has_ticket(registration):
        abort(404)
    pdf = ticket.render_ticket_pdf(registration, ticket.ticket_code(registration))
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{ticket.ticket_filename(registration)}"',
            # The ticket admits its holder: no shared cache keeps a copy.
            "Cache-Control": "private, no-store",
        },
    )
