"""Per-event retention: an event may keep its registrations for a number of days after its last
day (Event.retention_days); from the day after that, `flask retention` (and the worker, daily)
anonymises every registration still holding personal data, with the erasure of
registration/erasure.py under the actor "retention", the event's invitations' addresses, and its
exhibitors' contact people and staff addresses (exhibitors/retention.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.events.models import Event
from eventsys.exhibitors import retention as exhibitors
from eventsys.registration.erasure import anonymise_invitations, erase_many
from eventsys.registration.models import ERASED_DOMAIN, REASON_RETENTION, Invitation, Registration, not_erased

ACTOR = "retention"


@dataclass
class Due:
    """An event past its retention, and what of it still holds personal data."""

    event: Event
    registration_ids: list[int] = field(default_factory=list)
    invitations: int = 0
    exhibitor_ids: list[int] = field(default_factory=list)  # whose contact person is on record
    staff_addresses: int = 0


def set_retention_days(event: Event, days: int | None, *, actor) -> None:
    """Change the event's retention period (None: keep); a change is audited."""
    before, event.retention_days = event.retention_days, days
    if before != days:
        record(
            "settings.change",
            actor=actor,
            event=event,
            target_type="event",
            targets=[event.id],
            setting="retention_days",
            value=days if days is not None else "keep",
            before=before if before is not None else "keep",
        )
    db.session.commit()


def counts(event: Event) -> tuple[int, int]:
    """(registrations holding personal data, registrations anonymised) of the event."""
    erased = case((Registration.email.endswith("@" + ERASED_DOMAIN), 1), else_=0)
    total, anonymised = db.session.execute(
        select(func.count(), func.coalesce(func.sum(erased), 0)).where(Registration.event_id == event.id)
    ).one()
    return total - anonymised, anonymised


def due(now: dt.datetime | None = None) -> list[Due]:
    """Events past their retention that still hold personal data, oldest first."""
    now = now or utcnow()
    events = db.session.scalars(
        select(Event).where(Event.retention_days.is_not(None)).order_by(Event.end_date, Event.id)
    ).all()
    found = []
    for event in events:
        if not event.is_past_retention(now):
            continue
        ids = list(
            db.session.scalars(
                select(Registration.id)
                .where(Registration.event_id == event.id, not_erased(Registration.email))
                .order_by(Registration.id)
            )
        )
        invitations = len(
            db.session.scalars(
                select(Invitation.id).where(Invitation.event_id == event.id, not_erased(Invitation.email))
            ).all()
        )
        exhibitor_ids, staff = exhibitors.holding_personal_data(event.id)
        if ids or invitations or exhibitor_ids or staff:
            found.append(
                Due(
                    event=event,
                    registration_ids=ids,
                    invitations=invitations,
                    exhibitor_ids=exhibitor_ids,
                    staff_addresses=staff,
                )
            )
    return found


def apply_retention(now: dt.datetime | None = None, *, dry_run: bool = False) -> list[Due]:
    """Anonymise what `due()` finds (nothing when `dry_run`); returns what was (or would be) done,
    each registration as its erasure recorded it."""
    found = due(now)
    if dry_run:
        return found
    for item in found:
        registrations = db.session.scalars(
            select(Registration).where(Registration.id.in_(item.registration_ids)).order_by(Registration.id)
        ).all()
        item.registration_ids = erase_many(registrations, actor=ACTOR, reason=REASON_RETENTION)
        item.invitations = anonymise_invitations(item.event.id)
        if item.invitations:
            record(
                "registration.erase",
                actor=ACTOR,
                event=item.event,
                target_type="invitation",
                invitations=item.invitations,
                reason=REASON_RETENTION,
            )
        # After the registrations: erasing one already took its staff row (exhibitors.forget_staff).
        item.exhibitor_ids, item.staff_addresses = exhibitors.anonymise_contacts(item.event.id)
        if item.exhibitor_ids or item.staff_addresses:
            record(
                "registration.erase",
                actor=ACTOR,
                event=item.event,
                target_type="exhibitor",
                targets=item.exhibitor_ids,
                staff_addresses=item.staff_addresses,
                reason=REASON_RETENTION,
            )
        db.session.commit()
    return found


def summary_lines(found: list[Due], *, dry_run: bool) -> list[str]:
    """What the command prints: one line per event, then the total."""
    verb = "would anonymise" if dry_run else "anonymised"
    lines = []
    for item in found:
        event = item.event
        ids = ", ".join(str(i) for i in item.registration_ids) or "none"
        line = (
            f"{event.slug} ({event.title_en}): ended {event.end_date.isoformat()}, kept {event.retention_days} "
            f"day(s) until {event.retention_ends_on.isoformat()}; {verb} "
            f"{len(item.registration_ids)} registration(s): {ids}"
        )
        if item.invitations:
            line += f"; and {item.invitations} invitation address(es)"
        if item.exhibitor_ids:
            line += f"; and the contact person of {len(item.exhibitor_ids)} exhibitor(s)"
        if item.staff_addresses:
            line += f"; and {item.staff_addresses} exhibitor staff address(es)"
        lines.append(line)
    total = sum(len(item.registration_ids) for item in found)
    if not found:
        lines.append("Nothing to anonymise: no event is past its retention with personal data left.")
    elif dry_run:
        lines.append(f"Dry run: would anonymise {total} registration(s) in {len(found)} event(s); nothing changed.")
    else:
        lines.append(f"Anonymised {total} registration(s) in {len(found)} event(s).")
    return lines
