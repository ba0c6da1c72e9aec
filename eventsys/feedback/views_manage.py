"""The organizers' feedback pages of an event: the survey's settings and invitations, the results
as charts, and their CSV."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.audit.services import record
from eventsys.db import db
from eventsys.events.permissions import event_permission_required
from eventsys.feedback import invitations, results, services
from eventsys.feedback.forms import SendForm, SettingsForm
from eventsys.feedback.views import bp
from eventsys.jobs.services import job_status
from eventsys.spreadsheets import csv_bytes


@bp.route("/manage/events/<slug>/feedback")
@event_permission_required(Role.ORGANIZER)
def results_page(event):
    survey = services.survey_for(event)
    return render_template(
        "feedback/results.html",
        event=event,
        survey=survey,
        state=services.state(survey, event),
        closes_on=services.closes_on(survey, event),
        found=results.event_results(event),
    )


@bp.route("/manage/events/<slug>/feedback.csv")
@event_permission_required(Role.ORGANIZER)
def export_csv(event):
    results.record_export(event, actor=current_user)
    return Response(
        csv_bytes(results.csv_rows(event)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{event.slug}-feedback.csv"'},
    )


def _settings_page(event, form, status=200):
    survey = services.survey_for(event)
    job = job_status(survey.invitations_job_id) if survey is not None and survey.invitations_job_id else None
    return render_template(
        "feedback/settings.html",
        event=event,
        survey=survey,
        form=form,
        send_form=SendForm(),
        state=services.state(survey, event),
        opens_at=services.opens_at(survey, event),
        job=job,
        invited=invitations.invited_count(event),
        waiting=invitations.waiting(event),
        opted_out=invitations.opted_out(event),
    ), status


@bp.route("/manage/events/<slug>/feedback/settings", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def settings(event):
    survey = services.survey_for(event)
    form = SettingsForm()
    if request.method == "GET" and survey is not None:
        form.opens_on.data = survey.opens_at.astimezone(event.zone).date() if survey.opens_at else None
        form.closes_on.data = services.closes_on(survey, event)
        form.question_en.data, form.question_th.data = survey.question_en, survey.question_th
    if form.validate_on_submit():
        saved = services.save_settings(
            event,
            opens_on=form.opens_on.data,
            closes_on_day=form.closes_on.data,
            question_en=form.question_en.data or "",
            question_th=form.question_th.data or "",
        )
        record(
            "settings.change",
            actor=current_user,
            event=event,
            target_type="event",
            targets=[event.id],
            setting="feedback_survey",
            opens_at=saved.opens_at.isoformat() if saved.opens_at else "at the end of the event",
            closes_at=saved.closes_at.isoformat(),
        )
        db.session.commit()
        flash(_("Survey settings saved."), "success")
        return redirect(url_for("feedback.settings", slug=event.slug), code=303)
    return _settings_page(event, form, 422 if form.is_submitted() else 200)


@bp.post("/manage/events/<slug>/feedback/send")
@event_permission_required(Role.ORGANIZER)
def send(event):
    form = SendForm()
    if not form.validate_on_submit():
        flash(_("The form expired; please try again."), "warning")
        return redirect(url_for("feedback.settings", slug=event.slug), code=303)
    try:
        invitations.start_sending(event, user=current_user)
    except invitations.NotReady:
        flash(_("Set the closing date first; invitations go out only while the survey can be answered."), "warning")
    else:
        flash(_("Sending the invitations: the count below shows how many were queued."), "info")
    return redirect(url_for("feedback.settings", slug=event.slug), code=303)
