"""What the daily retention run (eventsys.privacy.retention) erases of an event's exhibitors once
the event is past its retention period: each exhibitor's contact person (name, address, phone) and
the addresses invited as its staff. These are people's data. The exhibitor's own profile (name,
description, website, logo, booth) is the organisation's and public in the directory: it stays."""

from __future__ import annotations

from sqlalchemy import func, select

from eventsys.db import db
from eventsys.exhibitors.models import Exhibitor, ExhibitorStaff
from eventsys.registration.models import ERASED_DOMAIN, not_erased


def _contacts_on_record(event_id: int):
    return (Exhibitor.event_id == event_id, not_erased(Exhibitor.contact_email))


def _staff_on_record(event_id: int):
    return (ExhibitorStaff.event_id == event_id, not_erased(ExhibitorStaff.email))


def holding_personal_data(event_id: int) -> tuple[list[int], int]:
    """(ids of the event's exhibitors whose contact person is still on record, staff addresses)."""
    exhibitors = db.session.scalars(
        select(Exhibitor.id).where(*_contacts_on_record(event_id)).order_by(Exhibitor.id)
    ).all()
    staff = db.session.scalar(select(func.count()).select_from(ExhibitorStaff).where(*_staff_on_record(event_id)))
    return list(exhibitors), staff or 0


def anonymise_contacts(event_id: int) -> tuple[list[int], int]:
    """Erase the contact person of each of the event's exhibitors and the staff addresses still on
    record (an address undeliverable and unique per row, as for registrations); the caller commits.
    Returns what `holding_personal_data` found."""
    exhibitors = db.session.scalars(select(Exhibitor).where(*_contacts_on_record(event_id))).all()
    for exhibitor in exhibitors:
        exhibitor.contact_name = ""
        exhibitor.contact_email = f"exhibitor-{exhibitor.id}@{ERASED_DOMAIN}"
        exhibitor.contact_phone = ""
    staff = db.session.scalars(select(ExhibitorStaff).where(*_staff_on_record(event_id))).all()
    for row in staff:
        row.email = f"staff-{row.id}@{ERASED_DOMAIN}"
    return sorted(exhibitor.id for exhibitor in exhibitors), len(staff)
