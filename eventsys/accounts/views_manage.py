"""The site admins' users page, under /manage/users: every account with its roles, invitations,
deactivation, reactivation and reset. No password is ever shown or mailed: a new or reset account
gets a single-use sign-in link where its owner chooses one."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts import staff
from eventsys.accounts.forms import AccountActionForm, InviteUserForm
from eventsys.accounts.models import User
from eventsys.accounts.permissions import admin_required
from eventsys.accounts.views import bp
from eventsys.db import db
from eventsys.redirects import safe_next


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _back():
    # Back to the list as it was (search, filter, page); only ever a path on this site.
    return redirect(safe_next(request.form.get("back"), url_for("accounts.user_list")))


def _page_number() -> int:
    value = request.args.get("page", "1")
    # isascii: "²".isdigit() is true, but int("²") raises.
    return int(value) if value.isascii() and value.isdigit() and 0 < int(value) < 2**31 else 1


@bp.get("/manage/users")
@admin_required
def user_list():
    search = request.args.get("q", "").strip()[:100]
    status = request.args.get("status", "")
    status = status if status in staff.STATUSES else ""
    page = staff.list_users(search, status, _page_number())
    return render_template(
        "accounts/manage/users.html",
        page=page,
        search=search,
        status=status,
        roles_by_event=staff.roles_by_event,
        form=AccountActionForm(),
        args={key: value for key, value in (("q", search), ("status", status)) if value},
    )


@bp.route("/manage/users/invite", methods=["GET", "POST"])
@admin_required
def invite_user():
    form = InviteUserForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = staff.invite(form.email.data, name=form.name.data, language=form.language.data, actor=current_user)
        except staff.EmailTaken:
            form.email.errors.append(_("An account with this e-mail address already exists."))
        except staff.InvalidEmail:
            form.email.errors.append(_("Enter a valid e-mail address."))
        else:
            flash(
                _("%(email)s is invited: we have sent a sign-in link that works once, for 24 hours.", email=user.email),
                "success",
            )
            return redirect(url_for("accounts.user_list", q=user.email))
        status = 422
    elif form.is_submitted():
        status = 422
    return render_template("accounts/manage/invite.html", form=form), status


@bp.post("/manage/users/<int:user_id>/deactivate")
@admin_required
def deactivate_user(user_id: int):
    user = _user_or_404(user_id)
    if AccountActionForm().validate_on_submit():
        try:
            changed = staff.deactivate(user, actor=current_user)
        except staff.OwnAccount:
            flash(_("You cannot deactivate your own account."), "danger")
        else:
            if changed:
                flash(_("%(email)s is deactivated: it can no longer sign in.", email=user.email), "success")
    return _back()


@bp.post("/manage/users/<int:user_id>/reactivate")
@admin_required
def reactivate_user(user_id: int):
    user = _user_or_404(user_id)
    if AccountActionForm().validate_on_submit() and staff.reactivate(user, actor=current_user):
        flash(_("%(email)s is active again.", email=user.email), "success")
    return _back()


@bp.post("/manage/users/<int:user_id>/reset")
@admin_required
def reset_user(user_id: int):
    user = _user_or_404(user_id)
    if AccountActionForm().validate_on_submit():
        try:
            staff.reset(user, actor=current_user)
        except staff.OwnAccount:
            flash(_("To change your own password, use “Forgot your password?” on the sign-in page."), "warning")
        except staff.AccountInactive:
            flash(_("%(email)s is deactivated: reactivate the account first.", email=user.email), "warning")
        else:
            flash(
                _(
                    "The password of %(email)s no longer works. We have sent a new sign-in link that works once, "
                    "for 24 hours.",
                    email=user.email,
                ),
                "success",
            )
    return _back()
