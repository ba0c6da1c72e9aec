from sqlalchemy import func, select

from eventsys.checkin.demo import seed_checkin_demo
from eventsys.checkin.models import CheckinList
from eventsys.events.models import Event


def test_demo_makes_day_lists_once(seeded, db):
    roundtable = db.session.scalar(select(Event).filter_by(slug="ascn-roundtable-2019"))
    keys = db.session.scalars(
        select(CheckinList.key)
        .filter_by(event_id=roundtable.id)
        .where(CheckinList.session_id.is_(None))
        .order_by(CheckinList.position)
    ).all()
    assert keys == ["day-2019-06-06", "day-2019-06-07"]
    total = db.session.scalar(select(func.count()).select_from(CheckinList))
    assert seed_checkin_demo(roundtable.start_date) == 0
    assert db.session.scalar(select(func.count()).select_from(CheckinList)) == total
