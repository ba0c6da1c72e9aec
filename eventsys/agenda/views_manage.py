"""The organizers' agenda editor under /manage/events/<slug>/agenda (the draft; "Publish" makes
it public)."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.agenda import publishing, services
from eventsys.agenda.conflicts import find_conflicts, signup_counts
from eventsys.agenda.forms import MoveForm, SessionForm
from eventsys.agenda.models import SessionType
from eventsys.agenda.services import InvalidSession, SessionValues, StaleSession
from eventsys.agenda.views import bp
from eventsys.events.permissions import event_permission_required

PREFIX = "/manage/events/<slug>/agenda"


def _session_or_404(event, session_id: int):
    try:
        return services.get_draft_session(event, session_id)
    except services.SessionNotFound:
        abort(404)


def _grid(event, sessions):
    """Sessions per local day, then per room column (plus a column for sessions without a room)."""
    rooms = services.rooms(event)
    days = sorted(set(event.days) | {s.starts_at.astimezone(event.zone).date() for s in sessions})
    grid = {day: {room.id: [] for room in rooms} | {None: []} for day in days}
    for session in sessions:
        grid[session.starts_at.astimezone(event.zone).date()][session.room_id].append(session)
    return rooms, grid


@bp.route(PREFIX)
@event_permission_required(Role.ORGANIZER)
def editor(event):
    sessions = services.draft_sessions(event)
    rooms, grid = _grid(event, sessions)
    conflicts = find_conflicts(event, sessions)
    move_form = MoveForm()
    return render_template(
        "agenda/manage/editor.html",
        event=event,
        sessions=sessions,
        rooms=rooms,
        grid=grid,
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


@bp.post(PREFIX + "/sessions/<int:session_id>/move")
@event_permission_required(Role.ORGANIZER)
def move_session(event, session_id: int):
    session = _session_or_404(event, session_id)
    form = MoveForm(formdata=request.form)
    form.room_id.choices = [(0, "")] + [(r.id, r.name) for r in services.rooms(event)]
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
