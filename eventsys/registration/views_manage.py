"""Organizer pages: the registrations list, bulk decisions, exports, settings, questions, invitations."""

from __future__ import annotations

import datetime as dt

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.db import db
from eventsys.events.models import Event, RegistrationMode
from eventsys.events.permissions import event_permission_required
from eventsys.i18n import country_name
from eventsys.inputs import db_ids
from eventsys.registration import bulk, exports, listing, services, settings
from eventsys.registration.choices import CATEGORY_LABELS, STATUS_LABELS, city_choices
from eventsys.registration.errors import InvalidRegistration
from eventsys.registration.forms import (
    BulkDecisionForm,
    DecisionForm,
    InvitationForm,
    QuestionForm,
    UndoForm,
    build_settings_form,
    category_or_none,
)
from eventsys.registration.models import QuestionKind, Registration, RegistrationCategory
from eventsys.registration.views import bp

BASE = "/manage/events/<slug>"


@bp.route(f"{BASE}/registrations")
@event_permission_required(Role.ORGANIZER)
def organizer_list(event: Event):
    questions = services.questions_for(event)
    filt = listing.RegistrationFilter.from_args(request.args, questions)
    page = listing.list_page(event, filt, questions)
    counts = listing.counts(event)
    return render_template(
        "registration/organizer/list.html",
        event=event,
        page=page,
        filt=filt,
        questions=questions,
        counts=counts,
        form=BulkDecisionForm(expected=page.total),
        undo_entry=bulk.undoable(event, current_user),
        undo_form=UndoForm(),
        undo_until=bulk.undo_until,
        categories=CATEGORY_LABELS,
        statuses=STATUS_LABELS,
        cities=city_choices(),
        countries=[(code, country_name(code)) for code, _n in counts.by_country],
        QuestionKind=QuestionKind,
        chart_data=listing.chart_data(counts),
    )


@bp.post(f"{BASE}/registrations/decide")
@event_permission_required(Role.ORGANIZER)
def organizer_decide(event: Event):
    form = DecisionForm()
    ids = db_ids(request.form.getlist("ids"))
    back = request.form.get("back", "")
    target = back if back.startswith("/manage/") else url_for("registration.organizer_list", slug=event.slug)
    if not form.validate() or not ids:
        flash(_("Select at least one registration."), "warning")
        return redirect(target)
    reason = form.reason.data or ""
    if request.form.get("action") == "reject":
        outcome = services.reject(event, ids, actor=current_user, reason=reason)
        flash(
            _(
                "%(n)d rejected, %(p)d promoted from the waiting list, %(s)d unchanged.",
                n=len(outcome["rejected"]),
                p=len(outcome["promoted"]),
                s=len(outcome["skipped"]),
            ),
            "success",
        )
    else:
        outcome = services.approve(event, ids, actor=current_user, reason=reason)
        flash(
            _(
                "%(n)d confirmed, %(w)d waitlisted (no seat free), %(s)d unchanged.",
                n=len(outcome["confirmed"]),
                w=len(outcome["waitlisted"]),
                s=len(outcome["skipped"]),
            ),
            "success",
        )
    return redirect(target)


def _decision_message(decision: str, outcome: dict) -> str:
    if decision == "reject":
        return _(
            "%(n)d rejected, %(p)d promoted from the waiting list, %(s)d unchanged.",
            n=len(outcome["rejected"]),
            p=len(outcome["promoted"]),
            s=len(outcome["skipped"]),
        )
    return _(
        "%(n)d confirmed, %(w)d waitlisted (no seat free), %(s)d unchanged.",
        n=len(outcome["confirmed"]),
        w=len(outcome["waitlisted"]),
        s=len(outcome["skipped"]),
    )


