"""Badges through the API, for organizers:

- POST /api/v1/registrations/<id>/badge.pdf: print one badge (a tracked print; printing again
  gives the same code, so badges already handed out keep working).
- POST /api/v1/registrations/<id>/badge/replace: replace one lost or wrong badge, with a reason;
  the only call that revokes a code (the door refuses the old one from then on)."""

from __future__ import annotations

from flask import Response, request
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.accounts.permissions import permission_required, refuse
from eventsys.api import bp, json_error, schemas, scope
from eventsys.badges import replacement, services
from eventsys.db import db
from eventsys.registration.models import Registration


def organizer_of_registration(user, registration_id: int) -> bool:
    """Badges are printed by the organizers of the registration's event."""
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        refuse(404, f"No registration {registration_id}.")
    if not user.has_role(registration.event_id, Role.ORGANIZER):
        refuse(403, "Badges are printed by the event's organizers.")
    return True


@bp.route("/registrations/<int:registration_id>/badge.pdf", methods=["POST"])
@scope("registrations")
@permission_required(organizer_of_registration)
@bp.arguments(schemas.BadgeRequest, as_kwargs=True)
@bp.response(200, content_type="application/pdf")
@bp.doc(
    responses={
        "200": {
            "description": "The badge, ready to print.",
            "content": {"application/pdf": {"schema": {"type": "string", "contentMediaType": "application/pdf"}}},
        }
    }
)
@bp.alt_response(404, schema=schemas.Error, description="No such registration.")
@bp.alt_response(422, schema=schemas.Error, description="No badge for this registration (e.g. not confirmed).")
def registration_badge(registration_id: int, layout: str | None = None):
    """Print one registration's badge as a PDF, for the event's organizers. A POST, because it
    records a print (and issues the badge on the first). Printing again gives the same code."""
    registration = db.session.get(Registration, registration_id)
    try:
        pdf, _run = services.print_badges(
            registration.event,
            [registration],
            layout_name=layout,
            user=current_user,
            scope="one",
            workers=1,
        )
    except services.BadgeError as exc:
        return json_error(422, str(exc))
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="badge-{registration.id}.pdf"'},
    )


@bp.route("/registrations/<int:registration_id>/badge/replace", methods=["POST"])
@scope("registrations")
@permission_required(organizer_of_registration)
@bp.arguments(schemas.BadgeReplaceRequest, as_kwargs=True)
@bp.response(200, schemas.BadgeReplaced)
@bp.alt_response(404, schema=schemas.Error, description="No such registration.")
@bp.alt_response(422, schema=schemas.Error, description="No reason given, or no badge printed yet.")
def replace_registration_badge(registration_id: int, reason: str):
    """Replace one person's lost or wrong badge: its code is revoked with the reason (in the audit
    log) and the next print carries a new code. Nobody else's badge changes."""
    registration = db.session.get(Registration, registration_id)
    revoked = services.current_badge(registration)
    try:
        badge = replacement.replace_badge(registration, reason, user=current_user, ip=request.remote_addr)
    except services.BadgeError as exc:
        return json_error(422, str(exc))
    return {"registration_id": registration.id, "revoked_serial": revoked.serial, "serial": badge.serial}
