"""The registration area's figures on each event's hub (events/hub.py, events/dashboard.py): the
registrations by state against capacity, those awaiting moderation, open deletion requests, and the
registrations received over time. Two queries: one GROUP BY count, one column of creation times."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from eventsys.db import db, utcnow
from eventsys.events.dashboard import Chart, Figure, Part, cumulative_by_day
from eventsys.events.models import Event
from eventsys.i18n import format_day_short
from eventsys.registration.choices import status_label
from eventsys.registration.listing import open_deletion_requests
from eventsys.registration.models import Registration, RegistrationStatus

LIST = "registration.organizer_list"


def state_counts(event: Event) -> dict[RegistrationStatus, int]:
    rows = db.session.execute(
        select(Registration.status, func.count()).where(Registration.event_id == event.id).group_by(Registration.status)
    ).all()
    found = {RegistrationStatus(getattr(status, "value", status)): count for status, count in rows}
    return {status: found.get(status, 0) for status in RegistrationStatus}


def registration_figures(event: Event) -> list:
    counts = state_counts(event)
    confirmed = counts[RegistrationStatus.CONFIRMED]
    parts = tuple(
        Part(status.value, status_label(status), counts[status], LIST, {"slug": event.slug, "status": status.value})
        for status in RegistrationStatus
    )
    if event.capacity:
        note = ngettext(
            "%(confirmed)d of %(num)d seat confirmed",
            "%(confirmed)d of %(num)d seats confirmed",
            event.capacity,
            confirmed=confirmed,
        )
    else:
        note = _("%(num)d confirmed; no capacity limit", num=confirmed)
    return [
        Figure(
            "registrations",
            _("Confirmed seats"),
            confirmed,
            LIST,
            {"slug": event.slug, "status": RegistrationStatus.CONFIRMED.value},
            total=event.capacity,
            note=note,
            parts=parts,
        ),
        Figure(
            "pending",
            _("Awaiting moderation"),
            counts[RegistrationStatus.PENDING],
            LIST,
            {"slug": event.slug, "status": RegistrationStatus.PENDING.value},
            attention=True,
        ),
        Figure(
            "deletion-requests",
            _("Deletion requests"),
            open_deletion_requests(event),
            LIST,
            {"slug": event.slug, "deletion": "requested"},
            attention=True,
        ),
        registrations_chart(event, sum(counts.values())),
    ]


def registrations_chart(event: Event, total: int) -> Chart | None:
    """Registrations received and confirmed, cumulative by local day of the event's time zone.
    Bucketing by a time zone differs between SQLite and PostgreSQL, so the one query reads the
    creation times (two small columns of one event) and Python counts them per day."""
    if not total:
        return None
    rows = db.session.execute(
        select(Registration.created_at, Registration.status).where(Registration.event_id == event.id)
    ).all()
    until = min(event.local_today(utcnow()), event.end_date)
    days, received = cumulative_by_day([row.created_at for row in rows], event.zone, until=until)
    confirmed_at = [row.created_at for row in rows if row.status == RegistrationStatus.CONFIRMED]
    confirmed_days, confirmed = cumulative_by_day(confirmed_at, event.zone, until=days[-1])
    # Align the confirmed line on the received line's days (it may start later).
    by_day = dict(zip(confirmed_days, confirmed, strict=True))
    running, aligned = 0, []
    for day in days:
        running = by_day.get(day, running)
        aligned.append(running)
    summary = ngettext(
        "%(num)d registration received from %(first)s to %(last)s.",
        "%(num)d registrations received from %(first)s to %(last)s.",
        received[-1],
        first=format_day_short(days[0]),
        last=format_day_short(days[-1]),
    )
    return Chart(
        "registrations-over-time",
        _("Registrations over time"),
        summary,
        [day.isoformat() for day in days],
        [
            {"label": _("Received"), "data": received},
            {"label": _("Confirmed (by registration date)"), "data": aligned},
        ],
    )