@bp.post(f"{BASE}/registrations/bulk")
@event_permission_required(Role.ORGANIZER)
def organizer_bulk_decide(event: Event):
    """The list's decision: the rows ticked, or every registration the filter in this address
    matches now. Its mails wait a minute, during which the organizer may undo it."""
    form = BulkDecisionForm()
    questions = services.questions_for(event)
    filt = listing.RegistrationFilter.from_args(request.args, questions)
    args = {k: v for k, v in filt.args(questions, page=1).items() if (k, v) != ("sort", "-created")}
    back = url_for("registration.organizer_list", slug=event.slug, **args)
    if not form.validate():
        flash(_("The decision could not be read: try again."), "warning")
        return redirect(back)
    by_filter = form.scope.data == "filter"
    decision = request.form.get("action", "")
    try:
        outcome, entry = bulk.decide(
            event,
            decision,
            actor=current_user,
            reason=form.reason.data or "",
            ids=None if by_filter else db_ids(request.form.getlist("ids")),
            filt=filt if by_filter else None,
            questions=questions,
            expected=form.expected.data if by_filter else None,
        )
    except bulk.BulkRefused as exc:
        flash(exc.message, "warning")
        return redirect(back)
    message = _decision_message(decision, outcome)
    if entry is not None:
        message += " " + _("The delegates are mailed in a minute; until then you can undo this decision.")
    flash(message, "success")
    return redirect(back)


@bp.post(f"{BASE}/registrations/undo")
@event_permission_required(Role.ORGANIZER)
def organizer_undo(event: Event):
    form = UndoForm()
    target = url_for("registration.organizer_list", slug=event.slug)
    if not form.validate():
        flash(_("There is no decision of yours to undo here."), "warning")
        return redirect(target)
    try:
        result = bulk.undo(event, form.entry.data, actor=current_user)
    except bulk.BulkRefused as exc:
        flash(exc.message, "warning")
        return redirect(target)
    flash(
        _(
            "Decision undone: %(n)d registration(s) back to their previous state, %(m)d mail(s) withdrawn "
            "before they were sent. Nobody was mailed.",
            n=len(result["restored"]),
            m=result["mails_withdrawn"],
        ),
        "success",
    )
    if result["kept"]:
        flash(
            _(
                "%(n)d registration(s) had changed since, or their seat was taken, and were left as they are.",
                n=len(result["kept"]),
            ),
            "warning",
        )
    if result["mails_sent"]:
        flash(_("%(n)d mail(s) had already been sent.", n=result["mails_sent"]), "warning")
    return redirect(target)


def _export_rows(event: Event):
    questions = services.questions_for(event)
    filt = listing.RegistrationFilter.from_args(request.args, questions)
    return listing.all_rows(event, filt, questions), questions


def _with_visa() -> bool:
    """The export's "Include visa letter details" box: passport details only when ticked."""
    return request.args.get("visa") in ("1", "y", "yes", "on")


@bp.route(f"{BASE}/registrations.csv")
@event_permission_required(Role.ORGANIZER)
def organizer_export_csv(event: Event):
    rows, questions = _export_rows(event)
    visa = _with_visa()
    exports.record_export(event, rows, actor=current_user, file_format="csv", filters=request.args.to_dict(), visa=visa)
    return Response(
        exports.to_csv(rows, questions, visa=visa),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{event.slug}-registrations.csv"'},
    )


@bp.route(f"{BASE}/registrations.xlsx")
@event_permission_required(Role.ORGANIZER)
def organizer_export_xlsx(event: Event):
    rows, questions = _export_rows(event)
    visa = _with_visa()
    exports.record_export(
        event, rows, actor=current_user, file_format="xlsx", filters=request.args.to_dict(), visa=visa
    )
    return Response(
        exports.to_xlsx(rows, questions, visa=visa),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{event.slug}-registrations.xlsx"'},
    )


@bp.route(f"{BASE}/registrations/<int:registration_id>")
@event_permission_required(Role.ORGANIZER)
def organizer_detail(event: Event, registration_id: int):
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    return render_template(
        "registration/organizer/detail.html", event=event, registration=registration, form=DecisionForm()
    )


@bp.post(f"{BASE}/registrations/<int:registration_id>/erase")
@event_permission_required(Role.ORGANIZER)
def organizer_erase(event: Event, registration_id: int):
    from eventsys.registration.erasure import erase_personal_data

    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    if request.form.get("confirm") != "erase":
        flash(_("Tick the box to confirm that the personal data should be erased."), "warning")
    else:
        erase_personal_data(registration, actor=current_user)
        flash(_("Personal data erased. The registration is kept, anonymised, for the event's figures."), "success")
    return redirect(url_for("registration.organizer_detail", slug=event.slug, registration_id=registration_id))


def _local(value: dt.datetime | None, event: Event):
    return value.astimezone(event.zone).replace(tzinfo=None) if value else None


def _aware(value: dt.datetime | None, event: Event):
    return value.replace(tzinfo=event.zone).astimezone(dt.UTC) if value else None


