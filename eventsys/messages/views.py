"""Organizer pages of mail: the event's own mail texts, mail to participants, the event's outbox."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.events.permissions import event_permission_required
from eventsys.jobs.services import job_status
from eventsys.mail import texts
from eventsys.mail.layout import LOGO_CID
from eventsys.messages import campaigns, services
from eventsys.messages.forms import ButtonForm, ComposeForm, MailTextForm
from eventsys.messages.models import CampaignStatus

bp = Blueprint("messages", __name__, url_prefix="/manage/events/<slug>")


def preview_html(html: str) -> str:
    """A mail's HTML as the page shows it (in a sandboxed frame): the logo from this site."""
    return html.replace(f"cid:{LOGO_CID}", url_for("static", filename="img/ascn-logo-mail.png"))


# --- mail texts ---------------------------------------------------------------------------------


@bp.get("/mail/texts")
@event_permission_required(Role.ORGANIZER)
def text_list(event):
    return render_template(
        "messages/texts.html",
        event=event,
        rows=services.text_rows(event),
        languages=services.LANGUAGES,
        language_names=services.LANGUAGE_NAMES,
    )


@bp.route("/mail/texts/<key>/<lang>", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def edit_text(event, key: str, lang: str):
    kind = services.mail_kind(key)
    if kind is None or lang not in services.LANGUAGES:
        abort(404)
    subject, body, customised = texts.text_for(event.id, key, lang)
    registrations = services.preview_registrations(event)
    chosen_id = request.args.get("registration", type=int) if request.method == "GET" else None
    form = MailTextForm(
        data={"subject": subject, "body": body, "registration_id": chosen_id} if request.method == "GET" else None,
        placeholders=kind.placeholders,
        registrations=registrations,
    )
    status, preview = 200, None
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 422
            flash(_("Please correct the marked fields."), "danger")
        elif form.save.data:
            try:
                services.save_text(event, key, lang, form.subject.data, form.body.data, actor=current_user)
            except texts.PlaceholderError as exc:
                form.body.errors = list(exc.errors)
                status = 422
            else:
                flash(_("The text is saved: %(kind)s mails of this event now use it.", kind=kind.label), "success")
                return redirect(url_for(".edit_text", slug=event.slug, key=key, lang=lang))
    registration = services.preview_registration(event, form.registration_id.data)
    if registration is not None:
        if registration.id not in {r.id for r in registrations}:
            form.registration_id.choices.insert(
                0, (registration.id, f"{registration.full_name} · {registration.email}")
            )
        form.registration_id.data = registration.id
        if status == 200:
            try:
                preview = services.preview_text(registration, key, lang, form.subject.data, form.body.data)
            except texts.PlaceholderError as exc:
                form.body.errors = list(exc.errors)
                status = 422
            else:
                preview["html"] = preview_html(preview["html"])
    return render_template(
        "messages/text_edit.html",
        event=event,
        kind=kind,
        lang=lang,
        language_names=services.LANGUAGE_NAMES,
        customised=customised,
        form=form,
        button_form=ButtonForm(),
        preview=preview,
        registration=registration,
    ), status


@bp.post("/mail/texts/<key>/<lang>/reset")
@event_permission_required(Role.ORGANIZER)
def reset_text(event, key: str, lang: str):
    if services.mail_kind(key) is None or lang not in services.LANGUAGES:
        abort(404)
    form = ButtonForm()
    if form.validate_on_submit():
        if services.reset_text(event, key, lang, actor=current_user):
            flash(_("The text is back to the default wording."), "success")
        else:
            flash(_("This text already uses the default wording."), "info")
    return redirect(url_for(".edit_text", slug=event.slug, key=key, lang=lang))


# --- mail to participants -----------------------------------------------------------------------


def _previews(event, draft, found) -> list[dict]:
    """The first recipient's mail, and the first recipient's of the other language if there is one."""
    shown, languages = [], set()
    for registration in found.receiving:
        language = draft.text_in(registration.language)[0]
        if language in languages:
            continue
        preview = campaigns.preview(event, draft, registration)
        preview["html"] = preview_html(preview["html"])
        shown.append(preview)
        languages.add(language)
        if len(languages) == len(found.by_language):
            break
    return shown


def _lines(text: str | None) -> str:
    """A text area's text with the line breaks mail uses (browsers send CR LF)."""
    return (text or "").replace("\r\n", "\n").strip("\n")


@bp.route("/mail", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def compose(event):
    placeholders = campaigns.announcement_placeholders()
    form = ComposeForm(event=event, placeholders=placeholders)
    found, previews, status = None, [], 200
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 422
            flash(_("Please correct the marked fields."), "danger")
        else:
            draft = campaigns.Draft(
                filter=form.recipient_filter(),
                subject_en=form.subject_en.data.strip(),
                body_en=_lines(form.body_en.data),
                subject_th=(form.subject_th.data or "").strip(),
                body_th=_lines(form.body_th.data),
            )
            found = campaigns.recipients(event, draft)
            if form.send.data and found.will_receive:
                if form.digest.data == draft.digest() and form.confirmed_count() == found.will_receive:
                    campaign = campaigns.start(event, draft, actor=current_user)
                    flash(
                        ngettext("Sending to %(num)d person.", "Sending to %(num)d people.", found.will_receive),
                        "success",
                    )
                    return redirect(url_for(".campaign", slug=event.slug, campaign_id=campaign.id))
                flash(
                    _("The mail or who it goes to changed since the preview: check this preview, then send."), "warning"
                )
            elif form.send.data:
                flash(_("Nobody would receive this mail: change the filters."), "warning")
            previews = _previews(event, draft, found)
            form.digest.data = draft.digest()
            form.confirm_count.data = str(found.will_receive)
    return render_template(
        "messages/compose.html",
        event=event,
        form=form,
        placeholders=placeholders,
        found=found,
        previews=previews,
        recent=campaigns.campaigns_of(event, limit=5),
    ), status


def _campaign_or_404(event, campaign_id: int):
    campaign = campaigns.campaign_for(event, campaign_id)
    if campaign is None:
        abort(404)
    return campaign


def _campaign_state(campaign) -> dict:
    job = job_status(campaign.job_id) if campaign.job_id else None
    progress = 100 if campaign.status == CampaignStatus.DONE else (job or {}).get("progress", 0)
    state = {
        "status": campaign.status.value,
        "progress": progress,
        "counts": campaigns.counts(campaign),
        "error": (job or {}).get("error") if campaign.status == CampaignStatus.FAILED else None,
    }
    if (job or {}).get("notice"):  # Redis down: the job runs on this web server, and the page says so
        state["notice"] = job["notice"]
    return state


@bp.get("/mail/<int:campaign_id>")
@event_permission_required(Role.ORGANIZER)
def campaign(event, campaign_id: int):
    campaign = _campaign_or_404(event, campaign_id)
    return render_template(
        "messages/campaign.html",
        event=event,
        campaign=campaign,
        state=_campaign_state(campaign),
        description=campaigns.Draft.of(campaign).filter.describe(event),
        button_form=ButtonForm(),
    )


@bp.get("/mail/<int:campaign_id>.json")
@event_permission_required(Role.ORGANIZER)
def campaign_json(event, campaign_id: int):
    return jsonify(_campaign_state(_campaign_or_404(event, campaign_id)))


@bp.post("/mail/<int:campaign_id>/resume")
@event_permission_required(Role.ORGANIZER)
def resume_campaign(event, campaign_id: int):
    """ "Continue sending" after a failed run: mails go only to whoever has none yet."""
    campaign = _campaign_or_404(event, campaign_id)
    if campaign.status == CampaignStatus.DONE:
        flash(_("This mail was sent to everyone already."), "info")
    elif ButtonForm().validate_on_submit():
        campaigns.restart(campaign, actor=current_user)
    return redirect(url_for(".campaign", slug=event.slug, campaign_id=campaign_id))


# --- the outbox ---------------------------------------------------------------------------------


def kind_label(key: str) -> str:
    if key == campaigns.MAIL_KIND:
        return _("Mail to participants")
    kind = services.mail_kind(key) if key else None
    return str(kind.label) if kind is not None else key


@bp.get("/outbox")
@event_permission_required(Role.ORGANIZER)
def outbox(event):
    status = request.args.get("status", "")
    status = status if status in services.STATUS_VALUES else ""
    campaign_id = request.args.get("campaign", type=int)
    campaign = campaigns.campaign_for(event, campaign_id) if campaign_id else None
    page = services.outbox_page(
        event,
        status=status,
        page=request.args.get("page", 1, type=int),
        campaign_id=campaign.id if campaign is not None else None,
    )
    return render_template(
        "messages/outbox.html",
        event=event,
        counts=services.outbox_counts(event),
        page=page,
        status=status,
        campaign=campaign,
        campaigns=campaigns.campaigns_of(event),
        kind_label=kind_label,
        button_form=ButtonForm(),
    )


@bp.post("/outbox/<int:mail_id>/retry")
@event_permission_required(Role.ORGANIZER)
def retry_mail(event, mail_id: int):
    if ButtonForm().validate_on_submit():
        if services.retry_mail(event, mail_id):
            flash(_("The mail is queued again."), "success")
        else:
            flash(_("This mail has not failed: there is nothing to retry."), "info")
    return redirect(url_for(".outbox", slug=event.slug, status="failed"))


@bp.post("/outbox/retry-failed")
@event_permission_required(Role.ORGANIZER)
def retry_failed(event):
    if ButtonForm().validate_on_submit():
        count = services.retry_failed(event)
        if count:
            flash(ngettext("%(num)d mail is queued again.", "%(num)d mails are queued again.", count), "success")
        else:
            flash(_("No mail of this event has failed."), "info")
    return redirect(url_for(".outbox", slug=event.slug))
