"""What the badges area does: keys, codes, issuing and revoking badges, designs, print runs."""

from __future__ import annotations

import os
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from eventsys.audit.services import record
from eventsys.badges import tokens
from eventsys.badges.layouts import LAYOUT_NAMES, Layout, UnknownLayout, get_layout
from eventsys.badges.models import Badge, BadgeDesign, BadgeKey, BadgePrint
from eventsys.badges.placement import MIN_MODULE_MM, qr_placement
from eventsys.db import db, insert_unless_present, utcnow
from eventsys.events.models import Event
from eventsys.i18n import country_name
from eventsys.registration.models import Registration, RegistrationCategory, RegistrationStatus


class BadgeError(Exception):
    """A domain error with a message for the person who caused it."""


class InvalidCode(BadgeError):
    """Malformed, unknown event, or a signature that does not verify (HTTP 422)."""


class NothingToPrint(BadgeError):
    pass


CATEGORY_LABELS = {
    RegistrationCategory.CITY_REPRESENTATIVE: _l("Delegate"),
    RegistrationCategory.NATIONAL_FOCAL_POINT: _l("National focal point"),
    RegistrationCategory.EXTERNAL_PARTNER: _l("Partner"),
    RegistrationCategory.PRIVATE_SECTOR: _l("Private sector"),
    RegistrationCategory.MEDIA: _l("Media"),
    RegistrationCategory.OBSERVER: _l("Observer"),
    RegistrationCategory.SPEAKER: _l("Speaker"),
    RegistrationCategory.STAFF: _l("Staff"),
    RegistrationCategory.EXHIBITOR: _l("Exhibitor"),
}


def category_label(category) -> str:
    return str(CATEGORY_LABELS.get(RegistrationCategory(category), category))


# --- keys and codes ----------------------------------------------------------------------------


def event_key(event: Event) -> BadgeKey:
    """The event's key pair record, made on first use."""
    key = db.session.scalar(select(BadgeKey).filter_by(event_id=event.id))
    if key is None:
        salt = os.urandom(16)
        private = tokens.derive_private_key(current_app.config["SECRET_KEY"], salt)
        key = BadgeKey(event_id=event.id, salt=salt, public_key=tokens.public_key_bytes(private))
        db.session.add(key)
        db.session.flush()
    return key


def _private_key(key: BadgeKey):
    return tokens.derive_private_key(current_app.config["SECRET_KEY"], key.salt)


def code_for(badge: Badge, key: BadgeKey | None = None) -> str:
    key = key or event_key(db.session.get(Event, badge.event_id))
    return tokens.sign_code(_private_key(key), badge.event_id, badge.registration_id, badge.serial)


def verify_code(code) -> tokens.BadgeClaim:
    """The claim of a code whose signature verifies with its event's key; raises InvalidCode."""
    try:
        claim = tokens.parse_code(code)
    except tokens.MalformedCode as exc:
        raise InvalidCode(str(exc)) from None
    # The code carries u32 ids; ours are int4 (PostgreSQL's integer), so larger ones were never issued.
    if max(claim.event_id, claim.registration_id) > 2**31 - 1:
        raise InvalidCode("The badge code's signature does not verify: it was altered or not issued by us.")
    public_key = db.session.scalar(select(BadgeKey.public_key).filter_by(event_id=claim.event_id))
    if public_key is None or not tokens.signature_is_valid(public_key, claim):
        raise InvalidCode("The badge code's signature does not verify: it was altered or not issued by us.")
    return claim


def badge_for_claim(claim: tokens.BadgeClaim) -> Badge | None:
    return db.session.scalar(select(Badge).filter_by(registration_id=claim.registration_id, serial=claim.serial))


