"""Replacing one person's badge (lost, or printed wrong): the only thing that revokes a code.

Printing again never changes a code (services.badges_for_printing). An organizer replaces a badge
with a reason; the old serial is revoked with that reason, the next serial is issued, and the
audit log records who, why and which serials. The revoked row stays beside its replacement.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eventsys.audit.services import record
from eventsys.badges.models import Badge
from eventsys.badges.services import BadgeError, current_badge, reissue
from eventsys.db import db
from eventsys.events.models import Event
from eventsys.registration.models import Registration

REASON_MAX = 500


class NothingToReplace(BadgeError):
    pass


def replace_badge(
    registration: Registration, reason: str, *, user=None, actor: str = "", ip: str | None = None
) -> Badge:
    """Void this person's current badge (lost, or wrong) and issue the next serial; the door refuses
    the old code from now on and admits the new one. Everyone else's badges are untouched. Commits."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise BadgeError(str(_l("Say why the badge is replaced (for example: lost, or a wrong name).")))
    if len(reason) > REASON_MAX:
        raise BadgeError(str(_l("The reason is too long (at most %(max)d characters).", max=REASON_MAX)))
    old = current_badge(registration)
    if old is None:
        raise NothingToReplace(str(_l("This registration has no badge yet: print it instead.")))
    label = actor or getattr(user, "email", "") or ""
    new = reissue(registration, reason, label)
    event = db.session.get(Event, registration.event_id)
    record(
        "badge.replace",
        actor=user or actor or None,
        event=event,
        target_type="registration",
        targets=[registration.id],
        ip=ip,
        reason=reason,
        revoked_serial=old.serial,
        serial=new.serial,
    )
    db.session.commit()
    return new


def forget_reasons(person) -> tuple[str, list, list] | None:
    """An erasure step (registration/erasure.py): an organizer's reason may name the person ("lost
    by ..."), so it goes; the revoked serials stay, or the door would admit the lost badge again."""
    badges = db.session.scalars(
        select(Badge).where(Badge.registration_id == person.registration_id, Badge.revoked_reason.is_not(None))
    ).all()
    for badge in badges:
        badge.revoked_reason = None
    return ("badge_replacement_reasons", [badge.serial for badge in badges], []) if badges else None
