"""Signing in and out, and choosing a new password: pages anyone can open."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts import services, sessions
from eventsys.accounts.forms import ForgotPasswordForm, LoginForm, ResetPasswordForm
from eventsys.accounts.permissions import public
from eventsys.accounts.views import bp
from eventsys.extensions import limiter, per_account_limit
from eventsys.redirects import safe_next


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
@per_account_limit("ACCOUNT_RATE_LIMIT", failures_only=True)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            sessions.start(user, remember=form.remember.data)
            flash(_("Welcome back, %(name)s.", name=user.name or user.email), "success")
            return redirect(safe_next(request.args.get("next"), url_for("accounts.account")))
        form.password.errors.append(_("That e-mail and password do not match an account."))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@public
def logout():
    if current_user.is_authenticated:
        sessions.end(current_user)
    flash(_("You are signed out."), "info")
    return redirect(url_for("events.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
@per_account_limit("ACCOUNT_RATE_LIMIT")
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.send_password_reset(form.email.data)
        flash(_("If an account exists for that address, we have sent it a link to choose a new password."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        flash(_("That link has expired or was already used. Ask for a new one below."), "warning")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        if current_user.is_authenticated:
            sessions.end(current_user)
        flash(
            _("Your password is changed and every earlier sign-in and API token ended. Please sign in with it."),
            "success",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)