def scanner_keys(event: Event) -> dict:
    """What an offline scanner needs: the public key and every revoked (registration, serial)."""
    key = event_key(event)
    db.session.commit()
    revoked = db.session.execute(
        select(Badge.registration_id, Badge.serial, Badge.revoked_at)
        .where(Badge.event_id == event.id, Badge.revoked_at.is_not(None))
        .order_by(Badge.registration_id, Badge.serial)
    ).all()
    return {
        "event": event.slug,
        "event_id": event.id,
        "algorithm": "Ed25519",
        "public_key": tokens.b64url(key.public_key),
        "code_format": "ES1 + base32(version u8 | event_id u32 | registration_id u32 | serial u16 "
        "| Ed25519 signature of the first 11 bytes), big-endian",
        "revoked": [{"registration_id": r, "serial": s, "revoked_at": at.isoformat()} for r, s, at in revoked],
        "generated_at": utcnow().isoformat(),
    }


# --- issuing -----------------------------------------------------------------------------------


def current_badge(registration: Registration) -> Badge | None:
    return db.session.scalar(
        select(Badge)
        .where(Badge.registration_id == registration.id, Badge.revoked_at.is_(None))
        .order_by(Badge.serial.desc())
    )


def revoked_badges(registration: Registration) -> list[Badge]:
    """This person's replaced badges, newest first."""
    return list(
        db.session.scalars(
            select(Badge)
            .where(Badge.registration_id == registration.id, Badge.revoked_at.is_not(None))
            .order_by(Badge.serial.desc())
        )
    )


def ensure_badge(registration: Registration) -> Badge:
    """The registration's current badge, issued (serial 1, or the next one) if it has none."""
    badge = current_badge(registration)
    return badge if badge is not None else _issue(registration)


def _issue(registration: Registration) -> Badge:
    last = db.session.scalar(select(func.max(Badge.serial)).filter_by(registration_id=registration.id)) or 0
    badge = Badge(event_id=registration.event_id, registration_id=registration.id, serial=last + 1)
    db.session.add(badge)
    db.session.flush()
    return badge


def reissue(registration: Registration, reason: str = "", revoked_by: str = "") -> Badge:
    """A new serial for this one person's badge; the old code is revoked at once. Only a replacement
    does this (replacement.replace_badge, which checks the reason and records it): printing again
    never does."""
    old = current_badge(registration)
    if old is not None:
        old.revoked_at = utcnow()
        old.revoked_reason = reason[:500] or None
        old.revoked_by = revoked_by[:254] or None
    return _issue(registration)


def badges_for_printing(registrations: list[Registration]) -> list[tuple[Badge, bool]]:
    """(badge to print, whether it was printed before) for each registration, in two statements
    (two more for those who have no badge yet).

    Every print of a person's badge carries the same code, their current one (issued, serial 1 or
    the next, if they have none): a second layout or a reprint after a paper jam never voids the
    badges already handed out. Only replacement.replace_badge revokes a code."""
    ids = [registration.id for registration in registrations]
    current, last_serial = _current_badges(ids), {}
    for start in range(0, len(ids), IDS_PER_QUERY):
        part = ids[start : start + IDS_PER_QUERY]
        last_serial.update(
            db.session.execute(
                select(Badge.registration_id, func.max(Badge.serial))
                .where(Badge.registration_id.in_(part))
                .group_by(Badge.registration_id)
            ).all()
        )
    missing = [registration for registration in registrations if registration.id not in current]
    if missing:
        # Issued unless another transaction issues the same serial meanwhile (a confirmation mail
        # being delivered issues the ticket's badge): then its badge is the one to print.
        db.session.execute(
            insert_unless_present(Badge),
            [
                {
                    "event_id": registration.event_id,
                    "registration_id": registration.id,
                    "serial": last_serial.get(registration.id, 0) + 1,
                    "print_count": 0,
                }
                for registration in missing
            ],
        )
        current.update(_current_badges([registration.id for registration in missing]))
    return [(current[registration.id], current[registration.id].print_count > 0) for registration in registrations]


# Ids in one IN (...) list: well under the bound parameters a statement may carry on either database.
IDS_PER_QUERY = 5000


def _current_badges(registration_ids: list[int]) -> dict[int, Badge]:
    """Each registration's badge that is not revoked, by registration id."""
    current = {}
    for start in range(0, len(registration_ids), IDS_PER_QUERY):
        part = registration_ids[start : start + IDS_PER_QUERY]
        for badge in db.session.scalars(
            select(Badge).where(Badge.registration_id.in_(part), Badge.revoked_at.is_(None))
        ):
            current[badge.registration_id] = badge
    return current


