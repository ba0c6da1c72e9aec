"""Matchmaking for the permission walk's world (tests/permission_walk.py): open, with the walk's
delegate in the directory, one accepted meeting, one request waiting for them, and an empty slot."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from eventsys.db import db, utcnow
from eventsys.matchmaking import services, setup
from eventsys.matchmaking.models import MatchmakingSlot
from eventsys.registration.models import Registration, RegistrationCategory


def seed_for_walk(event, registration: Registration) -> SimpleNamespace:
    # The world's event is past; slots ahead keep matchmaking open, so every page shows its forms.
    start = (utcnow() + dt.timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    setup.add_slot_series(event, start, start + dt.timedelta(minutes=60), 20)
    setup.set_tables(event, 2)
    partner = Registration(
        event_id=event.id,
        first_name="Walk",
        last_name="Partner",
        email="walk-partner@example.org",
        country_code="AU",
        category=RegistrationCategory.EXTERNAL_PARTNER,
        status=registration.status,
        consent_at=utcnow(),
        organisation="ASEAN-Australia Smart Cities Trust Fund",
    )
    db.session.add(partner)
    db.session.commit()
    services.save_profile(registration, offers_en="A city data platform", seeks_en="Partners")
    other = services.save_profile(partner, offers_en="Grants", offers_th="ทุนสนับสนุน", seeks_en="Bankable projects")
    slots = setup.slots(event)
    accepted = services.request_meeting(partner, services.participant_of(registration), slots[0].id, "Co-funding")
    services.accept(accepted.id, registration.id)
    services.request_meeting(partner, services.participant_of(registration), slots[1].id, "A second talk")
    return SimpleNamespace(
        participant=other.id, meeting=accepted.id, empty_slot=db.session.get(MatchmakingSlot, slots[2].id).id
    )
