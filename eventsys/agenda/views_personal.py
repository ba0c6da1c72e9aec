"""Personal agendas: reached by a signed link, or without one by whoever this browser is signed in
as (the account that owns the registration, or the address a mailed "My registrations" link proved).

Every route here is public: the signed link is its own permission, and /my-agenda without a link
must not send a delegate, who has no account, to the staff sign-in page. Who is asking is decided
in `_delegate`; a browser that is nobody gets the page that mails them their links.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts.permissions import public
from eventsys.agenda import personal
from eventsys.agenda.exports import icalendar_feed
from eventsys.agenda.published import group_by_day, published_sessions
from eventsys.agenda.services import AgendaError
from eventsys.agenda.views import bp
from eventsys.agenda.views_public import public_event
from eventsys.inputs import db_id
from eventsys.registration.forms import DelegateLinkForm
from eventsys.registration.models import RegistrationStatus
from eventsys.registration.personal_signin import signed_in_email


def _signed_in() -> bool:
    return bool(current_user.is_authenticated or signed_in_email())


def _delegate(event, token: str | None):
    """The registration whose agenda this is, in any state; None when the browser is nobody we know.
    A forged or voided link is a 404."""
    if token:
        registration = personal.registration_by_token(event, token)
        if registration is None:
            abort(404)
        return registration
    return personal.registration_signed_in(event, current_user, signed_in_email())


def _links(event, token: str | None) -> dict:
    if token:
        return {
            "choose": url_for("agenda.choose_by_token", slug=event.slug, token=token),
            "feed": url_for("agenda.feed_by_token", slug=event.slug, token=token),
            "self": url_for("agenda.my_agenda_by_token", slug=event.slug, token=token),
        }
    return {
        "choose": url_for("agenda.choose", slug=event.slug),
        "feed": url_for("agenda.feed", slug=event.slug),
        "self": url_for("agenda.my_agenda", slug=event.slug),
    }


def _feed_context(event, registration) -> dict:
    """The subscription box: the link (made on the first visit), its webcal and Google forms and
    its QR code; or why there is no link to show."""
    feed = personal.ensure_feed(registration)
    secret = personal.feed_secret(feed) if feed is not None else None
    if secret is None:
        return {"feed_state": "legacy" if feed is not None else "off"}
    links = personal.subscribe_links(personal.feed_url(event, secret))
    return {
        "feed_state": "ready",
        "feed": links,
        "feed_qr": personal.qr_svg(links["https"], _("QR code of your calendar link, to scan with your phone")),
    }


def _render(event, registration, token: str | None, status: int = 200):
    if registration is None:
        # Signed in but nothing here is a 404. A visitor we cannot tell apart gets the way in (a
        # 403 if they sent a choice: nothing was saved).
        status = 404 if _signed_in() else (403 if request.method == "POST" else 200)
        return render_template(
            "agenda/my_agenda_none.html", event=event, signed_in=_signed_in(), form=DelegateLinkForm()
        ), status
    sessions = published_sessions(event)
    context = {
        "event": event,
        "registration": registration,
        "links": _links(event, token),
        "days": group_by_day(event, sessions),
        "can_choose": registration.status == RegistrationStatus.CONFIRMED,
        "waiting": registration.status in personal.WAITING,
        "closed": registration.status in personal.CLOSED,
    }
    if context["can_choose"]:
        chosen = personal.chosen_session_ids(registration)
        mine = [s for s in sessions if s.id in chosen]
        context.update(
            chosen=chosen,
            mine=group_by_day(event, mine),
            clashes=personal.clashes(mine),
            counts=personal.signup_counts(event),
            extra_items=personal.personal_items(registration),  # e.g. matchmaking meetings (the hook)
            **_feed_context(event, registration),
        )
    return render_template("agenda/my_agenda.html", **context), status


def _refuse(event, registration, token: str | None):
    """A choice or a calendar link asked for by a delegate who cannot choose (yet): the page, with why."""
    if registration.status in personal.WAITING:
        flash(_("You can choose sessions once your registration is confirmed."), "warning")
    else:
        flash(_("This registration is no longer active, so it has no personal agenda."), "warning")
    return _render(event, registration, token, status=403)


@bp.route("/events/<slug>/my-agenda")
@public
def my_agenda(slug: str):
    event = public_event(slug)
    return _render(event, _delegate(event, None), None)


@bp.route("/events/<slug>/my-agenda/<token>")
@public
def my_agenda_by_token(slug: str, token: str):
    event = public_event(slug)
    return _render(event, _delegate(event, token), token)


def _choose(slug: str, token: str | None):
    event = public_event(slug)
    registration = _delegate(event, token)
    if registration is None:
        return _render(event, None, token)
    if registration.status != RegistrationStatus.CONFIRMED:
        return _refuse(event, registration, token)
    session_id = request.form.get("session_id", type=db_id)
    if session_id is None:
        flash(_("Choose a session."), "danger")
    elif request.form.get("action") == "remove":
        if personal.remove_from_agenda(registration, session_id):
            flash(_("Removed from your agenda."), "info")
    else:
        try:
            personal.add_to_agenda(registration, session_id)
        except AgendaError as exc:
            flash(str(exc), "danger")
            return _render(event, registration, token, status=409)
        flash(_("Added to your agenda."), "success")
    return redirect(_links(event, token)["self"] + (f"#session-{session_id}" if session_id else ""))


@bp.post("/events/<slug>/my-agenda/choose")
@public
def choose(slug: str):
    return _choose(slug, None)


@bp.post("/events/<slug>/my-agenda/<token>/choose")
@public
def choose_by_token(slug: str, token: str):
    return _choose(slug, token)


def _feed(slug: str, token: str | None):
    event = public_event(slug)
    registration = _delegate(event, token)
    if registration is None:
        return _render(event, None, token)
    if registration.status != RegistrationStatus.CONFIRMED:
        return _refuse(event, registration, token)
    if request.form.get("action") == "revoke":
        personal.revoke_feed(registration)
        flash(_("Your calendar link no longer works. Calendars subscribed to it stop updating."), "info")
        return redirect(_links(event, token)["self"] + "#feed-title")
    personal.issue_feed(registration)
    flash(_("Here is your new private calendar link. Any earlier link stopped working."), "success")
    return _render(event, registration, token)


@bp.post("/events/<slug>/my-agenda/feed")
@public
def feed(slug: str):
    return _feed(slug, None)


@bp.post("/events/<slug>/my-agenda/<token>/feed")
@public
def feed_by_token(slug: str, token: str):
    return _feed(slug, token)


@bp.route("/events/<slug>/my-agenda/feed/<secret>.ics")
@public
def personal_feed(slug: str, secret: str):
    event = public_event(slug)
    registration = personal.registration_for_feed(event, secret)
    if registration is None:
        abort(404)
    chosen = personal.chosen_session_ids(registration)
    sessions = [s for s in published_sessions(event) if s.id in chosen]
    # Calendar apps send no language: the feed speaks the delegate's registration language.
    with force_locale(registration.language if registration.language in ("en", "th") else "en"):
        body = icalendar_feed(
            event,
            sessions,
            name=_("My agenda: %(event)s", event=event.title),
            extra_items=personal.personal_items(registration),  # e.g. matchmaking meetings (the hook)
        )
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "private, max-age=300"})
