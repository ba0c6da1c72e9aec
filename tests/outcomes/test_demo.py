"""The outcomes and report demo steps, with the 2019 Roundtable sessions the agenda demo makes."""

import datetime as dt

from sqlalchemy import func, select

from eventsys.db import db
from eventsys.demo.data import ROUNDTABLE_2019_SESSIONS
from eventsys.demo.seed import seed_demo
from eventsys.events.models import Event
from eventsys.outcomes.models import Outcome, OutcomeStatus
from eventsys.reports.models import ReportItem, SummitReport


def roundtable_outcomes():
    """The Roundtable's outcomes: other demo steps add outcomes of their own (the projects area's pitch
    session at the Annual Meeting)."""
    from eventsys.agenda.models import AgendaSession

    return (
        select(Outcome)
        .join(AgendaSession, AgendaSession.id == Outcome.session_id)
        .join(Event, Event.id == AgendaSession.event_id)
        .where(Event.slug == "ascn-roundtable-2019")
    )


def without_agenda_demo(app, monkeypatch):
    """Leave out the agenda's demo step, to see how the outcomes step copes without its sessions."""
    steps = [step for step in app.extensions["eventsys.demo_steps"] if "agenda" not in step[1]]
    monkeypatch.setitem(app.extensions, "eventsys.demo_steps", steps)


def roundtable_sessions(make, keys):
    seed_demo(today=dt.date(2026, 11, 24))
    event = db.session.scalar(select(Event).where(Event.slug == "ascn-roundtable-2019"))
    return {
        key: make.session(event, ROUNDTABLE_2019_SESSIONS[key], start=f"{9 + i}:00", minutes=50)
        for i, key in enumerate(keys)
    }


def seeded_sessions(keys):
    """The sessions the agenda demo made, found by their titles as the outcomes step finds them."""
    from eventsys.agenda.models import AgendaSession

    return {
        key: db.session.scalar(select(AgendaSession).where(AgendaSession.title_en == ROUNDTABLE_2019_SESSIONS[key]))
        for key in keys
    }


def test_demo_approves_roundtable_outcomes_and_publishes_the_summit_report(app, make, client):
    assert seed_demo(today=dt.date(2026, 11, 24)) > 0
    sessions = seeded_sessions(["city_status_reports", "terms_of_reference", "monitoring_and_evaluation"])
    outcomes = db.session.scalars(roundtable_outcomes().order_by(Outcome.session_id)).all()
    assert [(o.session_id, o.status, o.approved_version.number) for o in outcomes] == [
        (sessions["city_status_reports"].id, OutcomeStatus.APPROVED, 1),
        (sessions["terms_of_reference"].id, OutcomeStatus.APPROVED, 1),
        (sessions["monitoring_and_evaluation"].id, OutcomeStatus.APPROVED, 1),
    ]
    tor = next(o for o in outcomes if o.session_id == sessions["terms_of_reference"].id)
    assert tor.approved_version.content["recommendations"][0]["text_en"] == (
        "Endorse the ASCN Terms of Reference at the ASCN Annual Meeting 2019."
    )
    assert {a["owner"] for a in tor.approved_version.content["action_items"]} == {"member_state:TH", "member_state:SG"}
    report = db.session.scalar(select(SummitReport).where(SummitReport.slug == "ascn-outcomes-35th-asean-summit"))
    assert (report.title_en, report.is_published, report.target_en) == (
        "ASCN outcomes to the 35th ASEAN Summit",
        True,
        "35th ASEAN Summit",
    )
    assert [s.title_en for s in report.sections] == [
        "Governance of the network",
        "Monitoring and evaluation",
        "Progress of the pilot cities",
    ]
    assert [(i.recommendation_id, i.outcome.session_id) for i in report.sections[0].items] == [
        ("rec-tor-endorse", sessions["terms_of_reference"].id),
        ("rec-tor-partners", sessions["terms_of_reference"].id),
    ]
    # The annual meeting page follows up the Roundtable's action items.
    html = client.get("/events/ascn-annual-meeting-2019?lang=en").get_data(as_text=True)
    assert "Follow-up from earlier meetings" in html
    assert "Report baseline indicators for Bangkok using the draft framework." in html
    # Running it again creates nothing.
    assert seed_demo(today=dt.date(2026, 11, 24)) == 0


def test_demo_skips_sessions_that_do_not_exist(app, make, monkeypatch):
    without_agenda_demo(app, monkeypatch)
    roundtable_sessions(make, ["terms_of_reference"])
    seed_demo(today=dt.date(2026, 11, 24))
    assert db.session.scalar(select(func.count()).select_from(roundtable_outcomes().subquery())) == 1
    report = db.session.scalar(select(SummitReport))
    assert [s.title_en for s in report.sections] == ["Governance of the network"]
    assert db.session.scalar(select(func.count()).select_from(ReportItem)) == 2


def test_demo_without_agenda_sessions_creates_no_outcomes_and_no_report(app, monkeypatch):
    without_agenda_demo(app, monkeypatch)
    seed_demo(today=dt.date(2026, 11, 24))
    assert db.session.scalar(select(func.count()).select_from(roundtable_outcomes().subquery())) == 0
    assert db.session.scalar(select(func.count()).select_from(SummitReport)) == 0
