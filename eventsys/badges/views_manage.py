"""Organizer pages: badge design and preview, print runs with a progress bar, desk reprints, and
replacing one person's lost or wrong badge (the only thing that voids a code)."""

from __future__ import annotations

from flask import Response, abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.validators import ValidationError

from eventsys.accounts.models import Role
from eventsys.badges import replacement, services
from eventsys.badges.forms import DesignForm, PrintForm, ReplaceForm
from eventsys.badges.layouts import get_layout
from eventsys.badges.models import Badge
from eventsys.badges.rendering import CATEGORY_COLOURS, fit_badge, sheet_styles, size_class
from eventsys.badges.views import bp
from eventsys.db import db
from eventsys.events.permissions import event_permission_required
from eventsys.jobs.models import Job
from eventsys.jobs.services import event_job, job_status, start_job
from eventsys.registration.models import Registration


def _registration_or_404(event, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    return registration


@bp.get("/")
@event_permission_required(Role.ORGANIZER)
def index(event):
    return _index_page(event)


def _index_page(event, design_form=None, print_form=None, status: int = 200):
    """The badges page; a design or print form sent back with errors is shown with them (and 422)."""
    design = services.get_design(event)
    design_form = design_form or DesignForm(formdata=None, obj=design)
    print_form = print_form or PrintForm(formdata=None, layout=design.layout)
    query = request.args.get("q", "")
    registrations = services.select_registrations(event, services.Selection(status="any", search=query))[:200]
    badges = {
        badge.registration_id: badge
        for badge in db.session.scalars(select(Badge).where(Badge.event_id == event.id, Badge.revoked_at.is_(None)))
    }
    return render_template(
        "badges/index.html",
        event=event,
        design=design,
        design_form=design_form,
        print_form=print_form,
        registrations=registrations,
        badges=badges,
        query=query,
        summary=services.badge_summary(event),
        history=services.print_history(event),
        colours=services.colours(event),
        default_colours=CATEGORY_COLOURS,
    ), status


@bp.post("/design")
@event_permission_required(Role.ORGANIZER)
def save_design(event):
    form = DesignForm()
    if not form.validate_on_submit():
        return _index_page(event, design_form=form, status=422)
    try:
        colours = form.colours_from(request.form)
        services.save_design(
            event,
            layout=form.layout.data,
            colours=colours,
            **{
                name: form[name].data
                for name in (
                    "label_columns",
                    "label_rows",
                    "label_width_mm",
                    "label_height_mm",
                    "margin_top_mm",
                    "margin_left_mm",
                    "gap_mm",
                )
            },
        )
    except (ValidationError, services.BadgeError) as exc:
        db.session.rollback()
        form.form_errors.append(str(exc))
        return _index_page(event, design_form=form, status=422)
    flash(_("Badge design saved."), "success")
    return redirect(url_for(".index", slug=event.slug))


@bp.get("/preview/<int:registration_id>")
@event_permission_required(Role.ORGANIZER)
def preview(event, registration_id: int):
    """The badge as the browser lays it out: the same markup and stylesheet as the PDF."""
    return _preview_page(event, _registration_or_404(event, registration_id))


def _preview_page(event, registration, replace_form=None, status: int = 200):
    """The preview, issuing the person's badge on first sight; a refused replacement shows it again
    (422) without writing anything, so what a first sight would issue is rolled back."""
    design = services.get_design(event)
    layout_name = request.args.get("layout") or services.SINGLE_BADGE_LAYOUTS.get(design.layout, design.layout)
    try:
        layout = get_layout(layout_name, design)
    except ValueError:
        abort(404)
    badge = services.ensure_badge(registration)
    data = services.badge_data(event, [(registration, badge)])[0]
    if replace_form is None:
        db.session.commit()
    view = fit_badge(data, layout)
    page = render_template(
        "badges/preview.html",
        event=event,
        registration=registration,
        badge=badge,
        view=view,
        layout=layout,
        layouts=("a6", "a7", "id1"),
        size_class=size_class,
        styles=sheet_styles([view], layout, services.colours(event), page=False),
        replace_form=replace_form or ReplaceForm(formdata=None),
        revoked=services.revoked_badges(registration),
    )
    if replace_form is not None:
        db.session.rollback()
    return page, status


@bp.post("/registrations/<int:registration_id>/replace")
@event_permission_required(Role.ORGANIZER)
def replace(event, registration_id: int):
    """Replace one person's badge (lost, or wrong): the old code no longer admits anyone, the next
    print carries the new one. Everyone else's badges, and earlier prints of this one, are untouched."""
    registration = _registration_or_404(event, registration_id)
    form = ReplaceForm()
    if not form.validate_on_submit():
        return _preview_page(event, registration, replace_form=form, status=422)
    try:
        badge = replacement.replace_badge(registration, form.reason.data, user=current_user)
    except services.BadgeError as exc:
        db.session.rollback()
        form.form_errors.append(str(exc))
        return _preview_page(event, registration, replace_form=form, status=422)
    flash(
        _(
            "Badge replaced: the old code no longer admits anyone. Print the new badge (serial %(serial)s).",
            serial=badge.serial,
        ),
        "success",
    )
    return redirect(url_for(".preview", slug=event.slug, registration_id=registration.id))


@bp.post("/registrations/<int:registration_id>/print")
@event_permission_required(Role.ORGANIZER, Role.CHECKIN_STAFF)
def print_one(event, registration_id: int):
    """Desk print or reprint: one badge now, as a PDF, with the person's current code (a badge
    already handed out keeps working; replacing a lost one is `replace`)."""
    registration = _registration_or_404(event, registration_id)
    try:
        pdf, _run = services.print_badges(
            event,
            [registration],
            layout_name=request.form.get("layout") or None,
            user=current_user,
            scope="one",
            workers=1,
        )
    except services.BadgeError as exc:
        flash(str(exc), "danger")
        return redirect(url_for(".index", slug=event.slug))
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="badge-{registration.id}.pdf"'},
    )


