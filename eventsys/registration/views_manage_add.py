"""Organizers add registrations: one at a time (a VIP; a walk-in at the desk, registered, confirmed
and given a badge in one flow) and a delegation's list from a CSV or XLSX file (upload, a preview
that writes nothing, then the import).

Who: adding one registration is open to the event's organizers and its check-in staff, who run the
desk where walk-ins arrive; importing a list is for organizers only. Both hold the event's seat rules.
"""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.db import db
from eventsys.events.permissions import event_permission_required
from eventsys.i18n import current_language
from eventsys.registration import adding, importing, services
from eventsys.registration.errors import InvalidRegistration
from eventsys.registration.forms import ImportConfirmForm, ImportUploadForm, OrganizerRegistrationForm, build_form
from eventsys.registration.import_files import (
    ImportFileError,
    discard_upload,
    keep_upload,
    load_upload,
    max_bytes,
    read_file,
    template_csv,
    template_xlsx,
)
from eventsys.registration.import_values import STANDARD, column_help, label_of, map_columns
from eventsys.registration.models import Registration, RegistrationStatus
from eventsys.registration.views import bp

BASE = "/manage/events/<slug>/registrations"
DESK = (Role.ORGANIZER, Role.CHECKIN_STAFF)


def route_allows(endpoint: str, event) -> bool:
    """Whether the signed-in user passes the permission declared on `endpoint`'s route for this
    event, so a button is shown only where it leads somewhere. A route without a declaration counts
    as organizers only, which is what organizer pages checked before declarations."""
    view = current_app.view_functions.get(endpoint)
    if view is None:
        return False
    permission = getattr(view, "permission", None)
    kind = getattr(permission, "kind", "")
    if kind in ("public", "signed_in"):
        return True
    if kind == "admin":
        return current_user.is_admin
    roles = tuple(Role(r) for r in permission.roles) if kind == "event" else (Role.ORGANIZER,)
    return current_user.has_role(event, *roles)


def _added_message(registration: Registration, mailed: bool) -> str:
    name = registration.full_name
    if registration.status == RegistrationStatus.CONFIRMED:
        message = _("%(name)s is registered and confirmed.", name=name)
    elif registration.status == RegistrationStatus.WAITLISTED:
        message = _("%(name)s is on the waiting list: no seat is free.", name=name)
    else:
        message = _("%(name)s is registered and waits for a decision.", name=name)
    if mailed:
        message += " " + _("An e-mail was sent to %(email)s.", email=registration.email)
    return message


@bp.route(f"{BASE}/new", methods=["GET", "POST"])
@event_permission_required(*DESK)
def organizer_add(event):
    questions = services.questions_for(event)
    form = build_form(OrganizerRegistrationForm, questions)
    if request.method == "GET":
        form.language.data = current_language()
    status, duplicate, no_seat = 200, None, None
    if request.method == "POST" and form.validate():
        try:
            registration = adding.add_registration(
                event,
                form.to_data(questions),
                actor=current_user._get_current_object(),
                confirm=form.confirm.data,
                waitlist_if_full=form.waitlist_if_full.data,
                mail=form.send_mail.data,
                language=form.language.data,
            )
        except InvalidRegistration as exc:
            form.apply_errors(exc.errors)
            status = 422
        except adding.DuplicateRegistration as exc:
            duplicate = exc.registration
            form.email.errors = [*form.email.errors, str(exc.message)]
            status = 409
        except adding.NoSeat as exc:
            no_seat = str(exc.message)
            status = 409
        else:
            flash(_added_message(registration, form.send_mail.data), "success")
            return redirect(url_for(".organizer_added", slug=event.slug, registration_id=registration.id))
    elif request.method == "POST":
        status = 422
    return render_template(
        "registration/organizer/add.html",
        event=event,
        form=form,
        duplicate=duplicate,
        no_seat=no_seat,
        seats_taken=sum(services.SeatCounter(event).taken.values()),
        may_open=route_allows("registration.organizer_detail", event),
        may_import=route_allows("registration.organizer_import", event),
    ), status