@bp.route(f"{BASE}/registration-settings", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def organizer_settings(event: Event):
    form = build_settings_form(data=_settings_data(event))
    status = 200
    if form.validate_on_submit():
        try:
            promoted = settings.update_settings(
                event,
                mode=RegistrationMode(form.mode.data),
                opens_at=_aware(form.opens_at.data, event),
                closes_at=_aware(form.closes_at.data, event),
                capacity=form.capacity.data,
                privacy_notice_url=form.privacy_notice_url.data or "",
                actor=current_user,
                category_limits={c: getattr(form, f"cap_{c.value}").data for c in RegistrationCategory},
                confirmed_promotion=db_ids((form.confirm_promotion.data or "").split(",")),
            )
        except InvalidRegistration as exc:
            for name, message in exc.errors.items():
                getattr(form, name).errors = [message]
            status = 422
        except settings.PromotionNotConfirmed as exc:
            # Saving would confirm and mail these people: show them, and save only when confirmed.
            again = bool(form.confirm_promotion.data)
            form.confirm_promotion.data = ",".join(str(person.id) for person in exc.people)
            return render_template(
                "registration/organizer/settings_confirm.html",
                event=event,
                form=form,
                people=exc.people,
                changed_meanwhile=again,
                categories=CATEGORY_LABELS,
            )
        else:
            flash(
                _("Registration settings saved.")
                + (" " + _("%(n)d promoted from the waiting list.", n=len(promoted)) if promoted else ""),
                "success",
            )
            return redirect(url_for("registration.organizer_settings", slug=event.slug))
    elif request.method == "POST":
        status = 422
    return _settings_page(event, form, QuestionForm(formdata=None), status)


def _settings_data(event: Event) -> dict:
    return {
        "mode": event.registration_mode.value,
        "opens_at": _local(event.registration_opens_at, event),
        "closes_at": _local(event.registration_closes_at, event),
        "capacity": event.capacity,
        "privacy_notice_url": event.privacy_notice_url,
        **{f"cap_{c.value}": n for c, n in settings.category_capacities(event).items()},
    }


def _settings_page(event: Event, form, question_form, status: int):
    return render_template(
        "registration/organizer/settings.html",
        event=event,
        form=form,
        questions=services.questions_for(event),
        question_form=question_form,
        categories=CATEGORY_LABELS,
    ), status


@bp.post(f"{BASE}/registration-settings/questions")
@event_permission_required(Role.ORGANIZER)
def organizer_add_question(event: Event):
    form = QuestionForm()
    if form.validate():
        try:
            settings.add_question(
                event,
                key=form.key.data,
                label_en=form.label_en.data,
                label_th=form.label_th.data or "",
                kind=QuestionKind(form.kind.data),
                choices_text=form.choices.data or "",
                required=form.required.data,
            )
        except InvalidRegistration as exc:
            for name, message in exc.errors.items():
                target = form._fields.get(name, form.key)
                target.errors = [*target.errors, message]
        else:
            flash(_("Question added."), "success")
            return redirect(url_for("registration.organizer_settings", slug=event.slug) + "#questions")
    # Sent back with its errors beside the fields (and the summary above them), not as flashes.
    return _settings_page(event, build_settings_form(formdata=None, data=_settings_data(event)), form, 422)


@bp.post(f"{BASE}/registration-settings/questions/<int:question_id>/delete")
@event_permission_required(Role.ORGANIZER)
def organizer_delete_question(event: Event, question_id: int):
    if DecisionForm().validate() and settings.delete_question(event, question_id):
        flash(_("Question deleted, with its answers."), "info")
    return redirect(url_for("registration.organizer_settings", slug=event.slug) + "#questions")


@bp.route(f"{BASE}/invitations", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def organizer_invitations(event: Event):
    form = InvitationForm()
    form.fill_choices()
    if form.validate_on_submit():
        created, refused = settings.invite(
            event,
            form.emails.data.splitlines(),
            category=category_or_none(form.category.data),
            actor=current_user,
            language=form.language.data,
        )
        flash(_("%(n)d invitation(s) sent.", n=len(created)), "success")
        if refused:
            flash(_("Not valid e-mail addresses, not invited: %(list)s", list=", ".join(refused)), "warning")
        return redirect(url_for("registration.organizer_invitations", slug=event.slug))
    return render_template(
        "registration/organizer/invitations.html", event=event, form=form, invitations=settings.invitations(event)
    )