@bp.post("/print")
@event_permission_required(Role.ORGANIZER)
def print_many(event):
    form = PrintForm()
    if not form.validate_on_submit():
        return _index_page(event, print_form=form, status=422)
    selection = {
        "categories": form.categories.data or [],
        "status": "confirmed",
        "only_unprinted": form.only_unprinted.data,
        "search": form.search.data or "",
    }
    scope = (
        "all" if not (selection["categories"] or selection["only_unprinted"] or selection["search"]) else "selection"
    )
    count = len(
        services.select_registrations(
            event,
            services.Selection(
                categories=tuple(selection["categories"]),
                only_unprinted=selection["only_unprinted"],
                search=selection["search"],
            ),
        )
    )
    if count == 0:
        flash(_("No confirmed registrations match: there is nothing to print."), "warning")
        return redirect(url_for(".index", slug=event.slug))
    job = start_job(
        "badges",
        "eventsys.badges.jobs:print_badges_job",
        user=current_user,
        event=event,
        event_id=event.id,
        user_id=current_user.id,
        selection=selection,
        layout=form.layout.data,
        scope=scope,
        ip=request.remote_addr,
    )
    return redirect(url_for(".job_page", slug=event.slug, job_id=job.id))


def _job_for(event, job_id: str) -> Job:
    job = event_job(event, job_id, "badges")
    if job is None:
        abort(404)
    return job


@bp.get("/jobs/<job_id>")
@event_permission_required(Role.ORGANIZER)
def job_page(event, job_id: str):
    job = _job_for(event, job_id)
    return render_template("badges/job.html", event=event, job=job_status(job.id))


@bp.get("/jobs/<job_id>.json")
@event_permission_required(Role.ORGANIZER)
def job_json(event, job_id: str):
    job = _job_for(event, job_id)
    status = job_status(job.id)
    if status["status"] == "done":
        status["download_url"] = url_for(".download", slug=event.slug, job_id=job.id)
    return jsonify(status)


@bp.get("/jobs/<job_id>/badges.pdf")
@event_permission_required(Role.ORGANIZER)
def download(event, job_id: str):
    from eventsys.badges.jobs import output_path

    job = _job_for(event, job_id)
    path = output_path(job.id)
    if job_status(job.id)["status"] != "done" or not path.is_file():
        abort(404)
    return send_file(
        path, mimetype="application/pdf", as_attachment=True, download_name=f"badges-{event.slug}-{job.id[:8]}.pdf"
    )
