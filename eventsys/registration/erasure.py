"""Carrying out a delegate's request to delete their personal data (Thailand's PDPA).

The registration row stays, so seat counts, check-in history and attendance figures stay true,
but everything that identifies the person goes: names, e-mail, organisation, position, city,
needs, custom answers, the link to an account, and the mails we kept for them. Manage links stop
working. A seat they held is freed and goes to the waitlist, as on a withdrawal.
"""

from __future__ import annotations

from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.mail.services import forget_address
from eventsys.registration.models import (
    ERASED_DOMAIN,
    REASON_ERASED,
    Registration,
    RegistrationChange,
    RegistrationStatus,
)
from eventsys.registration.services import ACTIVE, _actor, lock_event, promote_waitlist


def erase_personal_data(registration: Registration, *, actor) -> Registration:
    event = lock_event(registration.event)
    db.session.refresh(registration)
    if registration.is_erased:
        return registration
    was = registration.status
    user_id, label = _actor(actor)
    if was in ACTIVE:
        registration.status = RegistrationStatus.WITHDRAWN
    # Audited without a mail: after this there is no address to write to.
    db.session.add(
        RegistrationChange(
            registration=registration,
            actor_user_id=user_id,
            actor=label,
            from_status=was,
            to_status=registration.status,
            reason=REASON_ERASED,
        )
    )
    forget_address(registration.email)
    registration.first_name = "Erased"
    registration.last_name = f"#{registration.id}"
    registration.local_name = ""
    registration.email = f"registration-{registration.id}@{ERASED_DOMAIN}"
    registration.organisation = registration.position = ""
    registration.dietary = registration.accessibility = ""
    registration.city = None
    registration.user_id = None
    registration.listed_as_participant = False
    registration.manage_key_version += 1
    registration.answers.clear()
    registration.deletion_requested_at = registration.deletion_requested_at or utcnow()
    db.session.flush()
    promoted = promote_waitlist(event, actor=None) if was == RegistrationStatus.CONFIRMED else []
    record(
        "registration.erase",
        actor=actor,
        event=event,
        target_type="registration",
        targets=[registration.id],
        status=was.value,
        promoted=[r.id for r in promoted] or None,
    )
    db.session.commit()
    return registration
