"""The team's pages of an event's call: organizers open the call and set its criteria, decide,
notify, place projects in pitch sessions and link action items; reviewers score. Organizers and
reviewers share the list and each project's page; what each sees there follows their role."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.db import db
from eventsys.events.permissions import event_permission_required
from eventsys.projects import links, reviews, services
from eventsys.projects.forms import (
    BUDGET_LABELS,
    SEEKING_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    ActionLinkForm,
    CallForm,
    CriterionForm,
    DecisionForm,
    EmptyForm,
    PitchForm,
    options,
    review_form,
)
from eventsys.projects.models import ReviewCriterion
from eventsys.projects.views import bp

LABELS = {
    "stage_labels": STAGE_LABELS,
    "budget_labels": BUDGET_LABELS,
    "seeking_labels": SEEKING_LABELS,
    "status_labels": STATUS_LABELS,
}
TEAM = (Role.ORGANIZER, Role.REVIEWER)


def _project_or_404(event, project_id: int):
    project = services.get_project(event, project_id)
    if project is None:
        abort(404)
    return project


@bp.route("/manage/events/<slug>/projects")
@event_permission_required(*TEAM)
def manage_list(event):
    call = services.call_for(event)
    criteria = reviews.criteria_of(call)
    rows = []
    for project in services.event_projects(event):
        _reviews, table = reviews.table_for(project, call)
        rows.append({"project": project, "table": table, "mine": reviews.review_by(project, current_user)})
    return render_template(
        "projects/manage_list.html",
        event=event,
        call=call,
        state=services.call_state(call),
        deadline=services.deadline_local(call, event) if call else None,
        rows=rows,
        criteria=criteria,
        is_organizer=current_user.has_role(event, Role.ORGANIZER),
        notify_form=EmptyForm(),
        **LABELS,
    )


def _call_page(event, form, criterion_form, status: int = 200):
    call = services.call_for(event)
    return render_template(
        "projects/manage_call.html",
        event=event,
        call=call,
        form=form,
        criterion_form=criterion_form,
        delete_form=EmptyForm(),
        state=services.call_state(call),
    ), status


@bp.route("/manage/events/<slug>/projects/call", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def call_settings(event):
    call = services.call_for(event)
    form = CallForm()
    if request.method == "GET" and call is not None:
        local = services.deadline_local(call, event)
        form.closes_on.data, form.closes_time.data = local.date(), local.time().replace(tzinfo=None)
        form.intro_en.data, form.intro_th.data = call.intro_en, call.intro_th
    if form.validate_on_submit():
        services.save_call(
            event,
            closes_on=form.closes_on.data,
            closes_time=form.closes_time.data,
            intro_en=form.intro_en.data or "",
            intro_th=form.intro_th.data or "",
        )
        db.session.commit()
        flash(_("The call is saved."), "success")
        return redirect(url_for("projects.call_settings", slug=event.slug), code=303)
    return _call_page(event, form, CriterionForm(formdata=None), 422 if form.is_submitted() else 200)


@bp.post("/manage/events/<slug>/projects/criteria")
@event_permission_required(Role.ORGANIZER)
def add_criterion(event):
    call = services.call_for(event)
    form = CriterionForm()
    if call is None:
        flash(_("Open the call first: give its deadline."), "warning")
        return redirect(url_for("projects.call_settings", slug=event.slug), code=303)
    if form.validate_on_submit():
        services.add_criterion(
            call,
            name_en=form.name_en.data,
            name_th=form.name_th.data or "",
            weight=form.weight.data,
            scale_max=form.scale_max.data,
        )
        db.session.commit()
        flash(_("The criterion is added."), "success")
        return redirect(url_for("projects.call_settings", slug=event.slug), code=303)
    return _call_page(event, CallForm(formdata=None), form, 422)


@bp.post("/manage/events/<slug>/projects/criteria/<int:criterion_id>/delete")
@event_permission_required(Role.ORGANIZER)
def delete_criterion(event, criterion_id: int):
    call = services.call_for(event)
    criterion = db.session.get(ReviewCriterion, criterion_id)
    if call is None or criterion is None or criterion.call_id != call.id:
        abort(404)
    if EmptyForm().validate_on_submit():
        db.session.delete(criterion)
        db.session.commit()
        flash(_("The criterion is removed."), "success")
    return redirect(url_for("projects.call_settings", slug=event.slug), code=303)


def project_page_context(event, project, **forms) -> dict:
    call = services.call_for(event)
    organizer = current_user.has_role(event, Role.ORGANIZER)
    mine = reviews.review_by(project, current_user)
    all_reviews, table = reviews.table_for(project, call)
    context = {
        "event": event,
        "project": project,
        "call": call,
        "is_organizer": organizer,
        "is_reviewer": reviews.is_reviewer(current_user, event),
        "mine": mine,
        "see_others": reviews.may_see_others(project, current_user, event),
        "reviews": all_reviews,
        "table": table,
        "versions": services.history(project),
        **LABELS,
    }
    if context["is_reviewer"] and call is not None:
        context["review_form"] = forms.get("review_form") or review_form(call, review=mine)
    if organizer:
        context["decision_form"] = forms.get("decision_form") or DecisionForm(
            formdata=None, decision=project.status.value
        )
        context["pitch_form"] = pitch_form(event, project)
        context["action_form"] = forms.get("action_form") or action_form(event)
        context["delete_form"] = EmptyForm()
        context["actions"] = links.actions_naming([project])
    return context


def pitch_form(event, project, formdata=None) -> PitchForm:
    form = PitchForm(formdata=formdata)
    form.session.choices = options(
        [("", _("Not on the agenda")), ("new", _("A new pitch session"))]
        + [(str(s.id), s.title) for s in links.pitch_sessions(event)]
    )
    if formdata is None:
        form.session.data = str(project.pitch_session_id) if project.pitch_session_id else ""
    return form


def action_form(event, formdata=None) -> ActionLinkForm:
    form = ActionLinkForm(formdata=formdata)
    form.action.choices = options(
        [("", _("Choose an action item"))]
        + [
            (links.action_key(a.session.id, a.item["id"]), f"{a.event.title} · {a.session.title} · {a.what}")
            for a in links.action_choices(event)
        ]
    )
    return form


@bp.route("/manage/events/<slug>/projects/<int:project_id>")
@event_permission_required(*TEAM)
def manage_project(event, project_id: int):
    project = _project_or_404(event, project_id)
    return render_template("projects/manage_project.html", **project_page_context(event, project))
