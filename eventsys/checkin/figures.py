"""The check-in area's figure on each event's hub (events/hub.py): how many delegates checked in
today, today being the calendar day in the event's time zone, not the server's. One count."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from eventsys.checkin.models import Checkin, CheckinList
from eventsys.checkin.services import day_key
from eventsys.db import db, utcnow
from eventsys.events.dashboard import Figure, local_day_bounds
from eventsys.events.models import Event


def checkin_figures(event: Event) -> Figure:
    today = event.local_today(utcnow())
    start, end = local_day_bounds(event.zone, today)
    people = db.session.scalar(
        select(func.count(func.distinct(Checkin.registration_id)))
        .join(CheckinList, CheckinList.id == Checkin.list_id)
        .where(CheckinList.event_id == event.id, Checkin.at >= start, Checkin.at < end)
    )
    args = {"slug": event.slug}
    if today in event.days:
        args["list"] = day_key(today)  # the live attendance of today's door
    return Figure("checkins-today", _("Checked in today"), people or 0, "checkin.dashboard", args)
