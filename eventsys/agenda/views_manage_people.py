"""The editor's people, rooms and tracks pages."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eventsys.accounts.models import Role
from eventsys.agenda import services
from eventsys.agenda.forms import AddPersonForm, NewPersonForm, RoomForm, TrackForm
from eventsys.agenda.models import SessionRole
from eventsys.agenda.services import InvalidSession
from eventsys.agenda.views import bp
from eventsys.agenda.views_manage import PREFIX, _session_or_404
from eventsys.db import db
from eventsys.events.permissions import event_permission_required
from eventsys.inputs import db_id


@bp.post(PREFIX + "/sessions/<int:session_id>/people")
@event_permission_required(Role.ORGANIZER)
def add_person(event, session_id: int):
    session = _session_or_404(event, session_id)
    form = AddPersonForm(formdata=request.form)
    form.fill_choices()
    if not form.validate():
        flash(_("Choose a person and a role."), "danger")
    else:
        try:
            link = services.add_person(session, form.person_id.data, SessionRole(form.role.data))
        except InvalidSession as exc:
            flash(str(exc), "danger")
        else:
            flash(_("%(name)s added.", name=link.person.display_name), "success")
    return redirect(url_for("agenda.edit_session", slug=event.slug, session_id=session_id) + "#people")


@bp.post(PREFIX + "/sessions/<int:session_id>/people/new")
@event_permission_required(Role.ORGANIZER)
def add_new_person(event, session_id: int):
    session = _session_or_404(event, session_id)
    form = NewPersonForm(formdata=request.form)
    form.fill_choices()
    if not form.validate():
        flash(_("Give at least the person's name in Latin script and a role."), "danger")
    else:
        person = services.create_person(
            form.name.data,
            form.local_name.data or "",
            form.position_en.data or "",
            form.position_th.data or "",
            form.honorific.data or "",
            form.email.data or "",
        )
        try:
            link = services.add_person(session, person.id, SessionRole(form.role.data))
        except InvalidSession as exc:  # a rapporteur without account or e-mail: nobody is added
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            flash(_("%(name)s added.", name=link.person.display_name), "success")
    return redirect(url_for("agenda.edit_session", slug=event.slug, session_id=session_id) + "#people")


@bp.post(PREFIX + "/sessions/<int:session_id>/people/<int:link_id>/remove")
@event_permission_required(Role.ORGANIZER)
def remove_person(event, session_id: int, link_id: int):
    session = _session_or_404(event, session_id)
    try:
        services.remove_person(session, link_id)
    except InvalidSession as exc:
        flash(str(exc), "danger")
    else:
        flash(_("Removed from the session."), "info")
    return redirect(url_for("agenda.edit_session", slug=event.slug, session_id=session_id) + "#people")


def _places_page(event, room_form=None, track_form=None, status=200):
    return render_template(
        "agenda/manage/places.html",
        event=event,
        rooms=services.rooms(event),
        tracks=services.tracks(event),
        room_form=room_form or RoomForm(formdata=None),
        track_form=track_form or TrackForm(formdata=None),
    ), status


@bp.route(PREFIX + "/rooms", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def rooms(event):
    if request.method == "GET":
        return _places_page(event)
    room_id = request.form.get("room_id", type=db_id)
    try:
        room = services.get_room(event, room_id) if room_id else None
    except services.SessionNotFound:
        abort(404)
    form = RoomForm(formdata=request.form)
    if not form.validate():
        return _places_page(event, room_form=form, status=422)
    try:
        services.save_room(
            event, room, name_en=form.name_en.data, name_th=form.name_th.data or "", capacity=form.capacity.data
        )
    except InvalidSession as exc:
        flash(str(exc), "danger")
        return _places_page(event, room_form=form, status=422)
    flash(_("Room saved."), "success")
    return redirect(url_for("agenda.rooms", slug=event.slug))


@bp.post(PREFIX + "/rooms/<int:room_id>/delete")
@event_permission_required(Role.ORGANIZER)
def delete_room(event, room_id: int):
    try:
        moved = services.delete_room(services.get_room(event, room_id))
    except services.SessionNotFound as exc:
        flash(str(exc), "danger")
    else:
        flash(_("Room deleted; %(count)d session(s) now have no room.", count=moved), "info")
    return redirect(url_for("agenda.rooms", slug=event.slug))


@bp.post(PREFIX + "/tracks")
@event_permission_required(Role.ORGANIZER)
def tracks(event):
    track_id = request.form.get("track_id", type=db_id)
    try:
        track = services.get_track(event, track_id) if track_id else None
    except services.SessionNotFound:
        abort(404)
    form = TrackForm(formdata=request.form)
    if not form.validate():
        return _places_page(event, track_form=form, status=422)
    services.save_track(
        event, track, name_en=form.name_en.data, name_th=form.name_th.data or "", colour=form.colour.data
    )
    flash(_("Track saved."), "success")
    return redirect(url_for("agenda.rooms", slug=event.slug))


@bp.post(PREFIX + "/tracks/<int:track_id>/delete")
@event_permission_required(Role.ORGANIZER)
def delete_track(event, track_id: int):
    try:
        services.delete_track(services.get_track(event, track_id))
    except services.SessionNotFound as exc:
        flash(str(exc), "danger")
    else:
        flash(_("Track deleted."), "info")
    return redirect(url_for("agenda.rooms", slug=event.slug))
