"""Organizer pages: the event's documents (issue, mail, download, revoke), the bulk issue with a
progress bar, who signs and the images, and the layout editor with its preview."""

from __future__ import annotations

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from eventsys.accounts.models import Role
from eventsys.db import db
from eventsys.documents import images, letters, preview, rendering, services, setup
from eventsys.documents.forms import ConfirmForm, LayoutForm, RevokeForm, SettingsForm
from eventsys.documents.models import Document, DocumentKind
from eventsys.documents.views import bp
from eventsys.events.permissions import event_permission_required
from eventsys.i18n import current_language
from eventsys.jobs.models import Job
from eventsys.jobs.services import event_job, job_status, start_job
from eventsys.registration.models import Registration


def _document_or_404(event, document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None or document.event_id != event.id:
        abort(404)
    return document


def _registration_or_404(event, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    return registration


def _kind_or_404(kind: str) -> DocumentKind:
    try:
        return DocumentKind(kind)
    except ValueError:
        abort(404)


@bp.get("/")
@event_permission_required(Role.ORGANIZER)
def index(event):
    kind, query = request.args.get("kind", ""), request.args.get("q", "")
    documents = services.event_documents(event, kind, query)
    certified = {
        d.registration_id
        for d in db.session.scalars(
            select(Document).where(
                Document.event_id == event.id,
                Document.kind == DocumentKind.CERTIFICATE,
                Document.revoked_at.is_(None),
            )
        )
    }
    attendees = services.attendees(event)
    return render_template(
        "documents/index.html",
        event=event,
        documents=documents,
        kind=kind,
        query=query,
        attendees=[r for r in attendees if r.id not in certified],
        attendee_count=len(attendees),
        certified_count=len(certified),
        form=ConfirmForm(formdata=None),
    )


@bp.post("/registrations/<int:registration_id>/certificate")
@event_permission_required(Role.ORGANIZER)
def issue_one(event, registration_id: int):
    registration = _registration_or_404(event, registration_id)
    try:
        issued = services.issue_certificate(registration, actor=current_user)
    except services.DocumentError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(url_for(".index", slug=event.slug))
    db.session.commit()
    messages = {
        "issued": _(
            "Certificate issued for %(name)s (code %(code)s).", name=registration.full_name, code=issued.document.code
        ),
        "replaced": _(
            "Certificate re-issued for %(name)s: their attendance grew. The old certificate is revoked as replaced.",
            name=registration.full_name,
        ),
        "unchanged": _("%(name)s already has a current certificate.", name=registration.full_name),
    }
    flash(messages[issued.outcome], "success" if issued.outcome != "unchanged" else "info")
    return redirect(url_for(".document_page", slug=event.slug, document_id=issued.document.id))


@bp.post("/certificates")
@event_permission_required(Role.ORGANIZER)
def issue_all(event):
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash(_("The request was not valid: please try again from this page."), "danger")
        return redirect(url_for(".index", slug=event.slug))
    if not services.attendees(event):
        flash(_("Nobody has been checked in yet: there is no certificate to issue."), "warning")
        return redirect(url_for(".index", slug=event.slug))
    job = start_job(
        "certificates",
        "eventsys.documents.jobs:issue_certificates_job",
        user=current_user,
        event=event,
        event_id=event.id,
        user_id=current_user.id,
        mail=bool(form.mail.data),
        ip=request.remote_addr,
    )
    return redirect(url_for(".job_page", slug=event.slug, job_id=job.id))


def _job_for(event, job_id: str) -> Job:
    job = event_job(event, job_id, "certificates")
    if job is None:
        abort(404)
    return job


@bp.get("/jobs/<job_id>")
@event_permission_required(Role.ORGANIZER)
def job_page(event, job_id: str):
    job = _job_for(event, job_id)
    return render_template("documents/job.html", event=event, job=job_status(job.id))


@bp.get("/jobs/<job_id>.json")
@event_permission_required(Role.ORGANIZER)
def job_json(event, job_id: str):
    return jsonify(job_status(_job_for(event, job_id).id))


@bp.post("/certificates/mail")
@event_permission_required(Role.ORGANIZER)
def mail_all(event):
    count = services.mail_certificates(event, actor=current_user)
    db.session.commit()
    if count:
        flash(_("Certificates mailed: %(count)s, each in its holder's language.", count=count), "success")
    else:
        flash(_("There is no current certificate to mail."), "warning")
    return redirect(url_for(".index", slug=event.slug))


@bp.get("/<int:document_id>")
@event_permission_required(Role.ORGANIZER)
def document_page(event, document_id: int):
    return _document_page(event, _document_or_404(event, document_id))


def _document_page(event, document, form=None, status: int = 200):
    from eventsys.documents import facts

    return render_template(
        "documents/document.html",
        event=event,
        document=document,
        shown=facts.shown(document, current_language()),
        available=rendering.letter_available(document),
        form=form or RevokeForm(formdata=None),
        can_reissue=letters.can_reissue(document),
        superseded_by=db.session.get(Document, document.superseded_by_id) if document.superseded_by_id else None,
    ), status


@bp.get("/<int:document_id>.pdf")
@event_permission_required(Role.ORGANIZER)
def download(event, document_id: int):
    document = _document_or_404(event, document_id)
    if not rendering.letter_available(document):
        abort(404)
    return Response(
        rendering.render_document_pdf(document),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{services.document_filename(document)}"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.post("/<int:document_id>/revoke")
@event_permission_required(Role.ORGANIZER)
def revoke(event, document_id: int):
    document = _document_or_404(event, document_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        return _document_page(event, document, form, 422)
    try:
        services.revoke(document, form.reason.data, actor=current_user)
    except services.DocumentError as exc:
        db.session.rollback()
        form.form_errors.append(str(exc))
        return _document_page(event, document, form, 422)
    db.session.commit()
    flash(_("Document %(code)s revoked: the verify page says so from now on.", code=document.code), "success")
    return redirect(url_for(".document_page", slug=event.slug, document_id=document.id))


@bp.post("/<int:document_id>/reissue")
@event_permission_required(Role.ORGANIZER)
def reissue(event, document_id: int):
    """A new letter after a revoked one (documents.letters.reissue_letter)."""
    document = _document_or_404(event, document_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The request was not valid: please try again from this page."), "danger")
        return redirect(url_for(".document_page", slug=event.slug, document_id=document.id))
    try:
        new = letters.reissue_letter(document, actor=current_user)
    except services.DocumentError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(url_for(".document_page", slug=event.slug, document_id=document.id))
    db.session.commit()
    flash(_("New letter %(code)s issued and mailed to the delegate.", code=new.code), "success")
    return redirect(url_for(".document_page", slug=event.slug, document_id=new.id), code=303)


@bp.post("/<int:document_id>/mail")
@event_permission_required(Role.ORGANIZER)
def mail_one(event, document_id: int):
    document = _document_or_404(event, document_id)
    try:
        services.mail_document(document, actor=current_user)
    except services.DocumentError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(url_for(".document_page", slug=event.slug, document_id=document.id))
    db.session.commit()
    flash(_("Mailed to its holder, in their language."), "success")
    return redirect(url_for(".document_page", slug=event.slug, document_id=document.id))


# --- who signs, the images -------------------------------------------------------------------------


@bp.route("/settings", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def settings(event):
    current = services.settings_or_defaults(event)
    form = SettingsForm(obj=current) if request.method == "GET" else SettingsForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return _settings_page(event, current, form, 422)
        uploads = {}
        for name in ("logo", "signature"):
            upload = form[name].data
            uploads[name] = upload.read() if upload and getattr(upload, "filename", "") else None
        try:
            setup.save_settings(
                event,
                {name: form[name].data for name in setup.TEXT_FIELDS},
                actor=current_user,
                logo=uploads["logo"],
                signature=uploads["signature"],
                remove_logo=form.remove_logo.data,
                remove_signature=form.remove_signature.data,
            )
        except images.ImageRefused as exc:
            db.session.rollback()
            field = "logo" if uploads["logo"] is not None and _refuses(uploads["logo"]) else "signature"
            form[field].errors = [str(exc)]
            return _settings_page(event, services.settings_or_defaults(event), form, 422)
        db.session.commit()
        flash(_("Saved: new documents carry these details."), "success")
        return redirect(url_for(".settings", slug=event.slug))
    return _settings_page(event, current, form)


def _refuses(data: bytes) -> bool:
    try:
        images.check_image(data)
    except images.ImageRefused:
        return True
    return False


def _settings_page(event, current, form, status: int = 200):
    return render_template(
        "documents/settings.html",
        event=event,
        form=form,
        logo=rendering.data_uri(current.logo_type, current.logo) if current.logo else "",
        signature=rendering.data_uri(current.signature_type, current.signature) if current.signature else "",
    ), status


# --- layouts ---------------------------------------------------------------------------------------


@bp.route("/layouts/<kind>", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def layout(event, kind: str):
    document_kind = _kind_or_404(kind)
    saved = setup.get_layout(event, document_kind)
    form = LayoutForm(formdata=None, source=saved.source if saved else rendering.default_layout(document_kind))
    asked = request.values.get("language")
    language = asked if asked in ("en", "th") else current_language()
    delegate = _preview_delegate(event)
    if request.method == "GET":
        return _layout_page(event, document_kind, form, saved, language, delegate)
    form = LayoutForm()
    action = request.form.get("action", "preview")
    if action == "reset":
        setup.reset_layout(event, document_kind, actor=current_user)
        db.session.commit()
        flash(_("The default layout is back."), "success")
        return redirect(url_for(".layout", slug=event.slug, kind=kind))
    if not form.validate_on_submit():
        return _layout_page(event, document_kind, form, saved, language, delegate, status=422)
    try:
        if action == "save":
            setup.save_layout(event, document_kind, form.source.data, actor=current_user)
            db.session.commit()
            flash(_("Layout saved: documents rendered from now on use it."), "success")
            return redirect(url_for(".layout", slug=event.slug, kind=kind, language=language))
        document, details = rendering.sample_document(event, document_kind, language, delegate)
        pdf = rendering.render_document_pdf(document, source=form.source.data, details=details, sample=True)
    except rendering.LayoutError as exc:
        db.session.rollback()
        form.source.errors = [str(exc)]
        return _layout_page(event, document_kind, form, saved, language, delegate, status=422)
    if action == "pdf":
        return Response(
            pdf, mimetype="application/pdf", headers={"Content-Disposition": 'inline; filename="preview.pdf"'}
        )
    return _layout_page(event, document_kind, form, saved, language, delegate, pages=preview.page_images(pdf))


def _preview_delegate(event) -> Registration | None:
    """A real delegate for the preview: the first one checked in, else none (a sample is shown)."""
    people = services.attendees(event)
    return people[0] if people else None


def _layout_page(event, kind, form, saved, language, delegate, pages=None, status: int = 200):
    return render_template(
        "documents/layout.html",
        event=event,
        kind=kind,
        form=form,
        saved=saved,
        language=language,
        delegate=delegate,
        pages=pages,
    ), status
