"""Demo content: check-in lists (one per day, one per session) for every demo event, so the
scanner and the attendance dashboard open on real lists; and each event's badge key."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from eventsys.badges.models import BadgeKey
from eventsys.badges.services import event_key
from eventsys.checkin.models import CheckinList
from eventsys.checkin.services import ensure_lists
from eventsys.db import db
from eventsys.events.models import Event


def seed_checkin_demo(today: dt.date) -> int:
    def rows() -> int:
        return (db.session.scalar(select(func.count()).select_from(CheckinList)) or 0) + (
            db.session.scalar(select(func.count()).select_from(BadgeKey)) or 0
        )

    before = rows()
    for event in db.session.scalars(select(Event).order_by(Event.id)):
        event_key(event)
        ensure_lists(event)
    db.session.commit()
    return rows() - before
