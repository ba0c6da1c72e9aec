"""Data rights pages: a delegate's "Download my data" (by their manage link, or for every
registration under the address they signed in with), the organizers' export of one registration,
and each event's retention setting."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.accounts.permissions import public
from eventsys.db import db
from eventsys.events.permissions import event_permission_required
from eventsys.privacy import retention, services
from eventsys.privacy.forms import RetentionForm
from eventsys.registration.models import Registration
from eventsys.registration.personal_signin import registrations_for_email, signed_in_email
from eventsys.registration.services import registrations_for_user
from eventsys.registration.tokens import registration_from_manage_token

bp = Blueprint("privacy", __name__)


def _download(data: dict, filename: str) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            # Personal data: never kept by a shared cache or the browser's history.
            "Cache-Control": "no-store",
        },
    )


@bp.route("/events/<slug>/registration/<token>/my-data.json")
@public
def delegate_export(slug: str, token: str):
    """Everything held about this registration; the manage link is the key."""
    registration = registration_from_manage_token(token)
    if registration is None or registration.event.slug != slug:
        abort(404)
    return _download(services.personal_data([registration]), f"my-data-registration-{registration.id}.json")


@bp.route("/my-registrations/my-data.json")
@public
def address_export():
    """Everything held under the address signed in by a mailed link (or the account's)."""
    email = signed_in_email()
    if email:
        registrations, addresses = registrations_for_email(email), [email]
    elif current_user.is_authenticated:
        registrations, addresses = registrations_for_user(current_user), [current_user.email]
    else:
        return redirect(url_for("registration.delegate_registrations"))
    return _download(services.personal_data(registrations, addresses=addresses), "my-data.json")


@bp.route("/manage/events/<slug>/registrations/<int:registration_id>/personal-data.json")
@event_permission_required(Role.ORGANIZER)
def organizer_export(event, registration_id: int):
    """For answering a delegate's request: what they would download themselves. Audited."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    data = services.export_for_staff(registration, actor=current_user)
    return _download(data, f"{event.slug}-registration-{registration.id}-personal-data.json")


@bp.route("/manage/events/<slug>/privacy", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def event_privacy(event):
    form = RetentionForm(obj=event)
    if form.validate_on_submit():
        retention.set_retention_days(event, form.retention_days.data, actor=current_user)
        flash(_("Retention saved."), "success")
        return redirect(url_for(".event_privacy", slug=event.slug))
    held, erased = retention.counts(event)
    return render_template("privacy/event.html", event=event, form=form, held=held, erased=erased), (
        422 if form.is_submitted() else 200
    )
