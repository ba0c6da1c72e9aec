import datetime as dt

from sqlalchemy import func, select

from eventsys.db import db
from eventsys.demo.seed import seed_demo
from eventsys.events.models import City, Event, MemberState, PartnerCountry, Topic, TopicScheme


def counts():
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (City, Event, MemberState, PartnerCountry, Topic)
    }


def test_seed_loads_the_real_series(app):
    seed_demo(today=dt.date(2026, 11, 24))
    assert counts() == {"City": 26, "Event": 4, "MemberState": 10, "PartnerCountry": 5, "Topic": 13}
    roundtable = db.session.scalar(select(Event).filter_by(slug="ascn-roundtable-2019"))
    assert (roundtable.start_date, roundtable.end_date) == (dt.date(2019, 6, 6), dt.date(2019, 6, 7))
    assert "BITEC" in roundtable.venue_en
    assert [h.organisation.acronym or h.organisation.name_en for h in roundtable.hosts] == [
        "MDES",
        "Ministry of Energy",
        "Ministry of Transport",
    ]
    annual = db.session.scalar(select(Event).filter_by(slug="ascn-annual-meeting-2019"))
    assert (annual.start_date, annual.end_date) == (dt.date(2019, 8, 22), dt.date(2019, 8, 24))
    assert annual.theme_en == "Advancing Partnership for Sustainability"
    assert db.session.scalar(select(Event).filter_by(slug="world-smart-city-showcase-2020")).start_date.year == 2020
    focus = db.session.scalars(
        select(Topic.name_en).filter_by(scheme=TopicScheme.FOCUS_AREA).order_by(Topic.position)
    ).all()
    assert focus == [
        "Civic and Social",
        "Health and Well-being",
        "Safety and Security",
        "Quality Environment",
        "Built Infrastructure",
        "Industry and Innovation",
    ]
    assert len(db.session.scalars(select(Topic).filter_by(scheme=TopicScheme.SMART_CITY_DIMENSION)).all()) == 7
    viet_nam = db.session.get(MemberState, "VN")
    assert [c.name_en for c in viet_nam.cities] == ["Da Nang", "Hanoi", "Ho Chi Minh City"]


def test_sample_event_is_a_month_after_seeding_with_open_registration(app):
    seed_demo(today=dt.date(2026, 11, 24))
    sample = db.session.scalar(select(Event).filter_by(slug="ascn-roundtable-sample"))
    assert sample.is_sample
    assert sample.start_date == dt.date(2026, 12, 24)
    assert sample.registration_mode.value == "open"


def test_seeding_twice_changes_nothing(app):
    assert seed_demo(today=dt.date(2026, 11, 24)) > 0
    before = counts()
    sample = db.session.scalar(select(Event).filter_by(slug="ascn-roundtable-sample"))
    sample.title_en = "Edited by an organizer"
    db.session.commit()
    assert seed_demo(today=dt.date(2027, 1, 1)) == 0
    assert counts() == before
    db.session.expire_all()
    sample = db.session.scalar(select(Event).filter_by(slug="ascn-roundtable-sample"))
    assert sample.title_en == "Edited by an organizer"
    assert sample.start_date == dt.date(2026, 12, 24)


def test_seed_demo_command(app):
    runner = app.test_cli_runner()
    assert "new row(s)" in runner.invoke(args=["seed-demo"]).output
    assert "nothing changed" in runner.invoke(args=["seed-demo"]).output
