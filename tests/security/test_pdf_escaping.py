"""Text handed to WeasyPrint is escaped for where it lands: HTML, or a CSS string.

Every text that reaches a PDF (the event's title and venue, session titles and abstracts, people's
names and positions, a delegate's names and organisation, the report's title, introduction and
sections, the outcome's summary and recommendations) carries a form feed, a carriage return, both
quotes, a backslash and `</style><style>body{display:none}</style>`; the event's title also tries to
break out of the CSS string of the book's running header (`@top-left { content: "..." }`) with a
carriage return, which ends a CSS string like a line break or a form feed (the PDF renderer turns
form feeds into spaces before any CSS is read; escaping must hold without that). Each PDF must build, and its text, read back
by poppler and pypdf, must hold every text (control characters read as spaces) on the pages it
belongs to: a rule that took effect would hide the body, and with it the text.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from eventsys.accounts.models import Role
from eventsys.agenda.models import SessionRole
from eventsys.agenda.publishing import publish
from eventsys.badges import services as badges
from eventsys.db import db
from eventsys.outcomes import services as outcomes
from eventsys.proceedings.typeset import css_string
from eventsys.reports import services as reports
from tests.pdftext import pdftotext
from tests.proceedings.helpers import build_pdf

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend

INJECTION = "\"dq' \\ </style><style>body{display:none}</style>"
# Ends the header's CSS string with a carriage return, then removes the page's header (and hides the body).
BREAKOUT = '\r} body { display: none } @page { @top-left { content: none } } x { content: "'


def hostile(name: str) -> str:
    return f"{name}\f one\r two {INJECTION} end"


def shown(text: str) -> str:
    """What a reader of the PDF finds, white space aside (lines break anywhere): the text, without
    its control characters."""
    return "".join(text.split())


TITLE = "Escaping\f Summit" + BREAKOUT


@pytest.fixture
def world(app, make, admin_user):
    from eventsys.demo.seed import seed_reference_data

    seed_reference_data()
    event = make.event(
        "pdf-escaping",
        days_ahead=-5,
        title_en=TITLE,
        title_th=hostile("Thai title"),
        venue_en=hostile("Venue"),
        theme_en=hostile("Theme"),
    )
    organizer = make.organizer(event, email="organizer@example.org")
    rapporteur = make.with_role(event, Role.RAPPORTEUR, email="rapporteur@example.org", name=hostile("Rapporteur"))
    session = make.session(event, title_en=hostile("Session title"), abstract_en=hostile("Abstract"))
    writer = make.person(name=hostile("Writer"), local_name="", user_id=rapporteur.id)
    make.add_person_to_session(session, writer, SessionRole.RAPPORTEUR)
    speaker = make.person(name=hostile("Speaker"), local_name=hostile("Local"), position_en=hostile("Position"))
    make.add_person_to_session(session, speaker, SessionRole.SPEAKER)
    content = {
        "summary_en": hostile("Summary"),
        "summary_th": "",
        "key_messages": [{"text_en": hostile("Key message"), "text_th": "", "focus_areas": [], "dimensions": []}],
        "recommendations": [
            {"id": "rec-1", "text_en": hostile("Recommendation"), "text_th": "", "focus_areas": [], "dimensions": []}
        ],
        "action_items": [],
    }
    outcomes.save_draft(session, rapporteur, content, 0)
    outcomes.submit(session, rapporteur)
    outcome = outcomes.approve(session, organizer)
    report = reports.create_report(organizer, slug="pdf-escaping-report", title_en=hostile("Report title"))
    reports.update_report(organizer, report, introduction_en=hostile("Introduction"), target_en=hostile("Target"))
    section = reports.add_section(organizer, report, hostile("Section"), text_en=hostile("Section text"))
    reports.cite(organizer, section, outcome.id, "rec-1")
    reports.set_published(organizer, report, True)
    delegate = make.registration(
        event,
        first_name=hostile("First"),
        last_name=hostile("Last"),
        local_name=hostile("Local name"),
        organisation=hostile("Organisation"),
        listed_as_participant=True,  # the book's participant list shows only those who opted in
    )
    db.session.commit()
    publish(event, admin_user)
    return {"event": event, "organizer": organizer, "delegate": delegate, "report": report}


def texts(pdf: bytes) -> list[str]:
    """Each page's text by pypdf, and the whole by poppler, without white space."""
    assert pdf.startswith(b"%PDF")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages] + [pdftotext(pdf)]
    return ["".join(text.split()) for text in pages]


def assert_shows(pdf: bytes, *expected: str) -> None:
    pages = texts(pdf)
    whole = " ".join(pages[:-1])
    for text in expected:
        assert shown(text) in whole, f"pypdf lost {text[:30]!r}"
        assert shown(text) in pages[-1], f"pdftotext lost {text[:30]!r}"


def test_the_css_string_escapes_every_way_out():
    assert css_string("a\fb\rc\nd\te\x00f\"g'h\\i<j>k&l") == ('"a b c d e f\\22 g\\27 h\\5c i\\3c j\\3e k\\26 l"')
    assert css_string("\f\r\nplain ไทย\f") == '"plain ไทย"'
    assert "\f" not in css_string(TITLE) and "</" not in css_string(INJECTION)


def test_the_proceedings_book(world):
    pdf = build_pdf(world["event"], language="en")
    assert_shows(
        pdf,
        TITLE,
        hostile("Session title"),
        hostile("Abstract"),
        hostile("Speaker"),
        hostile("Position"),
        hostile("Summary"),
        hostile("Key message"),
        hostile("Recommendation"),
        hostile("First"),
        hostile("Organisation"),
    )
    # The running header (a CSS string) carries the title on every page after the cover.
    pages = texts(pdf)[:-1]
    assert len(pages) > 3
    assert [i for i, page in enumerate(pages[1:], start=2) if shown(TITLE) not in page] == []


def test_the_book_side_by_side(world):
    assert_shows(build_pdf(world["event"], language="both"), TITLE, hostile("Thai title"), hostile("Session title"))


def test_the_agenda_pdf(client, world):
    response = client.get("/events/pdf-escaping/agenda.pdf?lang=en")
    assert response.status_code == 200
    assert_shows(response.data, TITLE, hostile("Session title"), hostile("Speaker"), hostile("Venue"))


def test_the_summit_report_pdf(client, world):
    response = client.get("/reports/pdf-escaping-report.pdf?lang=en")
    assert response.status_code == 200
    assert_shows(
        response.data,
        hostile("Report title"),
        hostile("Introduction"),
        hostile("Target"),
        hostile("Section"),
        hostile("Section text"),
        hostile("Recommendation"),
    )


def test_a_badge(client, world):
    pdf, _run = badges.print_badges(
        world["event"], [world["delegate"]], user=world["organizer"], scope="one", workers=1, layout_name="a6"
    )
    text = "".join(pdftotext(pdf).split())
    for expected in (hostile("First"), hostile("Last"), hostile("Organisation")):
        assert shown(expected) in text


def test_a_badge_design_cannot_smuggle_css(world):
    from eventsys.badges.layouts import get_layout
    from eventsys.badges.rendering import sheet_styles

    layout = get_layout("a6", badges.get_design(world["event"]))
    styles = sheet_styles([], layout, {"speaker": "#123456", "media": "red}</style>", "x}{": "#654321"})
    assert ".c-speaker { background: #123456 }" in styles
    assert "</style>" not in styles and "x}{" not in styles and "red" not in styles
