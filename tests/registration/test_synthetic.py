"""`flask seed-synthetic`: believable delegates, fast, and safe to run twice."""

from __future__ import annotations

from sqlalchemy import func, select

from eventsys.db import db
from eventsys.registration.models import Registration, RegistrationChange, RegistrationStatus


def test_seed_synthetic_spreads_delegates_and_respects_capacity(app, make, reference):
    event = make.event("big", capacity=400)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-synthetic", "big", "--delegates", "600", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "600 synthetic delegate(s) added to big" in result.output
    countries = set(db.session.scalars(select(Registration.country_code).distinct()))
    assert {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"} <= countries
    assert countries & {"US", "CN", "JP", "KR", "AU"}
    thai = db.session.scalars(select(Registration.local_name).where(Registration.country_code == "TH")).all()
    assert any("\u0e00" <= ch <= "\u0e7f" for name in thai for ch in name)
    confirmed = db.session.scalar(select(func.count()).where(Registration.status == RegistrationStatus.CONFIRMED))
    assert confirmed == 400
    assert db.session.scalar(select(func.count()).select_from(RegistrationChange)) == 600
    assert len(set(db.session.scalars(select(Registration.category)))) == 8
    again = runner.invoke(args=["seed-synthetic", "big", "--delegates", "10"])
    assert again.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 610
    assert event.capacity == 400


def test_unknown_event_is_a_clear_cli_error(app, reference):
    result = app.test_cli_runner().invoke(args=["seed-synthetic", "nowhere"])
    assert result.exit_code == 1
    assert "No event with slug 'nowhere'." in result.output
