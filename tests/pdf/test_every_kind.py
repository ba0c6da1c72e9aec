"""Issue 8, point 1: Thai copied out of every kind of PDF eventsys makes is exactly the input.

The same seed sentences (SARA AM, stacked tone marks, mixed Thai and Latin) go through the agenda
PDF, a badge, the summit report and the proceedings book, and come back through poppler's
`pdftotext -raw` and through pypdf. Thai lines break without spaces, so the comparison ignores
white space, as a reader searching the text would.
"""

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from eventsys.accounts.tokens import create as create_api_token
from eventsys.agenda.models import AgendaSession
from eventsys.agenda.publishing import publish
from eventsys.db import db
from eventsys.demo.data import ROUNDTABLE_2019_SESSIONS
from eventsys.demo.seed import seed_demo
from eventsys.events.models import Event
from eventsys.reports.models import SummitReport
from tests.pdf.documents import pypdf_text
from tests.pdftext import pdftotext
from tests.proceedings.helpers import build_pdf

SENTENCES = [
    line
    for line in (Path(__file__).parent / "thai_sentences.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
TITLE = SENTENCES[2]  # "เมืองอัจฉริยะหรือ Smart City คือ การนำเทคโนโลยี..." (ำ, ่, mixed Latin)
PARAGRAPH = SENTENCES[3] + " " + SENTENCES[0]  # ความสำเร็จ, ชำนาญ, ชั้นนำ, PPPs, ASCN
NAME = "น้ำค้าง ปั้นเหน่ง"  # a delegate's name with ้ำ and ั้


def no_space(text: str) -> str:
    return "".join(text.split())


def assert_exact(pdf: bytes, *expected: str) -> None:
    for extractor in (pdftotext, pypdf_text):
        text = no_space(extractor(pdf))
        for phrase in expected:
            assert no_space(phrase) in text, f"{extractor.__name__} lost {phrase[:40]!r}"


@pytest.fixture
def roundtable(app, admin_user):
    seed_demo(today=dt.date(2026, 11, 24))
    event = db.session.scalar(select(Event).where(Event.slug == "ascn-roundtable-2019"))
    session = db.session.scalar(
        select(AgendaSession).where(AgendaSession.title_en == ROUNDTABLE_2019_SESSIONS["city_data_platform"])
    )
    session.title_th = TITLE
    session.abstract_th = PARAGRAPH
    db.session.commit()
    publish(event, admin_user)
    return event


def test_agenda_pdf(client, roundtable):
    response = client.get("/events/ascn-roundtable-2019/agenda.pdf?lang=th")
    assert response.status_code == 200
    assert_exact(response.data, TITLE)


def test_badge(client, roundtable, admin_user, make):
    delegate = make.registration(roundtable, first_name="Namkhang", last_name="Panneng", local_name=NAME)
    _, secret = create_api_token(admin_user, "badge test")
    response = client.post(
        f"/api/v1/registrations/{delegate.id}/badge.pdf", headers={"Authorization": f"Bearer {secret}"}, json={}
    )
    assert response.status_code == 200
    assert_exact(response.data, NAME)


def test_summit_report(client, roundtable):
    report = db.session.scalar(select(SummitReport).where(SummitReport.slug == "ascn-outcomes-35th-asean-summit"))
    report.introduction_th = PARAGRAPH
    db.session.commit()
    response = client.get("/reports/ascn-outcomes-35th-asean-summit.pdf?lang=th")
    assert response.status_code == 200
    assert_exact(response.data, PARAGRAPH)


def test_proceedings_book(roundtable):
    assert_exact(build_pdf(roundtable, language="th"), TITLE, PARAGRAPH)
