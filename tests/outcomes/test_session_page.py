"""A session's public page shows its approved outcomes and the summit reports that cite it."""

import datetime as dt

import pytest
from sqlalchemy import select

from eventsys.agenda.models import AgendaSession
from eventsys.db import db
from eventsys.demo.data import ROUNDTABLE_2019_SESSIONS
from eventsys.demo.seed import seed_demo


def session_titled(title):
    return db.session.scalar(select(AgendaSession).where(AgendaSession.title_en == title))


@pytest.fixture(scope="module")
def demo_site(request, database, tmp_path_factory):
    """The demo as seeded on 24 November 2026, shared by this module's tests (they only read it)."""
    from tests.conftest import fresh_app, shared_world

    with (
        pytest.MonkeyPatch.context() as monkeypatch,
        fresh_app(database, tmp_path_factory.mktemp("demo"), monkeypatch) as made,
    ):
        seed_demo(today=dt.date(2026, 11, 24))
        with shared_world(request.module.__name__):
            yield made


def test_session_page_lists_outcomes_and_the_reports_citing_it(demo_client):
    client = demo_client
    tor = session_titled(ROUNDTABLE_2019_SESSIONS["terms_of_reference"])
    html = client.get(f"/events/ascn-roundtable-2019/sessions/{tor.id}?lang=en").get_data(as_text=True)
    assert "Endorse the ASCN Terms of Reference at the ASCN Annual Meeting 2019." in html
    assert "Reports citing this session" in html
    assert "ASCN outcomes to the 35th ASEAN Summit" in html
    assert 'href="/reports/ascn-outcomes-35th-asean-summit"' in html


def test_a_session_without_outcomes_says_so(demo_client):
    client = demo_client
    platform = session_titled(ROUNDTABLE_2019_SESSIONS["city_data_platform"])
    html = client.get(f"/events/ascn-roundtable-2019/sessions/{platform.id}?lang=en").get_data(as_text=True)
    assert "No approved outcomes for this session yet." in html
    assert "No published report cites this session yet." in html
