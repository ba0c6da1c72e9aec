"""Organizer pages of the events area: the list of one's events, each event's hub, event details."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.accounts.permissions import admin_required, signed_in
from eventsys.events import services
from eventsys.events.forms import EventForm
from eventsys.events.hub import hub_figures, hub_notices, manage_links
from eventsys.events.permissions import event_permission_required
from eventsys.events.views import manage_bp as bp


@bp.get("/")
@signed_in
def index():
    return render_template("events/manage/index.html", events=services.events_managed_by(current_user))


@bp.get("/events/<slug>")
@event_permission_required()
def hub(event):
    figures, charts = hub_figures(event, current_user)
    return render_template(
        "events/manage/hub.html",
        event=event,
        links=manage_links(event, current_user),
        notices=hub_notices(event, current_user),
        figures=figures,
        charts=charts,
    )


@bp.route("/events/new", methods=["GET", "POST"])
@admin_required
def create_event():
    form = EventForm()
    if form.validate_on_submit():
        try:
            event = services.save_event(None, form.data)
        except services.SlugTaken:
            form.slug.errors.append(_("Another event already uses this address name."))
        else:
            flash(_("Event “%(title)s” created.", title=event.title), "success")
            return redirect(url_for("manage.hub", slug=event.slug))
    return render_template("events/manage/edit.html", form=form, event=None)


@bp.route("/events/<slug>/edit", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def edit_event(event):
    form = EventForm(obj=event)
    if not form.is_submitted():
        form.kind.data = event.kind.value
    if form.validate_on_submit():
        try:
            event = services.save_event(event, form.data, actor=current_user)
        except services.SlugTaken:
            form.slug.errors.append(_("Another event already uses this address name."))
        else:
            flash(_("Event details saved."), "success")
            return redirect(url_for("manage.hub", slug=event.slug))
    return render_template("events/manage/edit.html", form=form, event=event)
