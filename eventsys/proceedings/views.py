"""Organizer pages for the proceedings, the progress JSON, and the public download."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.accounts.permissions import public
from eventsys.db import db
from eventsys.events import services as event_services
from eventsys.events.permissions import event_permission_required
from eventsys.i18n import current_language
from eventsys.jobs.models import Job, JobStatus
from eventsys.jobs.services import job_status
from eventsys.proceedings import services, storage
from eventsys.proceedings.forms import BookOptionsForm, ForewordForm

bp = Blueprint("proceedings", __name__)


def _event_or_404(slug: str):
    try:
        return event_services.get_event(slug)
    except event_services.EventNotFound:
        abort(404)


@bp.route("/manage/events/<slug>/proceedings", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def manage(event):
    form = BookOptionsForm()
    if form.validate_on_submit():
        build, job = services.request_build(event, form.to_options(), user=current_user)
        if job is None:
            flash(
                _(
                    "The book is up to date: version %(version)s already has this content and these options.",
                    version=build.version,
                ),
                "info",
            )
            return redirect(url_for(".manage", slug=event.slug))
        if job.status == JobStatus.FAILED:
            flash(_("The book could not be built. The last good version is still available."), "error")
        return redirect(url_for(".manage", slug=event.slug, job=job.id))
    job_id = request.args.get("job", "")
    return render_template(
        "proceedings/manage.html",
        event=event,
        form=form,
        builds=services.builds(event),
        is_intact=services.is_intact,
        job=job_status(job_id) if _event_job(event, job_id) else None,
    )


def _event_job(event, job_id: str) -> Job | None:
    job = db.session.get(Job, job_id) if job_id and len(job_id) <= 36 else None
    return job if job is not None and job.event_id == event.id and job.kind == services.JOB_KIND else None


@bp.route("/manage/events/<slug>/proceedings/jobs/<job_id>.json")
@event_permission_required(Role.ORGANIZER)
def status(event, job_id: str):
    if _event_job(event, job_id) is None:
        return jsonify({"error": "No such proceedings job."}), 404
    return jsonify(job_status(job_id))


@bp.route("/manage/events/<slug>/proceedings/foreword", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def foreword(event):
    row = services.get_foreword(event)
    form = ForewordForm(obj=row)
    if form.validate_on_submit():
        services.save_foreword(
            event, text_en=form.text_en.data or "", text_th=form.text_th.data or "", signed_by=form.signed_by.data or ""
        )
        flash(_("Foreword saved. Build the book again to include it."), "success")
        return redirect(url_for(".manage", slug=event.slug))
    return render_template("proceedings/foreword.html", event=event, form=form)


@bp.route("/manage/events/<slug>/proceedings/builds/<int:build_id>.pdf")
@event_permission_required(Role.ORGANIZER)
def download(event, build_id: int):
    try:
        build = services.get_build(event, build_id)
    except services.ProceedingsError:
        abort(404)
    if not services.is_intact(build):
        abort(404)
    return send_file(
        storage.absolute(build.file_path), mimetype="application/pdf", download_name=services.download_name(build)
    )


@bp.route("/manage/events/<slug>/proceedings/builds/<int:build_id>/publish", methods=["POST"])
@event_permission_required(Role.ORGANIZER)
def publish(event, build_id: int):
    try:
        build = services.publish(event, build_id, actor=current_user)
    except services.ProceedingsError as exc:
        flash(str(exc), "error")
    else:
        if build.draft:
            flash(
                _(
                    "Version %(version)s is now the published proceedings, but it is a draft: every page "
                    "says DRAFT. Publish a version without the mark once the outcomes are approved.",
                    version=build.version,
                ),
                "warning",
            )
        else:
            flash(_("Version %(version)s is now the published proceedings.", version=build.version), "success")
    return redirect(url_for(".manage", slug=event.slug))


@bp.route("/manage/events/<slug>/proceedings/unpublish", methods=["POST"])
@event_permission_required(Role.ORGANIZER)
def unpublish(event):
    # A row's button names its build (one language comes down); without one, every language does.
    build_id = request.form.get("build_id", type=int)
    services.unpublish(event, actor=current_user, build_id=build_id)
    if build_id is None or not services.published_builds(event):
        flash(_("The proceedings are no longer public."), "success")
    else:
        flash(_("That version is no longer public; the books in other languages still are."), "success")
    return redirect(url_for(".manage", slug=event.slug))


@bp.route("/events/<slug>/proceedings.pdf")
@public
def public_download(slug: str):
    # The reader's language as every page picks it: ?lang=, then the saved choice, then the browser's.
    build = services.published_build(_event_or_404(slug), current_language())
    if build is None:
        abort(404)
    response = send_file(
        storage.absolute(build.file_path), mimetype="application/pdf", download_name=services.download_name(build)
    )
    response.headers["Content-Language"] = "en, th" if build.language == "both" else build.language
    response.vary.update(("Cookie", "Accept-Language"))
    return response


@bp.app_template_global()
def published_proceedings(event):
    """For the event and session pages: the published book in the reader's language, if any."""
    return services.published_build(event, current_language())