# --- designs -----------------------------------------------------------------------------------


def get_design(event: Event) -> BadgeDesign:
    design = db.session.scalar(select(BadgeDesign).filter_by(event_id=event.id))
    if design is None:
        design = BadgeDesign(
            event_id=event.id,
            layout="a6-4up",
            colours={},
            label_columns=2,
            label_rows=4,
            label_width_mm=90,
            label_height_mm=65,
            margin_top_mm=15,
            margin_left_mm=12,
            gap_mm=3,
        )
    return design


def save_design(event: Event, **values) -> BadgeDesign:
    design = get_design(event)
    for name, value in values.items():
        setattr(design, name, value)
    layout = get_layout("label", design)
    if (
        layout.margin_left + layout.columns * layout.badge_width + (layout.columns - 1) * layout.gap > layout.page_width
        or layout.margin_top + layout.rows * layout.badge_height + (layout.rows - 1) * layout.gap > layout.page_height
    ):
        db.session.rollback()
        raise BadgeError(str(_l("That label grid does not fit on an A4 sheet.")))
    if qr_placement(layout).module_mm < MIN_MODULE_MM:
        # A code drawn smaller would not scan at the door (see eventsys.badges.placement).
        db.session.rollback()
        raise BadgeError(str(_l("Those labels are too small for a badge code that scans: make them larger.")))
    db.session.add(design)
    db.session.commit()
    return design


def colour_for(design: BadgeDesign, category: RegistrationCategory) -> str:
    from eventsys.badges.rendering import CATEGORY_COLOURS

    return (design.colours or {}).get(category.value) or CATEGORY_COLOURS[category.value]


SINGLE_BADGE_LAYOUTS = {"a6-4up": "a6", "a7-8up": "a7", "id1-9up": "id1"}


def resolve_layout(event: Event, name: str | None, *, single: bool = False) -> Layout:
    """The named layout, or the event's default; for one badge at the desk, its one-per-page twin."""
    design = get_design(event)
    if not name:
        name = SINGLE_BADGE_LAYOUTS.get(design.layout, design.layout) if single else design.layout
    try:
        return get_layout(name, design)
    except UnknownLayout as exc:
        raise BadgeError(str(exc)) from None


# --- selecting and printing --------------------------------------------------------------------


@dataclass
class Selection:
    categories: tuple[str, ...] = ()
    status: str = "confirmed"  # "confirmed" or "any"
    only_unprinted: bool = False
    search: str = ""
    registration_ids: tuple[int, ...] = ()


def select_registrations(event: Event, selection: Selection) -> list[Registration]:
    stmt = select(Registration).where(Registration.event_id == event.id)
    if selection.status == "confirmed":
        stmt = stmt.where(Registration.status == RegistrationStatus.CONFIRMED)
    if selection.categories:
        stmt = stmt.where(Registration.category.in_([RegistrationCategory(c) for c in selection.categories]))
    if selection.registration_ids:
        stmt = stmt.where(Registration.id.in_(selection.registration_ids))
    if selection.search.strip():
        like = f"%{selection.search.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Registration.first_name + " " + Registration.last_name).like(like),
                func.lower(Registration.local_name).like(like),
                func.lower(Registration.organisation).like(like),
            )
        )
    if selection.only_unprinted:
        printed = select(Badge.registration_id).where(Badge.print_count > 0)
        stmt = stmt.where(Registration.id.not_in(printed))
    return list(db.session.scalars(stmt.order_by(Registration.last_name, Registration.first_name, Registration.id)))


def colours(event: Event) -> dict[str, str]:
    design = get_design(event)
    return {category.value: colour_for(design, category) for category in RegistrationCategory}


