"""A delegate's own pages: their registration through its signed link (see, edit, withdraw,
download, ask for deletion) and, signed in, the list of their registrations."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts.permissions import public, signed_in
from eventsys.registration import services
from eventsys.registration.errors import InvalidRegistration, InvalidTransition
from eventsys.registration.forms import DetailsForm, WithdrawForm, build_form
from eventsys.registration.models import Registration
from eventsys.registration.tokens import manage_token
from eventsys.registration.views import bp


def manage_path(registration: Registration) -> str:
    return url_for("registration.manage", slug=registration.event.slug, token=manage_token(registration))


def registration_or_404(slug: str, token: str) -> Registration:
    registration = services.registration_from_manage_token(token)
    if registration is None or registration.event.slug != slug:
        abort(404)
    return registration


@bp.route("/events/<slug>/registration/<token>")
@public
def manage(slug: str, token: str):
    registration = registration_or_404(slug, token)
    return render_template(
        "registration/manage.html",
        registration=registration,
        event=registration.event,
        token=token,
        withdraw_form=WithdrawForm(),
        can_withdraw=registration.status in services.ACTIVE,
    )


@bp.route("/events/<slug>/registration/<token>/edit", methods=["GET", "POST"])
@public
def edit(slug: str, token: str):
    registration = registration_or_404(slug, token)
    questions = services.questions_for(registration.event)
    values = services.registration_as_json(registration)
    form = build_form(
        DetailsForm,
        questions,
        data={
            **values,
            "city": values["city"] or "",
            "country": values["country"],
            **{f"q_{k}": v for k, v in values["answers"].items()},
        },
    )
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
    return render_template(
        "registration/edit.html", registration=registration, event=registration.event, form=form, token=token
    ), status


@bp.post("/events/<slug>/registration/<token>/withdraw")
@public
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
@public
def download_data(slug: str, token: str):
    registration = registration_or_404(slug, token)
    response = jsonify(services.registration_as_json(registration))
    response.headers["Content-Disposition"] = f'attachment; filename="registration-{registration.id}.json"'
    return response


@bp.post("/events/<slug>/registration/<token>/deletion")
@public
def request_deletion(slug: str, token: str):
    registration = registration_or_404(slug, token)
    form = WithdrawForm()
    if form.validate():
        services.request_deletion(registration)
        flash(_("Your request to delete your data is recorded. The organizers will act on it."), "info")
    return redirect(url_for("registration.manage", slug=slug, token=token))


@bp.route("/my/registrations")
@signed_in
def my_registrations():
    registrations = services.registrations_for_user(current_user)
    return render_template(
        "registration/my_registrations.html",
        registrations=registrations,
        manage_path=manage_path,
        organized=services.events_organized_by(current_user),
    )
