"""Organizer pages of the events area: the list of one's events, each event's hub, event details."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventsys.accounts.models import Role
from eventsys.events import services
from eventsys.events.forms import EventForm

bp = Blueprint("manage", __name__, url_prefix="/manage")


def register_manage_link(app, order: int, endpoint: str, label, roles: tuple[Role, ...], icon: str = "") -> None:
    """Areas list their organizer pages on each event's hub (endpoint takes `slug`)."""
    app.extensions.setdefault("eventsys.manage_links", []).append((order, endpoint, label, roles, icon))


def manageable_event(slug: str, *roles: Role):
    try:
        event = services.get_event(slug, include_unpublished=True)
    except services.EventNotFound:
        abort(404)
    if not current_user.has_role(event, *(roles or tuple(Role))):
        abort(403)
    return event


@bp.get("/")
@login_required
def index():
    return render_template("events/manage/index.html", events=services.events_managed_by(current_user))


@bp.get("/events/<slug>")
@login_required
def hub(slug: str):
    event = manageable_event(slug)
    links = [(endpoint, label, icon) for _, endpoint, label, roles, icon
             in sorted(current_app.extensions.get("eventsys.manage_links", []), key=lambda link: link[0])
             if current_user.has_role(event, *roles)]
    return render_template("events/manage/hub.html", event=event, links=links)


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def create_event():
    if not current_user.is_admin:
        abort(403)
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
@login_required
def edit_event(slug: str):
    event = manageable_event(slug, Role.ORGANIZER)
    form = EventForm(obj=event)
    if not form.is_submitted():
        form.kind.data = event.kind.value
    if form.validate_on_submit():
        try:
            event = services.save_event(event, form.data)
        except services.SlugTaken:
            form.slug.errors.append(_("Another event already uses this address name."))
        else:
            flash(_("Event details saved."), "success")
            return redirect(url_for("manage.hub", slug=event.slug))
    return render_template("events/manage/edit.html", form=form, event=event)
