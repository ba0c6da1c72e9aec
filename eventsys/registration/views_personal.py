"""A delegate's own pages: their registration through its signed link (see, edit, withdraw,
download, ask for deletion, their choices: listed or not, mail language, announcements), the
unsubscribe link of organizers' announcements, and, signed in, the list of their registrations."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from eventsys.accounts.permissions import public, signed_in
from eventsys.extensions import csrf
from eventsys.registration import preferences, services
from eventsys.registration.errors import InvalidRegistration, InvalidTransition
from eventsys.registration.extras import ManagePanel, manage_panels
from eventsys.registration.forms import DetailsForm, PreferencesForm, UnsubscribeForm, WithdrawForm, build_form
from eventsys.registration.models import Registration
from eventsys.registration.tokens import manage_token, registration_from_unsubscribe_token
from eventsys.registration.views import bp
from eventsys.registration.visa import can_request_later


def manage_path(registration: Registration) -> str:
    return url_for("registration.manage", slug=registration.event.slug, token=manage_token(registration))


def registration_or_404(slug: str, token: str) -> Registration:
    registration = services.registration_from_manage_token(token)
    if registration is None or registration.event.slug != slug:
        abort(404)
    return registration


def render_panel(panel: ManagePanel, registration: Registration, token: str) -> Markup:
    """One panel another area adds (a ticket, the personal agenda), with the page's values and its own."""
    context = {"registration": registration, "event": registration.event, "token": token}
    return Markup(render_template(panel.template, **{**context, **panel.context, "panel": panel}))


@bp.route("/events/<slug>/registration/<token>")
@public
def manage(slug: str, token: str):
    registration = registration_or_404(slug, token)
    return render_template(
        "registration/manage.html",
        registration=registration,
        event=registration.event,
        token=token,
        panels=[render_panel(p, registration, token) for p in manage_panels(registration, token)],
        withdraw_form=WithdrawForm(),
        preferences_form=PreferencesForm(language=registration.language),
        can_withdraw=registration.status in services.ACTIVE,
        can_request_visa=can_request_later(registration),
    )


@bp.post("/events/<slug>/registration/<token>/preferences")
@public
def preferences_update(slug: str, token: str):
    registration = registration_or_404(slug, token)
    form = PreferencesForm()
    if form.validate():
        choices = form.choices_made()
        preferences.set_preferences(registration, **choices)
        if choices["listed"] is True:
            flash(_("Your name and organisation will appear in the published participant list."), "success")
        elif choices["listed"] is False:
            flash(_("Your name will not appear in the published participant list."), "success")
        if choices["language"]:
            flash(_("We will write to you in the language you chose."), "success")
        if choices["announcements"] is True:
            flash(_("You will receive the organizers' announcements again."), "success")
        elif choices["announcements"] is False:
            flash(_("You will no longer receive the organizers' announcements."), "success")
    return redirect(url_for("registration.manage", slug=slug, token=token) + "#preferences")


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


def unsubscribe_registration_or_404(slug: str, token: str) -> Registration:
    registration = registration_from_unsubscribe_token(token)
    if registration is None or registration.event.slug != slug or registration.is_erased:
        abort(404)
    return registration


@bp.route("/events/<slug>/registration/<token>/unsubscribe", methods=["GET", "POST"])
@public
def unsubscribe(slug: str, token: str):
    """The List-Unsubscribe address of organizers' announcements. Opening it changes nothing (mail
    scanners open links); its button, or a mail program's RFC 8058 one-click POST (no CSRF token:
    the signed address is the secret), stops them. Mails about the registration itself still go."""
    registration = unsubscribe_registration_or_404(slug, token)
    form = UnsubscribeForm()
    status = 200
    if request.method == "POST" and request.form.get("List-Unsubscribe") == "One-Click":
        preferences.set_announcements(registration, False)  # the mail program's one click: answer, no redirect
    elif request.method == "POST" and form.validate():
        preferences.set_announcements(registration, form.action.data == "resubscribe")
        return redirect(url_for("registration.unsubscribe", slug=slug, token=token), code=303)
    elif request.method == "POST":
        status = 400
    return render_template(
        "registration/unsubscribe.html", registration=registration, event=registration.event, form=form
    ), status


csrf.exempt(unsubscribe)
