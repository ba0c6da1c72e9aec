"""A signed-in person's own account page: API tokens, and where they are signed in."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts import sessions, tokens
from eventsys.accounts.forms import ApiTokenForm
from eventsys.accounts.permissions import signed_in
from eventsys.accounts.views import bp


def _page(form: ApiTokenForm, *, new_secret: str | None = None, status: int = 200):
    return render_template(
        "accounts/account.html",
        tokens=tokens.tokens_of(current_user),
        form=form,
        new_secret=new_secret,
        open_sessions=sessions.open_sessions(current_user),
        this_session=sessions.current_row(current_user),
    ), status


@bp.route("/account")
@signed_in
def account():
    return _page(ApiTokenForm(allowed=tokens.allowed_scopes(current_user)))


@bp.post("/account/tokens")
@signed_in
def create_token():
    allowed = tokens.allowed_scopes(current_user)
    form = ApiTokenForm(allowed=allowed)
    if not form.validate_on_submit():
        return _page(form, status=422)
    try:
        _token, secret = tokens.create(
            current_user, form.name.data, form.scopes.data, expires_days=form.expires_days.data
        )
    except tokens.TokenError as exc:
        form.scopes.errors.append(str(exc))
        return _page(form, status=422)
    flash(_("Token created. Copy it now: it will not be shown again."), "success")
    return _page(ApiTokenForm(formdata=None, allowed=allowed), new_secret=secret)


@bp.post("/account/tokens/<int:token_id>/revoke")
@signed_in
def revoke_token(token_id: int):
    try:
        token = tokens.revoke(current_user, token_id)
    except tokens.TokenError:
        flash(_("No such token."), "danger")
    else:
        flash(_("Token “%(name)s” is revoked.", name=token.name), "success")
    return redirect(url_for("accounts.account"))


@bp.post("/account/sign-out-everywhere")
@signed_in
def sign_out_everywhere():
    """Every browser signed in to this account, this one included, and every API token."""
    signed_out, revoked = sessions.end_everywhere(current_user)
    sessions.end(current_user)  # commits
    flash(
        _(
            "You are signed out everywhere: %(sessions)d sign-ins ended, %(tokens)d API tokens revoked.",
            sessions=signed_out,
            tokens=revoked,
        ),
        "success",
    )
    return redirect(url_for("events.home"))
