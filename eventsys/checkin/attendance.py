"""What the check-in area shows of who came: the door's search by name, live attendance figures,
the recent scans and the attendance export. Reads only, bar the export's audit entry; the scans
themselves are recorded by services.py."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from eventsys.audit.services import record
from eventsys.checkin.models import Checkin, CheckinList, Scan
from eventsys.checkin.services import ensure_lists
from eventsys.db import db, utcnow
from eventsys.events.models import City, Event
from eventsys.i18n import country_name, format_clock, pick
from eventsys.registration.models import Registration, RegistrationStatus
from eventsys.spreadsheets import safe_row


def search_registrations(event: Event, query: str, limit: int = 20) -> list[Registration]:
    """Registrations matching every word (name in either script, organisation, e-mail), each with
    `search_checkins`: the lists they are checked in on, {list key: {"at": "09:12", "out": bool}},
    so that door staff see who is in before they check someone in twice. Three queries."""
    words = query.strip().lower().split()
    if not words:
        return []
    stmt = select(Registration).where(Registration.event_id == event.id).options(joinedload(Registration.city))
    for word in words[:4]:
        like = f"%{word}%"
        stmt = stmt.where(
            or_(
                func.lower(Registration.first_name).like(like),
                func.lower(Registration.last_name).like(like),
                func.lower(Registration.local_name).like(like),
                func.lower(Registration.organisation).like(like),
                func.lower(Registration.email).like(like),
            )
        )
    people = list(db.session.scalars(stmt.order_by(Registration.last_name, Registration.first_name).limit(limit)))
    found: dict[int, dict] = {person.id: {} for person in people}
    if found:
        rows = db.session.execute(
            select(Checkin.registration_id, CheckinList.key, Checkin.at, Checkin.checked_out_at)
            .join(CheckinList, Checkin.list_id == CheckinList.id)
            .where(Checkin.registration_id.in_(found))
        ).all()
        for registration_id, key, at, out in rows:
            found[registration_id][key] = {"at": format_clock(at, event.timezone), "out": out is not None}
    for person in people:
        person.search_checkins = found[person.id]
    return people


def attendance(event: Event, checkin_list: CheckinList, lists: list[CheckinList] | None = None) -> dict:
    """Live figures: every list's count, and who is in on `checkin_list` by country and by city."""
    lists = lists if lists is not None else ensure_lists(event)
    counts = dict(
        db.session.execute(
            select(Checkin.list_id, func.count())
            .join(CheckinList)
            .where(CheckinList.event_id == event.id)
            .group_by(Checkin.list_id)
        ).all()
    )
    present = dict(
        db.session.execute(
            select(Checkin.list_id, func.count())
            .join(CheckinList)
            .where(CheckinList.event_id == event.id, Checkin.checked_out_at.is_(None))
            .group_by(Checkin.list_id)
        ).all()
    )
    on_list = (
        select(Registration)
        .join(Checkin, Checkin.registration_id == Registration.id)
        .where(Checkin.list_id == checkin_list.id)
        .subquery()
    )
    by_country = db.session.execute(
        select(on_list.c.country_code, func.count())
        .group_by(on_list.c.country_code)
        .order_by(func.count().desc(), on_list.c.country_code)
    ).all()
    by_city = db.session.execute(
        select(City.name_en, City.name_th, func.count())
        .select_from(on_list)
        .outerjoin(City, City.id == on_list.c.city_id)
        .group_by(City.name_en, City.name_th)
    ).all()
    # Python orders the "no city" group last on both databases (SQL NULL ordering differs).
    by_city = sorted(by_city, key=lambda row: (-row[2], row[0] is None, row[0] or ""))
    confirmed = (
        db.session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)
        )
        or 0
    )
    return {
        "event": event.slug,
        "confirmed": confirmed,
        "list": checkin_list.key,
        "lists": [
            {
                "key": row.key,
                "name": row.name,
                "kind": "session" if row.session_id else "day",
                "checked_in": counts.get(row.id, 0),
                "present": present.get(row.id, 0),
            }
            for row in lists
        ],
        "by_country": [{"code": code, "name": country_name(code), "count": n} for code, n in by_country],
        "by_city": [{"name": pick(en, th) if en else _("No city given"), "count": n} for en, th, n in by_city],
        "updated_at": utcnow().isoformat(),
    }


def recent_scans(event: Event, limit: int = 50) -> list[Scan]:
    return list(
        db.session.scalars(
            select(Scan).filter_by(event_id=event.id).order_by(Scan.at.desc(), Scan.id.desc()).limit(limit)
        )
    )


def export_rows(event: Event, checkin_list: CheckinList | None = None):
    """Rows for the CSV export: one per person per list, in list and time order."""
    stmt = (
        select(Checkin, CheckinList, Registration)
        .join(CheckinList, Checkin.list_id == CheckinList.id)
        .join(Registration, Checkin.registration_id == Registration.id)
        .where(CheckinList.event_id == event.id)
        .order_by(CheckinList.position, Checkin.at, Checkin.id)
    )
    if checkin_list is not None:
        stmt = stmt.where(CheckinList.id == checkin_list.id)
    header = [
        "list",
        "list_name",
        "registration_id",
        "first_name",
        "last_name",
        "local_name",
        "organisation",
        "category",
        "country",
        "city",
        "checked_in_at",
        "checked_out_at",
    ]
    yield header
    zone = event.zone
    for checkin, checkin_list_row, registration in db.session.execute(stmt):
        yield safe_row(
            [
                checkin_list_row.key,
                checkin_list_row.name_en,
                registration.id,
                registration.first_name,
                registration.last_name,
                registration.local_name,
                registration.organisation,
                registration.category.value,
                registration.country_code,
                registration.city.name_en if registration.city else "",
                checkin.at.astimezone(zone).isoformat(timespec="seconds"),
                checkin.checked_out_at.astimezone(zone).isoformat(timespec="seconds") if checkin.checked_out_at else "",
            ]
        )


def record_attendance_export(event: Event, checkin_list: CheckinList | None, *, actor) -> None:
    """The attendance CSV names who came: the audit log records who took it, of whom, committed
    before the file leaves."""
    stmt = (
        select(Checkin.registration_id)
        .join(CheckinList, Checkin.list_id == CheckinList.id)
        .where(CheckinList.event_id == event.id)
        .order_by(Checkin.registration_id)
    )
    if checkin_list is not None:
        stmt = stmt.where(CheckinList.id == checkin_list.id)
    rows = list(db.session.scalars(stmt))
    record(
        "registration.export",
        actor=actor,
        event=event,
        target_type="registration",
        targets=sorted(set(rows)),
        export="attendance.csv",
        rows=len(rows),
        list=checkin_list.key if checkin_list is not None else None,
    )
    db.session.commit()
