"""A staff member's single-use sign-in link (from `flask create-user`, an admin's invitation or an
admin's reset): opening it shows the form to choose a password; saving it uses the link up and
signs the person in."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from eventsys.accounts import sessions, signin_links, staff
from eventsys.accounts.forms import ResetPasswordForm
from eventsys.accounts.models import SignInPurpose
from eventsys.accounts.permissions import public
from eventsys.accounts.views import bp


def _link_no_longer_works():
    flash(
        _(
            "This sign-in link has expired or was already used. Ask for a new one below, "
            "or ask the secretariat to send you one."
        ),
        "warning",
    )
    return redirect(url_for("accounts.forgot_password"))


@bp.route("/account/sign-in/<token>", methods=["GET", "POST"])
@public
def sign_in_link(token: str):
    link = signin_links.peek(token, SignInPurpose.SET_PASSWORD)
    if link is None or not link.user.active:
        return _link_no_longer_works()
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user = staff.set_password_with_link(token, form.password.data)
        if user is None:  # used in another tab a moment ago
            return _link_no_longer_works()
        sessions.start(user)
        flash(
            _("Your password is set and you are signed in. Welcome, %(name)s.", name=user.name or user.email), "success"
        )
        return redirect(url_for("accounts.account"))
    return render_template("accounts/set_password.html", form=form, user=link.user)
