"""The organizers' matchmaking pages of an event: the opt-in window, the slot series and the tables;
the grid of tables by slot (who meets whom), and the printable table list per slot."""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts.models import Role
from eventsys.events.permissions import event_permission_required
from eventsys.matchmaking import setup
from eventsys.matchmaking.forms import ActionForm, SlotSeriesForm, TablesForm, WindowForm
from eventsys.matchmaking.setup import MatchmakingError
from eventsys.matchmaking.views import bp

PREFIX = "/manage/events/<slug>/matchmaking"


def _local(event, day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=event.zone).astimezone(dt.UTC)


def _settings_page(event, *, window_form=None, series_form=None, tables_form=None, status=200):
    found = setup.setup_for(event)
    if window_form is None:
        window_form = WindowForm()
        if found is not None:
            window_form.opens_on.data = found.opens_at.astimezone(event.zone).date() if found.opens_at else None
            last = found.closes_at - dt.timedelta(days=1) if found.closes_at else None
            window_form.closes_on.data = last.astimezone(event.zone).date() if last else None
    if series_form is None:
        series_form = SlotSeriesForm(formdata=None, day=event.start_date)
    tables = setup.tables(event)
    if tables_form is None:
        tables_form = TablesForm(formdata=None, count=len(tables) or None)
        if any(t.label for t in tables):
            tables_form.labels.data = "\n".join(t.name for t in tables)
    opens, closes = setup.window(event)
    return render_template(
        "matchmaking/settings.html",
        event=event,
        window_form=window_form,
        series_form=series_form,
        tables_form=tables_form,
        action_form=ActionForm(),
        slots=setup.slots(event),
        tables=tables,
        state=setup.state(event),
        opens=opens,
        closes=closes,
    ), status


@bp.route(PREFIX)
@event_permission_required(Role.ORGANIZER)
def settings(event):
    return _settings_page(event)


@bp.post(PREFIX + "/window")
@event_permission_required(Role.ORGANIZER)
def save_window(event):
    form = WindowForm()
    if not form.validate():
        return _settings_page(event, window_form=form, status=422)
    opens = _local(event, form.opens_on.data, dt.time()) if form.opens_on.data else None
    # "Closes at the end of" a day: the next local midnight.
    closes = _local(event, form.closes_on.data + dt.timedelta(days=1), dt.time()) if form.closes_on.data else None
    setup.save_window(event, opens, closes, actor=current_user)
    flash(_("The opt-in window is saved."), "success")
    return redirect(url_for("matchmaking.settings", slug=event.slug), code=303)


@bp.post(PREFIX + "/slots")
@event_permission_required(Role.ORGANIZER)
def add_slots(event):
    form = SlotSeriesForm()
    if not form.validate():
        return _settings_page(event, series_form=form, status=422)
    try:
        made = setup.add_slot_series(
            event,
            _local(event, form.day.data, form.start.data),
            _local(event, form.day.data, form.end.data),
            form.minutes.data,
            form.gap.data or 0,
            actor=current_user,
        )
    except MatchmakingError as exc:
        form.form_errors.append(str(exc))
        return _settings_page(event, series_form=form, status=409)
    flash(_("%(count)d slots added.", count=made), "success")
    return redirect(url_for("matchmaking.settings", slug=event.slug) + "#slots-title", code=303)


@bp.post(PREFIX + "/slots/<int:slot_id>/delete")
@event_permission_required(Role.ORGANIZER)
def delete_slot(event, slot_id: int):
    try:
        setup.delete_slot(event, slot_id, actor=current_user)
    except LookupError:
        flash(_("That slot no longer exists."), "warning")
    except MatchmakingError as exc:
        flash(str(exc), "danger")
        return _settings_page(event, status=409)
    else:
        flash(_("Slot deleted."), "info")
    return redirect(url_for("matchmaking.settings", slug=event.slug) + "#slots-title", code=303)


@bp.post(PREFIX + "/tables")
@event_permission_required(Role.ORGANIZER)
def save_tables(event):
    form = TablesForm()
    if not form.validate():
        return _settings_page(event, tables_form=form, status=422)
    try:
        count = setup.set_tables(event, form.count.data or 0, form.labels.data or "", actor=current_user)
    except MatchmakingError as exc:
        form.form_errors.append(str(exc))
        return _settings_page(event, tables_form=form, status=409)
    flash(_("%(count)d tables saved.", count=count), "success")
    return redirect(url_for("matchmaking.settings", slug=event.slug) + "#tables-title", code=303)


@bp.route(PREFIX + "/grid")
@event_permission_required(Role.ORGANIZER)
def grid(event):
    view = request.args.get("view") if request.args.get("view") in ("grid", "list") else "grid"
    return render_template("matchmaking/grid.html", event=event, view=view, **setup.grid(event))


@bp.route(PREFIX + "/print")
@event_permission_required(Role.ORGANIZER)
def print_list(event):
    return render_template("matchmaking/print.html", event=event, **setup.grid(event))
