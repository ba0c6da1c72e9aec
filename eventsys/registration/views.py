"""Public pages: the registration form, the delegate's manage pages, their list of registrations."""
from __future__ import annotations

from flask import (
    Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventsys.accounts.models import Role
from eventsys.events.models import Event, RegistrationMode, RegistrationWindow
from eventsys.events.services import EventNotFound, get_event
from eventsys.extensions import limiter
from eventsys.i18n import current_language
from eventsys.registration import services
from eventsys.registration.choices import STATUS_BADGES, category_label, reason_label, status_label
from eventsys.registration.errors import (
    AlreadyRegistered, InvalidRegistration, InvalidTransition, InvitationRequired, RegistrationError,
)
from eventsys.registration.forms import DetailsForm, RegistrationForm, WithdrawForm, build_form
from eventsys.registration.models import Registration, RegistrationStatus
from eventsys.registration.tokens import invitation_from_token, manage_token

bp = Blueprint("registration", __name__)


def rate_limit() -> str:
    return current_app.config["REGISTRATION_RATE_LIMIT"]


def event_or_404(slug: str) -> Event:
    try:
        return get_event(slug)
    except EventNotFound:
        abort(404)


def manage_path(registration: Registration) -> str:
    return url_for("registration.manage", slug=registration.event.slug, token=manage_token(registration))


def done_message(registration: Registration) -> str:
    return {
        RegistrationStatus.CONFIRMED: _("Thank you! Your registration is confirmed. We have sent the details "
                                        "to your e-mail."),
        RegistrationStatus.PENDING: _("Thank you! We have received your registration. The organizers will "
                                      "review it and tell you by e-mail."),
        RegistrationStatus.WAITLISTED: _("The event is full, so you are on the waiting list. We will e-mail "
                                         "you as soon as a seat becomes free."),
    }.get(registration.status, "")


@bp.record_once
def template_helpers(state):
    # Globals, not a context processor: imported macros (registration/_fields.html) see them too.
    state.app.jinja_env.globals.update(status_label=status_label, category_label=category_label,
                                       reason_label=reason_label, STATUS_BADGES=STATUS_BADGES)


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
@limiter.limit(rate_limit, methods=["POST"])
def register(slug: str):
    event = event_or_404(slug)
    invitation = invitation_from_token(request.args.get("invitation"))
    if invitation is not None and invitation.event_id != event.id:
        invitation = None
    window = event.registration_window()
    questions = services.questions_for(event)
    form = build_form(RegistrationForm, questions)
    if invitation is not None and request.method == "GET":
        form.email.data = invitation.email
        if invitation.category:
            form.category.data = invitation.category.value
    status = 200
    if request.method == "POST" and form.validate():
        try:
            registration = services.register(
                event, form.to_data(questions), actor="delegate", invitation=invitation,
                language=current_language(), user=current_user if current_user.is_authenticated else None)
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
    needs_invitation = event.registration_mode == RegistrationMode.INVITATION and invitation is None
    can_manage = current_user.is_authenticated and current_user.has_role(event, Role.ORGANIZER)
    return render_template("registration/register.html", event=event, form=form, window=window,
                           can_manage=can_manage,
                           RegistrationWindow=RegistrationWindow, invitation=invitation,
                           needs_invitation=needs_invitation,
                           invitation_message=InvitationRequired.default_message), status


@bp.route("/events/<slug>/privacy")
def privacy_notice(slug: str):
    event = event_or_404(slug)
    return render_template("registration/privacy.html", event=event)


def registration_or_404(slug: str, token: str) -> Registration:
    registration = services.registration_from_manage_token(token)
    if registration is None or registration.event.slug != slug:
        abort(404)
    return registration


@bp.route("/events/<slug>/registration/<token>")
def manage(slug: str, token: str):
    registration = registration_or_404(slug, token)
    return render_template("registration/manage.html", registration=registration, event=registration.event,
                           token=token, withdraw_form=WithdrawForm(),
                           can_withdraw=registration.status in services.ACTIVE)


@bp.route("/events/<slug>/registration/<token>/edit", methods=["GET", "POST"])
def edit(slug: str, token: str):
    registration = registration_or_404(slug, token)
    questions = services.questions_for(registration.event)
    values = services.registration_as_json(registration)
    form = build_form(DetailsForm, questions, data={
        **values, "city": values["city"] or "", "country": values["country"],
        **{f"q_{k}": v for k, v in values["answers"].items()}})
    status = 200
    if request.method == "POST" and form.validate():
        try:
            services.update_details(registration, form.to_data(questions), questions=questions)
        except InvalidRegistration as exc:
            form.apply_errors(exc.errors)
            status = 422
        else:
            flash(_("Your details are saved."), "success")
            return redirect(url_for("registration.manage", slug=slug, token=token))
    elif request.method == "POST":
        status = 422
    return render_template("registration/edit.html", registration=registration, event=registration.event,
                           form=form, token=token), status


@bp.post("/events/<slug>/registration/<token>/withdraw")
def withdraw(slug: str, token: str):
    registration = registration_or_404(slug, token)
    form = WithdrawForm()
    if form.validate():
        try:
            services.withdraw(registration, actor="delegate", reason=form.reason.data or "")
        except InvalidTransition:
            flash(_("This registration cannot be withdrawn any more."), "warning")
        else:
            flash(_("You have withdrawn your registration. We are sorry you cannot come."), "info")
    return redirect(url_for("registration.manage", slug=slug, token=token))


@bp.route("/events/<slug>/registration/<token>/data.json")
def download_data(slug: str, token: str):
    registration = registration_or_404(slug, token)
    response = jsonify(services.registration_as_json(registration))
    response.headers["Content-Disposition"] = f'attachment; filename="registration-{registration.id}.json"'
    return response


@bp.post("/events/<slug>/registration/<token>/deletion")
def request_deletion(slug: str, token: str):
    registration = registration_or_404(slug, token)
    form = WithdrawForm()
    if form.validate():
        services.request_deletion(registration)
        flash(_("Your request to delete your data is recorded. The organizers will act on it."), "info")
    return redirect(url_for("registration.manage", slug=slug, token=token))


@bp.route("/my/registrations")
@login_required
def my_registrations():
    registrations = services.registrations_for_user(current_user)
    return render_template("registration/my_registrations.html", registrations=registrations,
                           manage_path=manage_path, organized=services.events_organized_by(current_user))
