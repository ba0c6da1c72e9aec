"""A delegate's matchmaking pages: their meetings and profile, the directory of participants, the
request form, and the answers (accept, decline, cancel).

Reached by the delegate's signed manage link or their personal agenda link (either token works in
the address; both are signed, with different salts). The link is its own permission, as on the
manage page: every route is public, and a forged or voided link is a 404.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from eventsys.accounts.permissions import public
from eventsys.agenda import personal as agenda_personal
from eventsys.db import db, utcnow
from eventsys.events.services import EventNotFound, get_event
from eventsys.i18n import LANG_COOKIE, LOCALES, format_moment
from eventsys.inputs import db_id
from eventsys.matchmaking import services, setup
from eventsys.matchmaking.forms import ActionForm, DirectoryFilter, ProfileForm, RequestForm
from eventsys.matchmaking.models import MatchmakingParticipant, Meeting, MeetingStatus
from eventsys.matchmaking.setup import MatchmakingError
from eventsys.matchmaking.views import bp
from eventsys.registration.choices import category_label
from eventsys.registration.tokens import registration_from_manage_token

PREFIX = "/events/<slug>/matchmaking/<token>"


def _delegate(slug: str, token: str):
    """The registration the link names: a manage link, else a personal agenda link; 404 otherwise."""
    try:
        event = get_event(slug)
    except EventNotFound:
        abort(404)
    registration = registration_from_manage_token(token)
    if registration is None or registration.event_id != event.id:
        registration = agenda_personal.registration_by_token(event, token)
    if registration is None or registration.is_erased:
        abort(404)
    return event, registration


def _language(registration) -> str:
    """The page's language: the one asked for (?lang=, the language switch), else the delegate's own."""
    asked = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked in LOCALES:
        return asked
    return registration.language if registration.language in LOCALES else "en"


def _here(endpoint: str, slug: str, token: str, **values) -> str:
    return url_for(f"matchmaking.{endpoint}", slug=slug, token=token, **values)


def _base(event, registration, token) -> dict:
    return {
        "event": event,
        "registration": registration,
        "token": token,
        "state": setup.state(event),
        "participant": services.participant_of(registration),
        "eligible": services.may_opt_in(registration),
        "category_label": category_label,
    }


def _meetings_page(event, registration, token, form=None, status=200):
    participant = services.participant_of(registration)
    if form is None:
        form = ProfileForm(obj=participant) if participant else ProfileForm()
    meetings = services.meetings_of(registration)
    now = utcnow()
    return render_template(
        "matchmaking/my_meetings.html",
        form=form,
        action_form=ActionForm(),
        meetings=meetings,
        to_answer=[m for m in meetings if m.status == MeetingStatus.PENDING and m.invitee_id == registration.id],
        accepted=[m for m in meetings if m.status == MeetingStatus.ACCEPTED],
        others=[
            m
            for m in meetings
            if not (m.status == MeetingStatus.PENDING and m.invitee_id == registration.id)
            and m.status != MeetingStatus.ACCEPTED
        ],
        now=now,
        **_base(event, registration, token),
    ), status


@bp.route(PREFIX)
@public
def my_meetings(slug: str, token: str):
    event, registration = _delegate(slug, token)
    with force_locale(_language(registration)):
        return _meetings_page(event, registration, token)


@bp.post(PREFIX + "/profile")
@public
def save_profile(slug: str, token: str):
    event, registration = _delegate(slug, token)
    with force_locale(_language(registration)):
        if not services.may_opt_in(registration):
            flash(_("Matchmaking is for confirmed city representatives, solution providers and partners."), "warning")
            return _meetings_page(event, registration, token, status=403)
        form = ProfileForm()
        if not form.validate():
            return _meetings_page(event, registration, token, form=form, status=422)
        was_in = services.participant_of(registration) is not None
        try:
            services.save_profile(
                registration,
                offers_en=form.offers_en.data,
                offers_th=form.offers_th.data,
                seeks_en=form.seeks_en.data,
                seeks_th=form.seeks_th.data,
            )
        except MatchmakingError as exc:
            flash(str(exc), "danger")
            return _meetings_page(event, registration, token, form=form, status=409)
        flash(_("Your profile is saved.") if was_in else _("You are in the matchmaking directory."), "success")
        return redirect(_here("my_meetings", slug, token), code=303)


@bp.post(PREFIX + "/opt-out")
@public
def opt_out(slug: str, token: str):
    _event, registration = _delegate(slug, token)
    with force_locale(_language(registration)):
        if not ActionForm().validate():
            abort(400)
        cancelled = services.opt_out(registration)
        flash(_("You left the matchmaking directory."), "info")
        if cancelled:
            flash(_("Your meetings not yet held were cancelled; the other side is told by mail."), "info")
        return redirect(_here("my_meetings", slug, token), code=303)


@bp.route(PREFIX + "/directory")
@public
def directory(slug: str, token: str):
    event, registration = _delegate(slug, token)
    with force_locale(_language(registration)):
        filters = DirectoryFilter(request.args)
        filters.category.choices = [("", _("Everyone"))] + [
            (c.value, category_label(c)) for c in services.OPT_IN_CATEGORIES
        ]
        filters.validate()
        context = _base(event, registration, token)
        if context["participant"] is None:
            # The directory is for those in it: who is not in it is shown how to join.
            return render_template("matchmaking/directory.html", filters=filters, people=[], **context), 403
        people = services.directory(event, registration, filters.q.data or "", filters.category.data or "")
        projects = services.project_contacts(event, registration)
        return render_template(
            "matchmaking/directory.html", filters=filters, people=people, projects=projects, **context
        )


def _slot_choices(event) -> list[tuple[int, str]]:
    now = utcnow()
    return [
        (s.id, _("%(when)s (%(minutes)d min)", when=format_moment(s.starts_at, event.timezone), minutes=s.minutes))
        for s in setup.slots(event)
        if s.starts_at > now
    ]


@bp.route(PREFIX + "/request/<int:participant_id>", methods=["GET", "POST"])
@public
def request_meeting(slug: str, token: str, participant_id: int):
    event, registration = _delegate(slug, token)
    with force_locale(_language(registration)):
        other = db.session.get(MatchmakingParticipant, participant_id)
        if other is None or other.event_id != event.id or other.registration_id == registration.id:
            abort(404)
        context = _base(event, registration, token)
        project_id = request.values.get("project", type=db_id)
        project = next((p for p, c in services.project_contacts(event) if p.id == project_id and c is other), None)
        form = RequestForm()
        form.slot_id.choices = _slot_choices(event)
        status = 200
        if context["participant"] is None:
            flash(_("Opt in to matchmaking before you request meetings."), "warning")
            status = 403
        elif request.method == "POST":
            if form.validate() and form.slot_id.data in dict(form.slot_id.choices):
                try:
                    services.request_meeting(
                        registration,
                        other,
                        form.slot_id.data,
                        form.message.data or "",
                        project_id=project.id if project else None,
                    )
                except MatchmakingError as exc:
                    flash(str(exc), "danger")
                    status = 409
                else:
                    flash(_("Your request is sent to %(name)s.", name=other.registration.full_name), "success")
                    return redirect(_here("my_meetings", slug, token), code=303)
            else:
                if not form.slot_id.errors:
                    form.slot_id.errors = [_("Choose one of the slots.")]
                status = 422
        return render_template("matchmaking/request.html", form=form, other=other, project=project, **context), status


@bp.post(PREFIX + "/meetings/<int:meeting_id>")
@public
def answer(slug: str, token: str, meeting_id: int):
    event, registration = _delegate(slug, token)
    with force_locale(_language(registration)):
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is None or registration.id not in (meeting.requester_id, meeting.invitee_id):
            abort(404)
        if not ActionForm().validate():
            abort(400)
        action = request.form.get("action")
        try:
            if action == "accept":
                meeting = services.accept(meeting.id, registration.id)
                flash(_("Meeting accepted: table %(table)s.", table=meeting.table.name), "success")
            elif action == "decline":
                services.decline(meeting, registration)
                flash(_("Request declined; %(name)s is told.", name=meeting.requester.full_name), "info")
            elif action == "cancel":
                services.cancel(meeting, registration)
                flash(_("Meeting cancelled; the other side is told."), "info")
            else:
                abort(400)
        except MatchmakingError as exc:
            flash(str(exc), "danger")
            return _meetings_page(event, registration, token, status=409)
        return redirect(_here("my_meetings", slug, token) + f"#meeting-{meeting_id}", code=303)
