"""The lists a registration chooses from: categories, states, countries, ASCN cities."""

from __future__ import annotations

import pycountry
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventsys.db import db
from eventsys.events.models import City, MemberState
from eventsys.i18n import country_name
from eventsys.i18n.collation import sort_key
from eventsys.registration.models import (
    REASON_ADDED_BY_ORGANIZER,
    REASON_ERASED,
    REASON_IMPORTED,
    REASON_INVITATION,
    REASON_REGISTERED_AGAIN,
    REASON_RETENTION,
    REASON_SEAT_FREED,
    REASON_UNDONE,
    RegistrationCategory,
    RegistrationStatus,
)

CATEGORY_LABELS = {
    RegistrationCategory.CITY_REPRESENTATIVE: _l("City representative"),
    RegistrationCategory.NATIONAL_FOCAL_POINT: _l("National focal point"),
    RegistrationCategory.EXTERNAL_PARTNER: _l("External partner"),
    RegistrationCategory.PRIVATE_SECTOR: _l("Private sector"),
    RegistrationCategory.MEDIA: _l("Media"),
    RegistrationCategory.OBSERVER: _l("Observer"),
    RegistrationCategory.SPEAKER: _l("Speaker"),
    RegistrationCategory.STAFF: _l("Staff"),
    RegistrationCategory.EXHIBITOR: _l("Exhibitor"),
}

STATUS_LABELS = {
    RegistrationStatus.PENDING: _l("Pending"),
    RegistrationStatus.CONFIRMED: _l("Confirmed"),
    RegistrationStatus.WAITLISTED: _l("Waitlisted"),
    RegistrationStatus.REJECTED: _l("Rejected"),
    RegistrationStatus.WITHDRAWN: _l("Withdrawn"),
}

# Reasons the system writes into a registration's history (organizers type their own): shown in
# the reader's language. The stored text stays English, like any audit record.
SYSTEM_REASONS = {
    REASON_INVITATION: _l("Registered with an invitation"),
    REASON_REGISTERED_AGAIN: _l("Registered again after withdrawing"),
    REASON_SEAT_FREED: _l("A seat became free"),
    REASON_ERASED: _l("Personal data erased at the delegate's request"),
    REASON_RETENTION: _l("Personal data erased: the event's retention period ended"),
    REASON_ADDED_BY_ORGANIZER: _l("Added by an organizer, with consent given on the delegate's behalf"),
    REASON_IMPORTED: _l("Imported from a file, with consent given on the delegate's behalf"),
    REASON_UNDONE: _l("A bulk decision was undone"),
}

STATUS_BADGES = {
    RegistrationStatus.PENDING: "text-bg-warning",
    RegistrationStatus.CONFIRMED: "text-bg-success",
    RegistrationStatus.WAITLISTED: "text-bg-info",
    RegistrationStatus.REJECTED: "text-bg-danger",
    RegistrationStatus.WITHDRAWN: "text-bg-secondary",
}

ALL_COUNTRY_CODES = frozenset(c.alpha_2 for c in pycountry.countries)


def category_label(category) -> str:
    return str(CATEGORY_LABELS.get(RegistrationCategory(getattr(category, "value", category)), category))


def reason_label(reason: str) -> str:
    return str(SYSTEM_REASONS.get(reason, reason))


def status_label(status) -> str:
    return str(STATUS_LABELS.get(RegistrationStatus(getattr(status, "value", status)), status))


def member_states() -> list[MemberState]:
    return db.session.scalars(
        select(MemberState).options(selectinload(MemberState.cities)).order_by(MemberState.position, MemberState.code)
    ).all()


def country_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """ASEAN member states first (as the MemberState rows list them), then every country in the
    reader's alphabetical order (Thai dictionary order; English by base letters, Å among the A's)."""
    states = [(m.code, m.name) for m in member_states()]
    everyone = sorted(((code, country_name(code)) for code in ALL_COUNTRY_CODES), key=lambda c: sort_key(c[1]))
    groups = []
    if states:
        groups.append((str(_l("ASEAN member states")), states))
    groups.append((str(_l("All countries")), everyone))
    return groups


def city_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The ASCN pilot cities grouped by member state (for <optgroup>)."""
    return [
        (state.name, [(c.slug, c.name) for c in state.cities if c.is_ascn_pilot])
        for state in member_states()
        if state.cities
    ]


def city_by_slug(slug: str) -> City | None:
    return db.session.scalar(select(City).where(City.slug == slug))