@bp.get(f"{BASE}/<int:registration_id>/added")
@event_permission_required(*DESK)
def organizer_added(event, registration_id: int):
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    # Check-in staff see the registrations they added themselves, not any other by its number.
    added_by = registration.changes[0].actor_user_id if registration.changes else None
    if not current_user.has_role(event, Role.ORGANIZER) and added_by != current_user.id:
        abort(404)
    return render_template(
        "registration/organizer/added.html",
        event=event,
        registration=registration,
        may_print=registration.status == RegistrationStatus.CONFIRMED and route_allows("badges.print_one", event),
        may_open=route_allows("registration.organizer_detail", event),
    )


@bp.route(f"{BASE}/import", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def organizer_import(event):
    form = ImportUploadForm()
    questions = services.questions_for(event)
    status = 200
    if request.method == "POST" and form.validate():
        upload = form.file.data
        try:
            sheet = read_file(upload.read(max_bytes() + 1), limit=max_bytes())
            map_columns(sheet.header, questions)  # no known column: refused now, not at preview
        except ImportFileError as exc:
            form.file.errors = [*form.file.errors, exc.message]
            status = 422
        else:
            token = keep_upload(sheet, event_id=event.id, user_id=current_user.id, filename=upload.filename or "")
            return redirect(url_for(".organizer_import_preview", slug=event.slug, token=token), 303)
    elif request.method == "POST":
        status = 422
    return render_template(
        "registration/organizer/import.html",
        event=event,
        form=form,
        columns=column_help(questions),
        limit_mb=f"{max_bytes() / 1024 / 1024:g}",
    ), status


def _imported_message(counts: dict[str, int]) -> str:
    return _(
        "Imported: %(created)d new (%(confirmed)d confirmed, %(waitlisted)d on the waiting list), "
        "%(updated)d updated, %(unchanged)d unchanged, %(refused)d refused.",
        **counts,
    )


@bp.route(f"{BASE}/import/<token>", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def organizer_import_preview(event, token: str):
    kept = load_upload(token, event_id=event.id, user_id=current_user.id)
    if kept is None:
        flash(
            _("That upload is no longer available (uploads are kept for two hours). Upload the file again."), "warning"
        )
        return redirect(url_for(".organizer_import", slug=event.slug))
    sheet, filename = kept
    form = ImportConfirmForm()
    status = 200
    if request.method == "POST" and request.form.get("action") == "cancel":
        discard_upload(token)
        flash(_("Import cancelled: nothing was imported."), "info")
        return redirect(url_for(".organizer_list", slug=event.slug))
    if request.method == "POST" and form.validate():
        try:
            plan = importing.run_import(
                event,
                sheet,
                actor=current_user._get_current_object(),
                mail=form.send_mail.data,
                filename=filename,
                expected=form.digest.data or "",
            )
        except importing.PlanChanged as exc:
            flash(str(exc.message), "warning")
            status = 409
        else:
            discard_upload(token)
            flash(_imported_message(plan.counts), "success")
            return redirect(url_for(".organizer_list", slug=event.slug))
    elif request.method == "POST":
        status = 422
    try:
        plan = importing.plan_import(event, sheet)
    except ImportFileError as exc:  # the event's questions changed since the upload
        discard_upload(token)
        flash(exc.message, "danger")
        return redirect(url_for(".organizer_import", slug=event.slug))
    form.digest.data = plan.digest()
    questions = {q.key: q for q in services.questions_for(event)}
    return render_template(
        "registration/organizer/import_preview.html",
        event=event,
        plan=plan,
        form=form,
        filename=filename,
        labels={name: label_of(name, questions) for name in [*STANDARD, "answers"]},
    ), status


@bp.get(f"{BASE}/import-template.<any(csv, xlsx):fmt>")
@event_permission_required(Role.ORGANIZER)
def organizer_import_template(event, fmt: str):
    questions = services.questions_for(event)
    columns = [*STANDARD, *(q.key for q in questions)]
    if fmt == "csv":
        body, mimetype = template_csv(columns), "text/csv"
    else:
        help_rows = [(name, _("yes") if required else "", text) for name, required, text in column_help(questions)]
        body = template_xlsx(columns, help_rows)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{event.slug}-registrations-template.{fmt}"'},
    )
