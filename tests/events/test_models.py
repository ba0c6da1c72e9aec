import datetime as dt

import pytest

from eventsys.events.models import RegistrationWindow


def test_registration_window_follows_explicit_dates(make):
    event = make.event(days_ahead=10)
    now = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    event.registration_opens_at = now + dt.timedelta(days=1)
    event.registration_closes_at = now + dt.timedelta(days=5)
    assert event.registration_window(now) == RegistrationWindow.NOT_YET_OPEN
    assert event.registration_window(now + dt.timedelta(days=2)) == RegistrationWindow.OPEN
    assert event.registration_window(now + dt.timedelta(days=6)) == RegistrationWindow.CLOSED


def test_registration_closes_after_the_event_without_a_window(make):
    event = make.event(days_ahead=-5, length=2)
    assert event.registration_window() == RegistrationWindow.CLOSED
    assert event.is_past()


def test_naive_datetimes_are_refused(make, db):
    event = make.event()
    event.registration_opens_at = dt.datetime(2030, 1, 1)
    with pytest.raises(Exception) as info:
        db.session.commit()
    assert "naive datetime" in str(info.value)
    db.session.rollback()


def test_times_come_back_timezone_aware_in_utc(make, db):
    event = make.event()
    bangkok = dt.timezone(dt.timedelta(hours=7))
    event.registration_closes_at = dt.datetime(2030, 1, 1, 9, 0, tzinfo=bangkok)
    db.session.commit()
    db.session.expire_all()
    assert event.registration_closes_at == dt.datetime(2030, 1, 1, 2, 0, tzinfo=dt.UTC)
    assert event.registration_closes_at.tzinfo is not None