def badge_data(event: Event, items: list[tuple[Registration, Badge]]) -> list:
    """What each badge shows, in English: badges are read by an international audience."""
    from eventsys.badges.rendering import BadgeData

    key = event_key(event)
    data = []
    with force_locale("en"):
        labels = {category: category_label(category) for category in RegistrationCategory}
        for registration, badge in items:
            city = registration.city.name_en if registration.city else ""
            place = ", ".join(part for part in (city, country_name(registration.country_code, "en")) if part)
            data.append(
                BadgeData(
                    first_name=registration.first_name.strip(),
                    last_name=registration.last_name.strip(),
                    local_name=(registration.local_name or "").strip(),
                    organisation=(registration.organisation or "").strip(),
                    place=place,
                    category=registration.category.value,
                    category_label=labels[registration.category].upper(),
                    event_title=event.title_en,
                    serial_label=f"{registration.id}·{badge.serial}",
                    code=code_for(badge, key),
                )
            )
    return data


def print_badges(
    event: Event,
    registrations: list[Registration],
    *,
    layout_name: str | None = None,
    user=None,
    actor: str = "",
    scope: str = "selection",
    workers: int = 2,
    progress=None,
    ip: str | None = None,
) -> tuple[bytes, BadgePrint]:
    """One print-ready PDF of these registrations' badges; records the print run and reprints, and
    puts the run in the audit log (`ip`: the address a background run was asked from)."""
    from eventsys.badges.printing import render_sheets

    if not registrations:
        raise NothingToPrint(str(_l("No registrations match: there is nothing to print.")))
    layout = resolve_layout(event, layout_name, single=scope == "one")
    items, reprints = [], 0
    for registration, (badge, is_reprint) in zip(registrations, badges_for_printing(registrations), strict=True):
        reprints += is_reprint
        items.append((registration, badge))
    data = badge_data(event, items)
    sheet_colours = colours(event)
    db.session.flush()  # the codes issued for this run get their ids
    badge_ids = [badge.id for _, badge in items]
    registration_ids = [registration.id for registration, _ in items]
    event_id, actor = event.id, actor or getattr(user, "email", "") or ""
    user_id = getattr(user, "id", None)
    # Rendering reads nothing from the database: commit the codes issued first, so that no
    # transaction is open while it renders (on SQLite, one lock for the whole database: the
    # progress page and everyone else would wait for the whole run).
    db.session.commit()
    pdf = render_sheets(data, layout, sheet_colours, workers=workers, progress=progress)
    now = utcnow()
    for start in range(0, len(badge_ids), IDS_PER_QUERY):
        db.session.execute(
            update(Badge)
            .where(Badge.id.in_(badge_ids[start : start + IDS_PER_QUERY]))
            .values(print_count=Badge.print_count + 1, last_printed_at=now)
        )
    run = BadgePrint(
        event_id=event_id,
        user_id=user_id,
        actor=actor,
        scope=scope,
        layout=layout.name,
        badge_count=len(items),
        reprint_count=reprints,
        registration_ids=registration_ids,
        at=now,
    )
    db.session.add(run)
    db.session.flush()
    record(
        "badge.reprint" if reprints else "badge.print",
        actor=user,
        event=event,
        target_type="registration",
        targets=run.registration_ids,
        ip=ip,
        badges=len(items),
        reprints=reprints,
        scope=scope,
        layout=layout.name,
    )
    db.session.commit()
    return pdf, run


def print_history(event: Event, limit: int = 20) -> list[BadgePrint]:
    return list(
        db.session.scalars(
            select(BadgePrint)
            .filter_by(event_id=event.id)
            .order_by(BadgePrint.at.desc(), BadgePrint.id.desc())
            .limit(limit)
        )
    )


def badge_summary(event: Event) -> dict:
    confirmed = (
        db.session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)
        )
        or 0
    )
    printed = (
        db.session.scalar(
            select(func.count(func.distinct(Badge.registration_id))).where(
                Badge.event_id == event.id, Badge.print_count > 0
            )
        )
        or 0
    )
    revoked = (
        db.session.scalar(
            select(func.count()).select_from(Badge).where(Badge.event_id == event.id, Badge.revoked_at.is_not(None))
        )
        or 0
    )
    return {"confirmed": confirmed, "printed": printed, "revoked": revoked}


__all__ = [
    "LAYOUT_NAMES",
    "badges_for_printing",
    "ensure_badge",
    "print_badges",
    "reissue",
    "scanner_keys",
    "verify_code",
]
