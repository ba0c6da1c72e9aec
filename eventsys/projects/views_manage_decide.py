"""What the team does on a project's page: a reviewer's scores, the organizers' decision and the
decision mails, the pitch session, and the action items that name the project."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.agenda.models import AgendaSession
from eventsys.audit.services import record
from eventsys.db import db
from eventsys.events.permissions import event_permission_required
from eventsys.inputs import db_id
from eventsys.projects import links, reviews, services
from eventsys.projects.forms import DecisionForm, EmptyForm, review_form, scores_from
from eventsys.projects.models import ProjectStatus
from eventsys.projects.views import bp
from eventsys.projects.views_manage import _project_or_404, action_form, pitch_form, project_page_context


def _back(event, project, anchor: str = ""):
    return redirect(url_for("projects.manage_project", slug=event.slug, project_id=project.id) + anchor, code=303)


def _page(event, project, status: int, **forms):
    return render_template("projects/manage_project.html", **project_page_context(event, project, **forms)), status


@bp.post("/manage/events/<slug>/projects/<int:project_id>/review")
@event_permission_required(Role.REVIEWER)
def save_review(event, project_id: int):
    project = _project_or_404(event, project_id)
    call = services.call_for(event)
    if call is None or not call.criteria:
        flash(_("The organizers have not set the review criteria yet."), "warning")
        return _back(event, project)
    if project.status != ProjectStatus.SUBMITTED:
        flash(_("The organizers have decided on this project: its reviews can no longer change."), "warning")
        return _back(event, project)
    form = review_form(call, formdata=request.form)
    if not form.validate():
        return _page(event, project, 422, review_form=form)
    try:
        reviews.save_review(project, current_user, call, scores_from(form, call), form.comment.data or "")
    except reviews.ReviewLocked:
        flash(_("The organizers have decided on this project: its reviews can no longer change."), "warning")
        return _back(event, project)
    db.session.commit()
    flash(_("Your review is saved."), "success")
    return _back(event, project, "#scores")


@bp.post("/manage/events/<slug>/projects/<int:project_id>/decide")
@event_permission_required(Role.ORGANIZER)
def decide(event, project_id: int):
    project = _project_or_404(event, project_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _page(event, project, 422, decision_form=form)
    status = ProjectStatus(form.decision.data)
    if reviews.decide(project, status, current_user):
        record(
            "project.decide",
            actor=current_user,
            event=event,
            target_type="project",
            targets=[project.id],
            decision=status.value,
        )
        db.session.commit()
        flash(_("The decision is saved. Notify the submitters from the list when you are ready."), "success")
    return _back(event, project)


@bp.post("/manage/events/<slug>/projects/notify")
@event_permission_required(Role.ORGANIZER)
def notify(event):
    if EmptyForm().validate_on_submit():
        queued = reviews.notify_decisions(event)
        db.session.commit()
        if queued:
            flash(_("Decision mails queued: %(num)d.", num=queued), "success")
        else:
            flash(_("Every submitter already has the decision on their project."), "info")
    return redirect(url_for("projects.manage_list", slug=event.slug), code=303)


@bp.post("/manage/events/<slug>/projects/<int:project_id>/pitch")
@event_permission_required(Role.ORGANIZER)
def pitch(event, project_id: int):
    project = _project_or_404(event, project_id)
    form = pitch_form(event, project, formdata=request.form)
    choice = form.session.data or ""
    if not form.validate_on_submit():
        flash(
            _("Check the pitch session: choose one of this event's pitch sessions, a day, a time, a length."), "warning"
        )
        return _back(event, project, "#pitch")
    if project.status != ProjectStatus.ACCEPTED and choice:
        flash(_("Only an accepted project can be placed in a pitch session."), "warning")
        return _back(event, project, "#pitch")
    if choice == "new":
        if not (form.day.data and form.start.data and form.minutes.data):
            flash(_("Give the new pitch session's day, start time and length."), "warning")
            return _back(event, project, "#pitch")
        links.create_pitch_session(project, day=form.day.data, start=form.start.data, minutes=form.minutes.data)
        flash(_("A draft pitch session is added to the agenda; publish the agenda to show it."), "success")
    else:
        session_id = db_id(choice) if choice else None
        session = db.session.get(AgendaSession, session_id) if session_id else None
        try:
            links.link_pitch(project, session)
        except links.NotAPitch:
            flash(_("Choose a pitch session of this event."), "warning")
            return _back(event, project, "#pitch")
        flash(_("The pitch session is saved."), "success")
    db.session.commit()
    return _back(event, project, "#pitch")


@bp.post("/manage/events/<slug>/projects/<int:project_id>/actions")
@event_permission_required(Role.ORGANIZER)
def link_action(event, project_id: int):
    project = _project_or_404(event, project_id)
    form = action_form(event, formdata=request.form)
    if not form.validate_on_submit():
        return _page(event, project, 422, action_form=form)
    if links.link_action(project, form.action.data) is None:
        flash(_("This action item is linked already."), "info")
    else:
        db.session.commit()
        flash(_("The action item is linked to the project."), "success")
    return _back(event, project, "#actions")


@bp.post("/manage/events/<slug>/projects/<int:project_id>/actions/<int:action_link_id>/delete")
@event_permission_required(Role.ORGANIZER)
def unlink_action(event, project_id: int, action_link_id: int):
    project = _project_or_404(event, project_id)
    if EmptyForm().validate_on_submit() and links.unlink_action(project, action_link_id):
        db.session.commit()
        flash(_("The action item is no longer linked."), "success")
    return _back(event, project, "#actions")
