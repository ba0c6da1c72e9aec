"""The demo Showcase: believable exhibitors with logos, two halls whose booths keep the floor plan's
rules, once however often the demo is seeded."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.db import db
from eventsys.events.models import Event
from eventsys.exhibitors.geometry import Rect, inside, overlaps
from eventsys.exhibitors.models import Exhibitor, ExhibitorStatus, Hall

pytestmark = pytest.mark.one_backend  # demo data: the same rows on either database


def test_the_showcase_has_exhibitors_and_a_valid_floor_plan(seeded, client):
    from eventsys.exhibitors.demo import seed_exhibitors_demo

    event = db.session.scalar(select(Event).where(Event.slug == "world-smart-city-showcase-2020"))
    exhibitors = db.session.scalars(select(Exhibitor).where(Exhibitor.event_id == event.id)).all()
    accepted = {e.name_en for e in exhibitors if e.status == ExhibitorStatus.ACCEPTED}
    assert {
        "Digital Economy Promotion Agency (depa)",
        "Mastercard City Possible",
        "Huawei",
        "Phuket Smart City",
        "Khon Kaen Smart City",
        "Bangkok Metropolitan Administration",
        "Yala City Municipality",
    } <= accepted
    assert all(e.name_th and e.logo_type == "image/png" for e in exhibitors)
    halls = db.session.scalars(select(Hall).where(Hall.event_id == event.id).order_by(Hall.position)).all()
    assert len(halls) == 2
    for hall in halls:
        rects = [Rect(b.x, b.y, b.w, b.h) for b in hall.booths]
        assert all(inside(r, hall.width, hall.height) for r in rects)
        assert not any(overlaps(a, b) for i, a in enumerate(rects) for b in rects[i + 1 :])
    placed = [b for hall in halls for b in hall.booths if b.exhibitor_id]
    assert len(placed) >= 10
    logo = client.get(f"/events/{event.slug}/exhibitors/{placed[0].exhibitor_id}/logo")
    assert (logo.status_code, logo.mimetype, logo.data[:8]) == (200, "image/png", b"\x89PNG\r\n\x1a\n")
    assert seed_exhibitors_demo(None) == 0  # a second run adds nothing
