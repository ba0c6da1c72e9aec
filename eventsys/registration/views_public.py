"""Public pages of the registration area: the registration form and the privacy notice."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.accounts.permissions import public
from eventsys.events.models import Event, RegistrationMode, RegistrationWindow
from eventsys.events.services import EventNotFound, get_event
from eventsys.extensions import limiter, per_account_limit
from eventsys.i18n import current_language
from eventsys.registration import services
from eventsys.registration.errors import (
    AlreadyRegistered,
    InvalidRegistration,
    InvitationRequired,
    RegistrationError,
)
from eventsys.registration.forms import RegistrationForm, build_form
from eventsys.registration.models import Registration, RegistrationCategory, RegistrationStatus
from eventsys.registration.tokens import invitation_from_token
from eventsys.registration.validation import clean_visa_details
from eventsys.registration.views import bp
from eventsys.registration.views_personal import manage_path


def rate_limit() -> str:
    return current_app.config["REGISTRATION_RATE_LIMIT"]


def event_or_404(slug: str) -> Event:
    try:
        return get_event(slug)
    except EventNotFound:
        abort(404)


def done_message(registration: Registration) -> str:
    return {
        RegistrationStatus.CONFIRMED: _(
            "Thank you! Your registration is confirmed. We have sent the details to your e-mail."
        ),
        RegistrationStatus.PENDING: _(
            "Thank you! We have received your registration. The organizers will review it and tell you by e-mail."
        ),
        RegistrationStatus.WAITLISTED: _(
            "The event is full, so you are on the waiting list. We will e-mail you as soon as a seat becomes free."
        ),
    }.get(registration.status, "")


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
@public
@limiter.limit(rate_limit, methods=["POST"])
@per_account_limit("REGISTRATION_ACCOUNT_RATE_LIMIT")
def register(slug: str):
    event = event_or_404(slug)
    invitation = invitation_from_token(request.args.get("invitation"), event)
    window = event.registration_window()
    questions = services.questions_for(event)
    form = build_form(RegistrationForm, questions)
    if invitation is None or invitation.category != RegistrationCategory.EXHIBITOR:
        # Only an exhibitor's invitation registers its staff as exhibitors (services.register says why).
        form.category.choices = [c for c in form.category.choices if c.value != RegistrationCategory.EXHIBITOR.value]
    if request.method == "GET":
        # Mails in the page's language, unless the invitation was written in another.
        form.language.data = invitation.language if invitation is not None else current_language()
    if invitation is not None and request.method == "GET":
        form.email.data = invitation.email
        if invitation.category:
            form.category.data = invitation.category.value
    status = 200
    if request.method == "POST" and form.validate():
        try:
            registration = services.register(
                event,
                form.to_data(questions),
                actor="delegate",
                invitation=invitation,
                language=current_language(),
                user=current_user if current_user.is_authenticated else None,
            )
        except InvalidRegistration as exc:
            form.apply_errors(exc.errors)
            status = 422
        except AlreadyRegistered as exc:
            flash(str(exc.message), "warning")
            status = 409
        except RegistrationError as exc:
            flash(str(exc.message), "danger")
            status = exc.status
        else:
            flash(done_message(registration), "success")
            return redirect(manage_path(registration))
    elif request.method == "POST":
        status = 422
        if form.visa_requested.data:  # the passport details' problems shown with the others, at once
            visa_errors: dict[str, str] = {}
            clean_visa_details(form.visa_data(), event, visa_errors)
            form.apply_visa_errors(visa_errors)
    needs_invitation = event.registration_mode == RegistrationMode.INVITATION and invitation is None
    can_manage = current_user.is_authenticated and current_user.has_role(event, Role.ORGANIZER)
    return render_template(
        "registration/register.html",
        event=event,
        form=form,
        window=window,
        can_manage=can_manage,
        RegistrationWindow=RegistrationWindow,
        invitation=invitation,
        needs_invitation=needs_invitation,
        invitation_message=InvitationRequired.default_message,
    ), status


@bp.route("/events/<slug>/privacy")
@public
def privacy_notice(slug: str):
    event = event_or_404(slug)
    return render_template("registration/privacy.html", event=event)
