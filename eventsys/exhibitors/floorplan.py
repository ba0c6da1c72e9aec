"""Halls and booths: saved only when the geometry rules (geometry.py) hold, each refusal a
FloorplanError naming the form field it is about, so the editor shows it beside that field."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from eventsys.audit.services import record
from eventsys.db import db
from eventsys.events.models import Event
from eventsys.exhibitors.geometry import Rect, first_overlap, fits_hall, inside
from eventsys.exhibitors.models import Booth, Exhibitor, ExhibitorStatus, Hall

MAX_CELLS = 200  # a hall's side, in cells: larger grids cannot be drawn or edited usefully


class FloorplanError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class HallData:
    name_en: str
    name_th: str
    width: int
    height: int


@dataclass
class BoothData:
    hall_id: int
    number: str
    x: int
    y: int
    w: int
    h: int


def halls(event: Event) -> list[Hall]:
    return db.session.scalars(
        select(Hall)
        .where(Hall.event_id == event.id)
        .options(selectinload(Hall.booths).selectinload(Booth.exhibitor))
        .order_by(Hall.position, Hall.id)
    ).all()


def get_hall(event: Event, hall_id: int) -> Hall | None:
    hall = db.session.get(Hall, hall_id)
    return hall if hall is not None and hall.event_id == event.id else None


def get_booth(event: Event, booth_id: int) -> Booth | None:
    booth = db.session.get(Booth, booth_id)
    return booth if booth is not None and booth.event_id == event.id else None


def free_booths(event: Event, exhibitor: Exhibitor | None = None) -> list[Booth]:
    """The event's booths nobody holds (and `exhibitor`'s own), by number."""
    booths = db.session.scalars(
        select(Booth).where(Booth.event_id == event.id).options(selectinload(Booth.hall)).order_by(Booth.number)
    ).all()
    return [b for b in booths if b.exhibitor_id is None or (exhibitor is not None and b.exhibitor_id == exhibitor.id)]


def _record(event: Event, actor, what: str, **detail) -> None:
    record("settings.change", actor=actor, event=event, setting="floorplan", change=what, **detail)


def _check_hall(event: Event, data: HallData, hall: Hall | None) -> None:
    for field, value in (("width", data.width), ("height", data.height)):
        if not 1 <= value <= MAX_CELLS:
            raise FloorplanError(field, _("Enter a whole number from 1 to %(max)d.", max=MAX_CELLS))
    clash = db.session.scalar(
        select(Hall.id).where(
            Hall.event_id == event.id, Hall.name_en == data.name_en, Hall.id != (hall.id if hall else 0)
        )
    )
    if clash is not None:
        raise FloorplanError("name_en", _("Another hall of this event has this name."))
    if hall is not None and not fits_hall([_rect(b) for b in hall.booths], data.width, data.height):
        raise FloorplanError("width", _("Some booths would lie outside the hall: move them first."))


def save_hall(event: Event, data: HallData, *, actor, hall: Hall | None = None) -> Hall:
    _check_hall(event, data, hall)
    if hall is None:
        count = len(halls(event))
        hall = Hall(event_id=event.id, position=count)
        db.session.add(hall)
    hall.name_en, hall.name_th, hall.width, hall.height = data.name_en, data.name_th, data.width, data.height
    db.session.flush()
    _record(event, actor, "hall", hall=hall.id)
    db.session.commit()
    return hall


def delete_hall(hall: Hall, *, actor) -> None:
    event_id = hall.event_id
    db.session.delete(hall)
    _record(db.session.get(Event, event_id), actor, "hall deleted", hall=hall.id)
    db.session.commit()


def _rect(booth: Booth | BoothData) -> Rect:
    return Rect(booth.x, booth.y, booth.w, booth.h)


def _check_booth(event: Event, data: BoothData, booth: Booth | None) -> Hall:
    hall = get_hall(event, data.hall_id)
    if hall is None:
        raise FloorplanError("hall_id", _("Choose a hall."))
    for field in ("w", "h"):
        if getattr(data, field) < 1:
            raise FloorplanError(field, _("Enter a whole number of at least 1."))
    if not inside(_rect(data), hall.width, hall.height):
        raise FloorplanError(
            "x",
            _(
                "The booth must lie inside the hall, which is %(width)d × %(height)d cells (x from 0 to %(last_x)d, "
                "y from 0 to %(last_y)d).",
                width=hall.width,
                height=hall.height,
                last_x=hall.width - 1,
                last_y=hall.height - 1,
            ),
        )
    others = [(b.number, _rect(b)) for b in hall.booths if booth is None or b.id != booth.id]
    clash = first_overlap(_rect(data), others)
    if clash is not None:
        raise FloorplanError("x", _("The booth overlaps booth %(number)s.", number=clash))
    same = db.session.scalar(
        select(Booth.id).where(
            Booth.event_id == event.id, Booth.number == data.number, Booth.id != (booth.id if booth else 0)
        )
    )
    if same is not None:
        raise FloorplanError("number", _("Another booth of this event has this number."))
    return hall


def save_booth(event: Event, data: BoothData, *, actor, booth: Booth | None = None) -> Booth:
    hall = _check_booth(event, data, booth)
    if booth is None:
        booth = Booth(event_id=event.id)
        db.session.add(booth)
    booth.hall_id = hall.id
    booth.number, booth.x, booth.y, booth.w, booth.h = data.number, data.x, data.y, data.w, data.h
    try:
        db.session.flush()
    except IntegrityError:  # another organizer took the number meanwhile
        db.session.rollback()
        raise FloorplanError("number", _("Another booth of this event has this number.")) from None
    _record(event, actor, "booth", booth=booth.id)
    db.session.commit()
    return booth


def delete_booth(booth: Booth, *, actor) -> None:
    event = db.session.get(Event, booth.event_id)
    db.session.delete(booth)
    _record(event, actor, "booth deleted", booth=booth.id)
    db.session.commit()


def floorplan_as_json(event: Event) -> dict:
    def name(row) -> dict:
        return {"en": row.name_en, "th": row.name_th or None}

    return {
        "halls": [
            {
                "id": hall.id,
                "name": name(hall),
                "width": hall.width,
                "height": hall.height,
                "booths": [
                    {
                        "number": b.number,
                        "x": b.x,
                        "y": b.y,
                        "w": b.w,
                        "h": b.h,
                        "exhibitor": {"id": b.exhibitor.id, "name": name(b.exhibitor)} if _public(b) else None,
                    }
                    for b in hall.booths
                ],
            }
            for hall in halls(event)
        ]
    }


def _public(booth: Booth) -> bool:
    return booth.exhibitor is not None and booth.exhibitor.status == ExhibitorStatus.ACCEPTED


def public_exhibitor(booth: Booth) -> Exhibitor | None:
    """The booth's exhibitor as the public sees it: accepted ones only."""
    return booth.exhibitor if _public(booth) else None
