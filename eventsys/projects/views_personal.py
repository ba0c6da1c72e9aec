"""A city representative's own submissions, reached by their signed manage link (the link is the
credential, as on the manage page: the routes are public). See services.py for why the link."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from eventsys.accounts.permissions import public
from eventsys.db import db
from eventsys.i18n import LANG_COOKIE, LOCALES
from eventsys.projects import services
from eventsys.projects.forms import BUDGET_LABELS, SEEKING_LABELS, STAGE_LABELS, STATUS_LABELS, EmptyForm, ProjectForm
from eventsys.projects.models import ProjectStatus
from eventsys.projects.views import bp
from eventsys.registration.tokens import registration_from_manage_token

LABELS = {
    "stage_labels": STAGE_LABELS,
    "budget_labels": BUDGET_LABELS,
    "seeking_labels": SEEKING_LABELS,
    "status_labels": STATUS_LABELS,
}


def _closed() -> str:
    return _("The call for projects is closed: the deadline has passed, so nothing was saved.")


def _registration_or_404(slug: str, token: str):
    registration = registration_from_manage_token(token)
    if registration is None or registration.event.slug != slug or registration.is_erased:
        abort(404)
    return registration


def _language(registration) -> str:
    """The page's language: the one asked for (?lang=, the language switch), else the delegate's own."""
    asked = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked in LOCALES:
        return asked
    return registration.language if registration.language in LOCALES else "en"


def _context(registration, token: str) -> dict:
    event = registration.event
    call = services.call_for(event)
    return {
        "event": event,
        "registration": registration,
        "token": token,
        "call": call,
        "state": services.call_state(call),
        "deadline": services.deadline_local(call, event) if call else None,
        "may_submit": services.may_submit(registration),
        "manage_url": url_for("registration.manage", slug=event.slug, token=token),
        **LABELS,
    }


@bp.route("/events/<slug>/registration/<token>/projects")
@public
def my_projects(slug: str, token: str):
    registration = _registration_or_404(slug, token)
    with force_locale(_language(registration)):
        context = _context(registration, token)
        return render_template(
            "projects/my_projects.html",
            projects=services.projects_of(registration),
            earlier=services.earlier_projects(registration) if context["may_submit"] else [],
            carry_form=EmptyForm(),
            **context,
        )


def _form_page(registration, token: str, form, project=None, status: int = 200):
    return render_template(
        "projects/my_project_form.html", form=form, project=project, **_context(registration, token)
    ), status


@bp.route("/events/<slug>/registration/<token>/projects/new", methods=["GET", "POST"])
@public
def submit_project(slug: str, token: str):
    registration = _registration_or_404(slug, token)
    language = _language(registration)
    with force_locale(language):
        if not services.may_submit(registration):
            abort(404)
        form = ProjectForm()
        if request.method == "GET" and registration.city_id:
            form.city_id.data = str(registration.city_id)
        if services.call_state(services.call_for(registration.event)) != "open":
            if request.method == "POST":
                flash(_closed(), "warning")
            return _form_page(registration, token, None, status=409 if request.method == "POST" else 200)
        if form.validate_on_submit():
            try:
                project = services.submit(registration, form.submission(), language=registration.language)
            except services.CallClosed:  # the deadline passed while the form was being filled in
                flash(_closed(), "warning")
                return _form_page(registration, token, None, status=409)
            db.session.commit()
            flash(_("Your project is submitted. You can change it until the deadline."), "success")
            return redirect(url_for("projects.edit_project", slug=slug, token=token, project_id=project.id), code=303)
        return _form_page(registration, token, form, status=422 if form.is_submitted() else 200)


@bp.route("/events/<slug>/registration/<token>/projects/<int:project_id>", methods=["GET", "POST"])
@public
def edit_project(slug: str, token: str, project_id: int):
    registration = _registration_or_404(slug, token)
    with force_locale(_language(registration)):
        project = services.get_project(registration.event, project_id)
        if project is None or project.submitter_registration_id != registration.id:
            abort(404)
        editable = (
            services.call_state(services.call_for(registration.event)) == "open"
            and project.status == ProjectStatus.SUBMITTED
            and services.may_submit(registration)
        )
        if not editable:
            if request.method == "POST":
                flash(_closed(), "warning")
            return _form_page(registration, token, None, project, status=409 if request.method == "POST" else 200)
        form = ProjectForm()
        if request.method == "GET":
            form.fill(services.submission_of(project))
        if form.validate_on_submit():
            try:
                services.update(project, registration, form.submission())
            except services.CallClosed:
                flash(_closed(), "warning")
                return _form_page(registration, token, None, project, status=409)
            db.session.commit()
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("projects.edit_project", slug=slug, token=token, project_id=project.id), code=303)
        return _form_page(registration, token, form, project, status=422 if form.is_submitted() else 200)


@bp.post("/events/<slug>/registration/<token>/projects/<int:project_id>/carry")
@public
def carry_project(slug: str, token: str, project_id: int):
    """Carry a project submitted to an earlier meeting's call to this one (a new version)."""
    registration = _registration_or_404(slug, token)
    with force_locale(_language(registration)):
        here = url_for("projects.my_projects", slug=slug, token=token)
        earlier = next((p for p in services.earlier_projects(registration) if p.id == project_id), None)
        if earlier is None or not EmptyForm().validate_on_submit():
            flash(_("This project cannot be carried to this call."), "warning")
            return redirect(here, code=303)
        try:
            project = services.carry_forward(registration, earlier, language=registration.language)
        except (services.CallClosed, services.NotAllowed):
            flash(_closed(), "warning")
            return redirect(here, code=303)
        db.session.commit()
        flash(_("The project is carried to this call: check it and change what is new."), "success")
        return redirect(url_for("projects.edit_project", slug=slug, token=token, project_id=project.id), code=303)
