"""The public agenda (published sessions only), each session's page, and the exports."""

from __future__ import annotations

from flask import Response, abort, jsonify, render_template, request

from eventsys.accounts.permissions import public
from eventsys.agenda.models import SessionType
from eventsys.agenda.published import (
    AgendaFilters,
    distinct,
    group_by,
    group_by_day,
    published_session,
    published_sessions,
)
from eventsys.agenda.views import bp
from eventsys.events import services as events
from eventsys.events.models import Event
from eventsys.events.public_cache import cached_public_page
from eventsys.i18n import current_language
from eventsys.inputs import db_id

VIEWS = ("day", "room", "track")


def public_event(slug: str) -> Event:
    try:
        return events.get_event(slug)
    except events.EventNotFound:
        abort(404)


def filters_from_request() -> AgendaFilters:
    kind = request.args.get("type", "")
    return AgendaFilters(
        type=kind if kind in {t.value for t in SessionType} else "",
        track=request.args.get("track", type=db_id),
        topic=request.args.get("topic", "")[:60],
    )


@bp.route("/events/<slug>/agenda")
@public
@cached_public_page
def public_agenda(slug: str):
    event = public_event(slug)
    sessions = published_sessions(event)
    filters = filters_from_request()
    view = request.args.get("view") if request.args.get("view") in VIEWS else "day"
    shown = filters.apply(sessions)
    days = group_by_day(event, shown)
    groups = group_by(shown, view) if view in ("room", "track") else None
    return render_template(
        "agenda/public.html",
        event=event,
        sessions=sessions,
        shown=shown,
        days=days,
        groups=groups,
        view=view,
        filters=filters,
        tracks=distinct(sessions, "track"),
        topics=distinct(sessions, "topics"),
        types=sorted({s.type.value for s in sessions}),
    )


@bp.route("/events/<slug>/sessions/<int:session_id>")
@public
@cached_public_page
def session_page(slug: str, session_id: int):
    event = public_event(slug)
    session = published_session(session_id, event)
    if session is None:
        abort(404)
    return render_template("agenda/session.html", event=event, session=session)


@bp.route("/events/<slug>/agenda.ics")
@public
@cached_public_page
def agenda_ics(slug: str):
    from eventsys.agenda.exports import icalendar_feed

    event = public_event(slug)
    body = icalendar_feed(event, published_sessions(event), name=event.title)
    return Response(
        body, mimetype="text/calendar", headers={"Content-Disposition": f'inline; filename="{event.slug}-agenda.ics"'}
    )


@bp.route("/events/<slug>/event.ics")
@public
@cached_public_page
def event_ics(slug: str):
    """The event itself (its days, venue and page) as one calendar entry: what the confirmation
    mail attaches."""
    from eventsys.agenda.exports import event_icalendar, event_ics_filename

    event = public_event(slug)
    return Response(
        event_icalendar(event),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'inline; filename="{event_ics_filename(event)}"'},
    )


@bp.route("/events/<slug>/sessions/<int:session_id>.ics")
@public
@cached_public_page
def session_ics(slug: str, session_id: int):
    """One published session as a calendar entry, to add it alone."""
    from eventsys.agenda.exports import icalendar_feed

    event = public_event(slug)
    session = published_session(session_id, event)
    if session is None:
        abort(404)
    return Response(
        icalendar_feed(event, [session], name=session.title),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'inline; filename="{event.slug}-session-{session.id}.ics"'},
    )


@bp.route("/events/<slug>/schedule.json")
@public
@cached_public_page
def schedule_json(slug: str):
    from eventsys.agenda.exports import frab_json

    event = public_event(slug)
    return jsonify(frab_json(event, published_sessions(event)))


@bp.route("/events/<slug>/schedule.xml")
@public
@cached_public_page
def schedule_xml(slug: str):
    from eventsys.agenda.exports import frab_xml

    event = public_event(slug)
    return Response(frab_xml(event, published_sessions(event)), mimetype="application/xml")


@bp.route("/events/<slug>/agenda.pdf")
@public
def agenda_pdf(slug: str):
    from eventsys.pdf import render_pdf

    event = public_event(slug)
    sessions = published_sessions(event)
    pdf = render_pdf("agenda/pdf.html", event=event, days=group_by_day(event, sessions))
    # In the reader's language as every page picks it (?lang=, then the saved choice, then the
    # browser's): the PDF's text, its title and its /Lang. Caches must keep one copy per language.
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{event.slug}-agenda.pdf"',
            "Content-Language": current_language(),
            "Vary": "Cookie, Accept-Language",
        },
    )
