"""The book of the demo Roundtable prints the approved outcomes the rapporteurs recorded."""

import datetime as dt

import pytest
from sqlalchemy import select

from eventsys.db import db
from eventsys.demo.seed import seed_demo
from eventsys.events.models import Event
from eventsys.proceedings.outcomes import register_outcomes_provider
from eventsys.proceedings.outcomes_source import all_outcomes_approved, approved_outcomes
from tests.pdftext import pdftotext, squash
from tests.proceedings.helpers import build_pdf

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend


def test_roundtable_book_has_the_approved_outcomes_and_no_draft_mark(app):
    register_outcomes_provider(collect=approved_outcomes, all_approved=all_outcomes_approved)
    seed_demo(today=dt.date(2026, 11, 24))
    event = db.session.scalar(select(Event).where(Event.slug == "ascn-roundtable-2019"))
    assert all_outcomes_approved(event.id)
    text = squash(pdftotext(build_pdf(event, language="en")))
    assert "Endorse the ASCN Terms of Reference at the ASCN Annual Meeting 2019." in text
    assert "DRAFT" not in text
    thai = squash(pdftotext(build_pdf(event, language="th")))
    assert "การประชุม ASEAN Smart Cities Network Roundtable Meeting and Conference" in thai


def test_collecting_with_the_real_outcomes_stays_a_few_queries(app, make, db, count_queries):
    from eventsys.proceedings.collect import collect_book
    from tests.proceedings.conftest import make_book_event

    register_outcomes_provider(collect=approved_outcomes, all_approved=all_outcomes_approved)
    small = make_book_event(make, db, sessions=2, people_per_session=1, participants=2)
    large = make_book_event(make, db, sessions=24, people_per_session=4, participants=40)
    counts = []
    for event in (small, large):
        db.session.expire_all()
        with count_queries() as counter:
            collect_book(event.id)
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 11  # 11: one of them reads the call's accepted projects (eventsys/projects)
