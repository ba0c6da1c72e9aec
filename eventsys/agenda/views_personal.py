"""Personal agendas: reached by a signed link or by the account that owns the registration."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts.permissions import public, signed_in
from eventsys.agenda import personal
from eventsys.agenda.exports import icalendar_feed
from eventsys.agenda.published import group_by_day, published_sessions
from eventsys.agenda.services import AgendaError
from eventsys.agenda.views import bp
from eventsys.agenda.views_public import public_event
from eventsys.inputs import db_id


def _delegate(event, token: str | None):
    registration = (
        personal.registration_for_token(event, token) if token else personal.registration_for_user(event, current_user)
    )
    if registration is None and token:
        abort(404)
    return registration


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


def _render(event, registration, token: str | None, new_feed_url: str | None = None, status: int = 200):
    if registration is None:
        return render_template("agenda/my_agenda_none.html", event=event), 404
    sessions = published_sessions(event)
    chosen = personal.chosen_session_ids(registration)
    mine = [s for s in sessions if s.id in chosen]
    return render_template(
        "agenda/my_agenda.html",
        event=event,
        registration=registration,
        links=_links(event, token),
        chosen=chosen,
        mine=group_by_day(event, mine),
        overlapping=overlapping(mine),
        days=group_by_day(event, sessions),
        counts=personal.signup_counts(event),
        has_feed=personal.active_feed(registration) is not None,
        new_feed_url=new_feed_url,
    ), status


def overlapping(sessions) -> set[int]:
    """Ids of chosen sessions that run at the same time as another chosen one (breaks aside)."""
    timed = sorted((s for s in sessions if s.type.value not in ("break", "exhibition")), key=lambda s: s.starts_at)
    clashes = set()
    for i, first in enumerate(timed):
        for second in timed[i + 1 :]:
            if second.starts_at >= first.ends_at:
                break
            clashes |= {first.id, second.id}
    return clashes


@bp.route("/events/<slug>/my-agenda")
@signed_in
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
@signed_in
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
    if request.form.get("action") == "revoke":
        personal.revoke_feed(registration)
        flash(_("Your calendar link no longer works. Calendars subscribed to it stop updating."), "info")
        return redirect(_links(event, token)["self"])
    secret = personal.issue_feed(registration)
    flash(_("Here is your new private calendar link. Any earlier link stopped working."), "success")
    return _render(event, registration, token, new_feed_url=personal.feed_url(event, secret))


@bp.post("/events/<slug>/my-agenda/feed")
@signed_in
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
        body = icalendar_feed(event, sessions, name=_("My agenda: %(event)s", event=event.title))
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "private, max-age=300"})
