"""The organizers' agenda editor under /manage/events/<slug>/agenda (the draft; "Publish" makes
it public)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from eventsys.accounts.models import Role
from eventsys.agenda import publishing, services
from eventsys.agenda.conflicts import find_conflicts, signup_counts
from eventsys.agenda.forms import MoveForm, SessionForm
from eventsys.agenda.models import SessionType
from eventsys.agenda.services import InvalidSession, SessionValues, StaleSession
from eventsys.agenda.views import bp
from eventsys.errors import json_error_response
from eventsys.events.permissions import event_permission_required

PREFIX = "/manage/events/<slug>/agenda"


def _session_or_404(event, session_id: int):
    try:
        return services.get_draft_session(event, session_id)
    except services.SessionNotFound:
        abort(404)


SLOT_MINUTES = 15  # the time grid's row: where a dropped session may start


@dataclass
class _Card:
    session: object
    row: int  # CSS grid lines: row 1 holds the room names, column 1 the times
    span: int
    column: int
    lane: int  # 0, or how far to shift a session overlapping another in its room


@dataclass
class _DayGrid:
    day: dt.date
    columns: list  # rooms, then None for sessions without a room
    slots: list[dt.time]  # one grid row each, from row 2
    cards: list[_Card] = field(default_factory=list)


def _minutes(moment: dt.datetime, event, day: dt.date) -> int:
    local = moment.astimezone(event.zone)
    return 24 * 60 if local.date() > day else local.hour * 60 + local.minute


def _time_grid(event, sessions, rooms) -> list[_DayGrid]:
    """Per local day, rows of SLOT_MINUTES (at least 09:00-17:00) and a column per room, and each
    session placed at its start and room, as tall as it lasts."""
    columns = [*rooms, None]
    column_of = {room.id: i + 2 for i, room in enumerate(rooms)} | {None: len(rooms) + 2}
    by_day: dict[dt.date, list] = {}
    for session in sessions:
        by_day.setdefault(session.starts_at.astimezone(event.zone).date(), []).append(session)
    grids = []
    for day in sorted(set(event.days) | set(by_day)):
        items = by_day.get(day, [])
        first = min([_minutes(s.starts_at, event, day) for s in items] + [9 * 60]) // 60 * 60
        last = min(-(-max([_minutes(s.ends_at, event, day) for s in items] + [17 * 60]) // 60) * 60, 24 * 60)
        grid = _DayGrid(day, columns, [dt.time(m // 60, m % 60) for m in range(first, last, SLOT_MINUTES)])
        ends: dict[int, list[int]] = {}
        for session in items:
            start, end = _minutes(session.starts_at, event, day), _minutes(session.ends_at, event, day)
            column = column_of.get(session.room_id, len(rooms) + 2)
            busy = ends.setdefault(column, [])
            lane = sum(1 for other_end in busy if other_end > start)
            busy.append(end)
            row = (start - first) // SLOT_MINUTES + 2
            span = max(1, -(-(end - start) // SLOT_MINUTES))
            grid.cards.append(_Card(session, row, span, column, lane))
        grids.append(grid)
    return grids


@bp.route(PREFIX)
@event_permission_required(Role.ORGANIZER)
def editor(event):
    sessions = services.draft_sessions(event)
    rooms = services.rooms(event)
    conflicts = find_conflicts(event, sessions)
    move_form = MoveForm()
    return render_template(
        "agenda/manage/editor.html",
        event=event,
        sessions=sessions,
        rooms=rooms,
        days=_time_grid(event, sessions, rooms),
        slot_minutes=SLOT_MINUTES,
        conflicts=conflicts,
        counts=signup_counts([s.id for s in sessions]),
        pending=publishing.pending_changes(event),
        last=publishing.last_publication(event),
        move_form=move_form,
    )


def _form(event, obj_values: SessionValues | None = None, formdata=None) -> SessionForm:
    form = SessionForm(formdata=formdata, obj=obj_values) if formdata is not None else SessionForm(obj=obj_values)
    form.fill_choices(services.rooms(event), services.tracks(event), services.all_topics())
    if obj_values is not None and formdata is None:
        form.type.data = obj_values.type.value
        form.room_id.data = obj_values.room_id or 0
        form.track_id.data = obj_values.track_id or 0
    return form


def _values(form: SessionForm) -> SessionValues:
    return SessionValues(
        type=SessionType(form.type.data),
        title_en=form.title_en.data or "",
        title_th=form.title_th.data or "",
        abstract_en=form.abstract_en.data or "",
        abstract_th=form.abstract_th.data or "",
        day=form.day.data,
        start=form.start.data,
        end=form.end.data,
        room_id=form.room_id.data,
        track_id=form.track_id.data,
        topic_ids=form.topic_ids.data or [],
        signup_required=form.signup_required.data,
        signup_capacity=form.signup_capacity.data,
    )


def _flash_conflicts(event, session) -> None:
    found = find_conflicts(event, services.draft_sessions(event)).get(session.id, [])
    for conflict in found:
        flash(_("Saved, with a warning: %(warning)s", warning=conflict.message), "warning")


@bp.route(PREFIX + "/sessions/new", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def new_session(event):
    if request.method == "GET":
        day = request.args.get("day") or event.start_date.isoformat()
        form = _form(event)
        form.day.process_data(_parse_day(day, event))
        form.room_id.data = request.args.get("room", type=int) or 0
        return render_template("agenda/manage/session_form.html", event=event, form=form, session=None)
    form = _form(event, formdata=request.form)
    if form.validate():
        try:
            session = services.create_session(event, _values(form))
        except InvalidSession as exc:
            _field_error(form, exc)
        else:
            flash(_("Session created (in the draft)."), "success")
            _flash_conflicts(event, session)
            return redirect(url_for("agenda.edit_session", slug=event.slug, session_id=session.id))
    return render_template("agenda/manage/session_form.html", event=event, form=form, session=None), 422


def _parse_day(value: str, event):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return event.start_date


def _field_error(form, exc: InvalidSession) -> None:
    target = getattr(form, exc.field_name, None) if exc.field_name else None
    if target is not None:
        target.errors = [*list(target.errors), str(exc)]
    else:
        flash(str(exc), "danger")


@bp.route(PREFIX + "/sessions/<int:session_id>", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def edit_session(event, session_id: int):
    session = _session_or_404(event, session_id)
    stale_current = None
    if request.method == "POST":
        form = _form(event, formdata=request.form)
        if form.validate():
            try:
                services.update_session(session, _values(form), request.form.get("version", type=int))
            except StaleSession as exc:
                flash(str(exc), "danger")
                stale_current = SessionValues.of(exc.current)
                session = exc.current
                form.version.data = session.version  # saving again now is a deliberate overwrite
            except InvalidSession as exc:
                _field_error(form, exc)
            else:
                flash(_("Saved (in the draft)."), "success")
                _flash_conflicts(event, session)
                return redirect(url_for("agenda.edit_session", slug=event.slug, session_id=session.id))
        status = 409 if stale_current else 422
    else:
        form = _form(event, SessionValues.of(session))
        form.version.data = session.version
        status = 200
    from eventsys.agenda.forms import AddPersonForm, NewPersonForm

    person_form, new_person_form = AddPersonForm(), NewPersonForm()
    person_form.fill_choices()
    new_person_form.fill_choices()
    query = request.args.get("q", "")
    return render_template(
        "agenda/manage/session_form.html",
        event=event,
        form=form,
        session=session,
        stale_current=stale_current,
        person_form=person_form,
        new_person_form=new_person_form,
        query=query,
        found=services.search_people(query) if query else [],
        conflicts=find_conflicts(event, services.draft_sessions(event)).get(session.id, []),
    ), status


def _move_form(event, formdata, **kwargs) -> MoveForm:
    form = MoveForm(formdata=formdata, **kwargs)
    form.room_id.choices = [(0, "")] + [(r.id, r.name) for r in services.rooms(event)]
    return form


@bp.post(PREFIX + "/sessions/<int:session_id>/move")
@event_permission_required(Role.ORGANIZER)
def move_session(event, session_id: int):
    """The "Move" form of each session, and where the time grid posts a dropped session as JSON
    (`{"day", "start", "room_id", "version"}`): the answer then says what the drop caused."""
    session = _session_or_404(event, session_id)
    if request.is_json:
        return _move_json(event, session)
    form = _move_form(event, request.form)
    if not form.validate():
        errors = "; ".join(
            f"{getattr(form, name).label.text}: {' '.join(str(e) for e in errs)}" for name, errs in form.errors.items()
        )
        flash(_("The session was not moved: %(errors)s", errors=errors), "danger")
        return redirect(url_for("agenda.editor", slug=event.slug)), 303
    try:
        services.move_session(
            session, form.day.data, form.start.data, form.room_id.data, request.form.get("version", type=int)
        )
    except (StaleSession, InvalidSession) as exc:
        flash(str(exc), "danger")
    else:
        flash(_("Moved “%(title)s”.", title=session.title), "success")
        _flash_conflicts(event, session)
    return redirect(url_for("agenda.editor", slug=event.slug) + f"#session-{session_id}")


def _move_json(event, session):
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return json_error_response(400, _("Send the day, start time and room as a JSON object."))
    fields = {k: str(data[k]) for k in ("day", "start", "room_id", "version") if data.get(k) is not None}
    # The CSRF token came in the X-CSRFToken header, checked for every POST by CSRFProtect.
    form = _move_form(event, MultiDict(fields), meta={"csrf": False})
    if not form.validate():
        return json_error_response(422, _("The session was not moved."), errors=form.errors)
    version = form.version.data or ""
    try:
        services.move_session(
            session, form.day.data, form.start.data, form.room_id.data, int(version) if version.isdigit() else None
        )
    except StaleSession as exc:
        return json_error_response(409, str(exc), code="stale", version=exc.current.version)
    except InvalidSession as exc:
        return json_error_response(422, str(exc), errors={exc.field_name or "start": [str(exc)]})
    conflicts = find_conflicts(event, services.draft_sessions(event))
    start, end = session.starts_at.astimezone(event.zone), session.ends_at.astimezone(event.zone)
    return jsonify(
        {
            "message": _("Moved “%(title)s”.", title=session.title),
            "session": {
                "id": session.id,
                "version": session.version,
                "day": start.date().isoformat(),
                "start": start.strftime("%H:%M"),
                "end": end.strftime("%H:%M"),
                "room_id": session.room_id,
                "room": session.room.name if session.room else None,
            },
            "warnings": [c.message for c in conflicts.get(session.id, [])],
            "conflicts": {str(sid): [c.message for c in found] for sid, found in conflicts.items()},
        }
    )


@bp.post(PREFIX + "/sessions/<int:session_id>/copy")
@event_permission_required(Role.ORGANIZER)
def copy_session(event, session_id: int):
    copy = services.copy_session(_session_or_404(event, session_id))
    flash(_("Copy created without a room: choose its day, time and room."), "success")
    return redirect(url_for("agenda.edit_session", slug=event.slug, session_id=copy.id))


@bp.post(PREFIX + "/sessions/<int:session_id>/delete")
@event_permission_required(Role.ORGANIZER)
def delete_session(event, session_id: int):
    session = _session_or_404(event, session_id)
    try:
        services.delete_session(session, request.form.get("version", type=int))
    except StaleSession as exc:
        flash(str(exc), "danger")
        return redirect(url_for("agenda.edit_session", slug=event.slug, session_id=session_id))
    flash(_("Session removed from the draft. Delegates still see it until you publish."), "info")
    return redirect(url_for("agenda.editor", slug=event.slug))


@bp.post(PREFIX + "/publish")
@event_permission_required(Role.ORGANIZER)
def publish(event):
    # Publishing mails delegates and makes warnings public: the first press shows who will be
    # mailed and what is still wrong, and asks; the confirmation's own press publishes.
    if request.form.get("confirmed") != "yes":
        preview = publishing.publish_preview(event)
        if preview.needs_confirmation:
            return render_template("agenda/manage/publish_confirm.html", event=event, preview=preview)
    publication = publishing.publish(event, current_user)
    flash(
        _(
            "Published: %(changed)d session(s) changed; %(mails)d delegate(s) notified by e-mail.",
            changed=publication.sessions_changed,
            mails=publication.mails_queued,
        ),
        "success",
    )
    return redirect(url_for("agenda.editor", slug=event.slug))


@bp.route(PREFIX + "/people.json")
@event_permission_required(Role.ORGANIZER)
def people_search(event):
    return jsonify({"people": [services.person_as_json(p) for p in services.search_people(request.args.get("q", ""))]})
