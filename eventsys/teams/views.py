"""Pages of the teams area: an event's team (members, invitations, the invite form), accepting an
invitation, and the editors of a summit report (a section of the report's organizer page posts here).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts import sessions
from eventsys.accounts.models import Role, User
from eventsys.accounts.permissions import permission_required, public
from eventsys.db import db
from eventsys.events.permissions import event_permission_required
from eventsys.i18n import current_language
from eventsys.teams import invitations, services
from eventsys.teams.forms import InviteForm, NewAccountForm, ReportEditorForm, role_label

bp = Blueprint("teams", __name__)


def _roles_text(roles) -> str:
    return ", ".join(role_label(role) for role in roles)


def _team_page(event, form, status=200):
    return render_template(
        "teams/team.html",
        event=event,
        members=services.team(event),
        invitations=invitations.pending(event),
        form=form,
    ), status


@bp.get("/manage/events/<slug>/team")
@event_permission_required(Role.ORGANIZER)
def team(event):
    return _team_page(event, InviteForm(formdata=None, language=current_language()))


@bp.post("/manage/events/<slug>/team/invite")
@event_permission_required(Role.ORGANIZER)
def invite(event):
    form = InviteForm()
    if not form.validate_on_submit():
        return _team_page(event, form, 400)
    try:
        invitation, renewed = invitations.invite(
            event, form.email.data, form.roles.data, form.language.data, actor=current_user
        )
    except services.TeamError as error:
        form.email.errors = [*form.email.errors, str(error)]
        return _team_page(event, form, 400)
    if renewed:
        flash(_("The invitation to %(email)s was renewed and sent again.", email=invitation.email), "success")
    else:
        flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
    return redirect(url_for("teams.team", slug=event.slug))


@bp.post("/manage/events/<slug>/team/members/<int:user_id>/revoke")
@event_permission_required(Role.ORGANIZER)
def revoke(event, user_id: int):
    user = services.member(event, user_id)
    if user is None:
        abort(404)
    asked = request.form.get("role", "")
    if asked == "all":
        roles = services.roles_of(user, event)
    elif asked in {role.value for role in Role}:
        roles = [Role(asked)]
    else:
        abort(400)
    try:
        removed = services.revoke(event, user, roles, actor=current_user)
    except services.TeamError as error:
        flash(str(error), "danger")
        return redirect(url_for("teams.team", slug=event.slug))
    db.session.commit()
    who = user.name or user.email
    if asked == "all":
        flash(_("%(name)s was removed from the team.", name=who), "success")
    elif removed:
        flash(_("%(name)s no longer has the role %(roles)s.", name=who, roles=_roles_text(removed)), "success")
    else:
        flash(_("%(name)s did not have that role.", name=who), "info")
    return redirect(url_for("teams.team", slug=event.slug))


def _pending_or_404(event, invitation_id: int):
    invitation = invitations.get_pending(event, invitation_id)
    if invitation is None:
        abort(404)
    return invitation


@bp.post("/manage/events/<slug>/team/invitations/<int:invitation_id>/cancel")
@event_permission_required(Role.ORGANIZER)
def cancel_invitation(event, invitation_id: int):
    invitation = _pending_or_404(event, invitation_id)
    invitations.cancel(event, invitation, actor=current_user)
    flash(_("The invitation to %(email)s was cancelled: its link no longer works.", email=invitation.email), "success")
    return redirect(url_for("teams.team", slug=event.slug))


@bp.post("/manage/events/<slug>/team/invitations/<int:invitation_id>/resend")
@event_permission_required(Role.ORGANIZER)
def resend_invitation(event, invitation_id: int):
    invitation = _pending_or_404(event, invitation_id)
    invitations.resend(event, invitation, actor=current_user)
    flash(_("The invitation to %(email)s was renewed and sent again.", email=invitation.email), "success")
    return redirect(url_for("teams.team", slug=event.slug))


# --- accepting an invitation (the link of the mail) -------------------------------------------


def _closed(problem, invitation=None):
    status = 404 if problem == invitations.Problem.INVALID else 410
    return render_template("teams/invitation_closed.html", problem=problem.value, invitation=invitation), status


def _welcome(invitation, new_roles):
    event = invitation.event
    if new_roles:
        flash(
            _("Welcome to the team of %(title)s: %(roles)s.", title=event.title, roles=_roles_text(new_roles)),
            "success",
        )
    else:
        flash(_("You already held these roles on %(title)s.", title=event.title), "info")
    return redirect(url_for("manage.hub", slug=event.slug))


@bp.route("/team/invitations/<token>", methods=["GET", "POST"])
@public
def accept(token: str):
    invitation, problem = invitations.from_token(token)
    if problem is not None:
        return _closed(problem, invitation)
    if current_user.is_authenticated:
        if current_user.email != invitation.email:
            return render_template("teams/invitation_wrong_account.html", invitation=invitation), 403
        if request.method == "POST":
            try:
                new_roles = invitations.accept(invitation, current_user)
            except invitations.InvitationClosed as closed:
                return _closed(closed.problem)
            return _welcome(invitation, new_roles)
        return render_template("teams/accept.html", invitation=invitation, form=None)
    account = User.by_email(invitation.email)
    if account is not None:
        if not account.is_active:
            return render_template("teams/invitation_closed.html", problem="inactive", invitation=invitation), 403
        flash(_("An account exists for %(email)s: sign in to accept the invitation.", email=invitation.email), "info")
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    form = NewAccountForm()
    if form.validate_on_submit():
        try:
            user = invitations.accept_with_new_account(invitation, form.name.data, form.password.data)
        except invitations.InvitationClosed as closed:
            return _closed(closed.problem)
        except services.TeamError as error:
            flash(str(error), "warning")
            return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        sessions.start(user)
        return _welcome(invitation, invitation.role_list)
    status = 400 if form.errors else 200
    return render_template("teams/accept.html", invitation=invitation, form=form), status


# --- summit-report editors --------------------------------------------------------------------


def manages_report_editors(user, slug: str, **_values) -> bool:
    """The rule of the report-editor routes: 404 for no such report, then site admins and the
    organizers who own or edit it."""
    report = services.report_ref(slug)
    if report is None:
        abort(404)
    return services.can_manage_report_editors(user, report)


def _back_to_report(slug: str):
    return redirect(url_for("reports.edit_report", slug=slug, _anchor="report-editors"))


@bp.post("/manage/reports/<slug>/editors")
@permission_required(manages_report_editors)
def add_report_editor(slug: str):
    report = services.report_ref(slug)
    form = ReportEditorForm()
    if not form.validate_on_submit():
        flash(_("Give the e-mail address of an account."), "danger")
        return _back_to_report(slug)
    user = User.by_email(form.email.data)
    if user is None or not user.is_active:
        flash(
            _(
                "No active account has the address %(email)s. Invite the person to an event's team first.",
                email=form.email.data.strip().lower(),
            ),
            "danger",
        )
        return _back_to_report(slug)
    if services.add_report_editor(report, user, actor=current_user):
        db.session.commit()
        flash(_("%(name)s can now edit this report.", name=user.name or user.email), "success")
    else:
        flash(_("%(name)s is already an editor of this report.", name=user.name or user.email), "info")
    return _back_to_report(slug)


@bp.post("/manage/reports/<slug>/editors/<int:user_id>/remove")
@permission_required(manages_report_editors)
def remove_report_editor(slug: str, user_id: int):
    report = services.report_ref(slug)
    user = db.session.get(User, user_id)
    if user is None or not services.remove_report_editor(report, user, actor=current_user):
        abort(404)
    db.session.commit()
    flash(_("%(name)s no longer edits this report.", name=user.name or user.email), "success")
    return _back_to_report(slug)
