""" "My registrations" for delegates without a password: ask for a link by e-mail, open it, see every
registration under that address with a link to each one's manage page, sign out.

The signed-in state is a marker in this browser's session (the address and when the link was used),
never a Flask-Login account: an address that also has a staff account gets no staff rights here.
Opening a link (GET) shows a button; only pressing it (POST) uses the link up, so mail scanners that
fetch every link in a mail do not spend it first.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts.permissions import public
from eventsys.extensions import limiter, per_account_limit
from eventsys.i18n import current_language
from eventsys.registration import personal_signin
from eventsys.registration.forms import DelegateLinkForm, DelegateSessionForm
from eventsys.registration.views import bp
from eventsys.registration.views_personal import manage_path


def _limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _link_no_longer_works():
    flash(_("This link has expired or was already used. Enter your address below to get a new one."), "warning")
    return redirect(url_for("registration.delegate_registrations"))


@bp.route("/my-registrations", methods=["GET", "POST"])
@public
@limiter.limit(_limit, methods=["POST"])
@per_account_limit("ACCOUNT_RATE_LIMIT")
def delegate_registrations():
    email = personal_signin.signed_in_email()
    form = DelegateLinkForm()
    if form.validate_on_submit():
        personal_signin.request_link(form.email.data, current_language())
        flash(
            _(
                "If we hold registrations for this address, we have sent a link to it. "
                "It works once, for %(minutes)s minutes.",
                minutes=personal_signin.link_minutes(),
            ),
            "info",
        )
        return redirect(url_for("registration.delegate_registrations"))
    if form.is_submitted():
        return render_template("registration/personal_signin.html", form=form), 422
    if email:
        return render_template(
            "registration/personal_registrations.html",
            email=email,
            registrations=personal_signin.registrations_for_email(email),
            manage_path=manage_path,
            sign_out_form=DelegateSessionForm(),
        )
    if current_user.is_authenticated:
        return redirect(url_for("registration.my_registrations"))
    return render_template("registration/personal_signin.html", form=form)


@bp.route("/my-registrations/sign-in/<token>", methods=["GET", "POST"])
@public
def delegate_sign_in(token: str):
    email = personal_signin.link_email(token)
    if email is None:
        return _link_no_longer_works()
    form = DelegateSessionForm()
    if form.validate_on_submit():
        email = personal_signin.sign_in(token)
        if email is None:  # used in another tab a moment ago
            return _link_no_longer_works()
        personal_signin.remember_signed_in_email(email)
        flash(
            _("You see the registrations of %(email)s until you sign out or close the browser.", email=email), "success"
        )
        return redirect(url_for("registration.delegate_registrations"))
    return render_template("registration/personal_signin_link.html", email=email, form=form)


@bp.post("/my-registrations/sign-out")
@public
def delegate_sign_out():
    if DelegateSessionForm().validate_on_submit():
        personal_signin.forget_signed_in_email()
        flash(_("You are signed out of your registrations."), "info")
    return redirect(url_for("registration.delegate_registrations"))
