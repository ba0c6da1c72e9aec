"""Organizer pages of visa invitation letters: the event's requests, each one's passport details
(every opening in the audit log), approve or decline with a reason. Organizers only: the details
are passport data, not for rapporteurs or the check-in desk."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.events.models import Event
from eventsys.events.permissions import event_permission_required
from eventsys.registration import visa
from eventsys.registration.forms import VisaDecisionForm
from eventsys.registration.models import VisaLetterStatus
from eventsys.registration.views import bp
from eventsys.registration.views_manage import BASE

VISA_STATUS_LABELS = {
    VisaLetterStatus.REQUESTED: _l("Requested"),
    VisaLetterStatus.APPROVED: _l("Approved"),
    VisaLetterStatus.DECLINED: _l("Declined"),
}
VISA_STATUS_BADGES = {
    VisaLetterStatus.REQUESTED: "text-bg-warning",
    VisaLetterStatus.APPROVED: "text-bg-success",
    VisaLetterStatus.DECLINED: "text-bg-danger",
}


def _status_or_none(value: str | None) -> VisaLetterStatus | None:
    try:
        return VisaLetterStatus(value) if value else None
    except ValueError:
        return None


@bp.route(f"{BASE}/visa-letters")
@event_permission_required(Role.ORGANIZER)
def visa_letters(event: Event):
    """The requests, without their passport details (those are on each request's own page)."""
    status = _status_or_none(request.args.get("status"))
    return render_template(
        "registration/organizer/visa_letters.html",
        event=event,
        requests=visa.visa_requests_for_event(event, status),
        status=status,
        counts=visa.visa_request_counts(event),
        labels=VISA_STATUS_LABELS,
        badges=VISA_STATUS_BADGES,
    )


@bp.route(f"{BASE}/visa-letters/<int:visa_request_id>")
@event_permission_required(Role.ORGANIZER)
def visa_letter(event: Event, visa_request_id: int):
    """One request's passport details: the audit log records who saw them before they are shown."""
    letter_request = visa.request_for_event(event, visa_request_id)
    if letter_request is None:
        abort(404)
    if letter_request.details_encrypted is not None:
        visa.record_details_viewed(letter_request, actor=current_user)
    return render_template(
        "registration/organizer/visa_letter.html",
        event=event,
        letter_request=letter_request,
        details=letter_request.details,
        form=VisaDecisionForm(),
        labels=VISA_STATUS_LABELS,
        badges=VISA_STATUS_BADGES,
    )


@bp.post(f"{BASE}/visa-letters/<int:visa_request_id>/decide")
@event_permission_required(Role.ORGANIZER)
def visa_letter_decide(event: Event, visa_request_id: int):
    letter_request = visa.request_for_event(event, visa_request_id)
    if letter_request is None:
        abort(404)
    form = VisaDecisionForm()
    back = url_for("registration.visa_letter", slug=event.slug, visa_request_id=visa_request_id)
    if not form.validate():
        flash(_("The decision could not be read: try again."), "warning")
        return redirect(back)
    approve = form.action.data == "approve"
    try:
        visa.decide_visa_letter(letter_request, approve=approve, actor=current_user, reason=form.reason.data or "")
    except visa.VisaLetterError as exc:
        flash(str(exc.message), "warning")
        return redirect(back)
    if approve:
        flash(_("Request approved."), "success")
    else:
        flash(_("Request declined. The delegate is told by e-mail, with your reason."), "success")
    return redirect(url_for("registration.visa_letters", slug=event.slug))
