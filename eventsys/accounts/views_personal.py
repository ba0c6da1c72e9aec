"""A signed-in person's own account page and API tokens."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from eventsys.accounts import services
from eventsys.accounts.forms import ApiTokenForm
from eventsys.accounts.models import ApiToken
from eventsys.accounts.permissions import signed_in
from eventsys.accounts.views import bp
from eventsys.db import db


@bp.route("/account")
@signed_in
def account():
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == current_user.id).order_by(ApiToken.created_at.desc())
    ).all()
    return render_template("accounts/account.html", tokens=tokens, form=ApiTokenForm(), new_secret=None)


@bp.post("/account/tokens")
@signed_in
def create_token():
    form = ApiTokenForm()
    if not form.validate_on_submit():
        tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == current_user.id)).all()
        return render_template("accounts/account.html", tokens=tokens, form=form, new_secret=None), 422
    token, secret = services.create_api_token(current_user, form.name.data)
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == current_user.id).order_by(ApiToken.created_at.desc())
    ).all()
    flash(_("Token created. Copy it now: it will not be shown again."), "success")
    return render_template(
        "accounts/account.html", tokens=tokens, form=ApiTokenForm(formdata=None), new_secret=secret, new_token=token
    )


@bp.post("/account/tokens/<int:token_id>/revoke")
@signed_in
def revoke_token(token_id: int):
    try:
        token = services.revoke_api_token(current_user, token_id)
    except services.AccountError:
        flash(_("No such token."), "danger")
    else:
        flash(_("Token “%(name)s” is revoked.", name=token.name), "success")
    return redirect(url_for("accounts.account"))
