"""Test documents for the PDF service, and ways to read PDFs back (pypdf, pdffonts, pdftoppm)."""

from __future__ import annotations

import html
import io
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

HERE = Path(__file__).parent
# Real Thai sentences and the words PDF text layers misread (thai_sentences.txt says why each is there).
THAI_LINES = [
    line
    for line in (HERE / "thai_sentences.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
SHIPPED_THAI_FAMILIES = ["Noto Sans Thai eventsys", "Noto Serif Thai eventsys"]
# From Debian's fonts-thai-tlwg, which .ci/run installs: they swap tone-mark glyphs in place.
TLWG_FAMILIES = ["Loma", "Garuda", "Norasi"]
# Every family of fonts-thai-tlwg 0.7.3, for the six-extractor tests (issue 17).
ALL_TLWG_FAMILIES = [
    "Garuda",
    "Kinnari",
    "Laksaman",
    "Loma",
    "Norasi",
    "Purisa",
    "Sawasdee",
    "Tlwg Mono",
    "Tlwg Typewriter",
    "Tlwg Typist",
    "Tlwg Typo",
    "Umpush",
    "Waree",
]


def document(body: str, *, lang: str = "th", css: str = "") -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="/static/css/pdf.css"><style>{css}</style></head>'
        f"<body>{body}</body></html>"
    )


def lines_document(lines: list[str], family: str, *, nowrap: bool = True) -> str:
    """One paragraph per line in `family` (Latin falls back to Noto Sans); with `nowrap` on a page
    wide enough that no line wraps, so extracted lines match input lines."""
    css = f'p {{ font-family: "{family}", "Noto Sans eventsys"; }}'
    if nowrap:
        css += " @page { size: 1500mm 600mm; } p { white-space: nowrap; }"
    return document("".join(f"<p>{html.escape(line)}</p>" for line in lines), css=css)


def pypdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pypdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def pdffonts(pdf: bytes) -> list[dict[str, str]]:
    """pdffonts' table: name (subset prefix removed), encoding, emb, sub, uni."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        name, *_, encoding, emb, sub, uni, _object, _generation = line.split()
        rows.append({"name": name.split("+", 1)[-1], "encoding": encoding, "emb": emb, "sub": sub, "uni": uni})
    return rows


def rasterise(pdf: bytes, dpi: int = 110) -> list[bytes]:
    """Each page as a PGM image (pdftoppm)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(path), str(Path(tmp) / "page")], check=True)
        return [page.read_bytes() for page in sorted(Path(tmp).glob("page*.pgm"))]


def embedded_font_files(pdf: bytes) -> dict[str, bytes]:
    """BaseFont (subset prefix removed) -> embedded TrueType program."""
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = descriptor["/FontFile2"].get_object().get_data()
    return fonts


# --- Every kind of PDF the app makes, through its real routes and builders (issue 17) -----------

KINDS = ["agenda", "badge", "badge-sheet", "ticket", "report", "book"]
LANGUAGES = ["en", "th"]
SEED_TITLE = THAI_LINES[2]  # "เมืองอัจฉริยะหรือ Smart City คือ การนำเทคโนโลยี..." (ำ, ่, mixed Latin)
SEED_PARAGRAPH = THAI_LINES[3] + " " + THAI_LINES[0]  # ความสำเร็จ, ชำนาญ, ชั้นนำ, PPPs, ASCN
SEED_NAME = "น้ำค้าง ปั้นเหน่ง"  # a delegate's name with ้ำ and ั้
ROUNDTABLE = "ascn-roundtable-2019"
REPORT = "ascn-outcomes-35th-asean-summit"


def _in_language(app, language: str):
    return app.test_request_context(f"/?lang={language}")


def seed_every_kind(app, admin_user, make):
    """The ASCN demo data with the seed sentences in a session, the report and a delegate's name;
    the agenda published. Returns the event and the delegate."""
    import datetime as dt

    from sqlalchemy import select

    from eventsys.agenda.models import AgendaSession
    from eventsys.agenda.publishing import publish
    from eventsys.db import db
    from eventsys.demo.data import ROUNDTABLE_2019_SESSIONS
    from eventsys.demo.seed import seed_demo
    from eventsys.events.models import Event
    from eventsys.reports.models import SummitReport

    seed_demo(today=dt.date(2026, 11, 24))
    event = db.session.scalar(select(Event).where(Event.slug == ROUNDTABLE))
    session = db.session.scalar(
        select(AgendaSession).where(AgendaSession.title_en == ROUNDTABLE_2019_SESSIONS["city_data_platform"])
    )
    session.title_th = SEED_TITLE
    session.abstract_th = SEED_PARAGRAPH
    report = db.session.scalar(select(SummitReport).where(SummitReport.slug == REPORT))
    report.introduction_th = SEED_PARAGRAPH
    db.session.commit()
    publish(event, admin_user)
    delegates = [
        make.registration(
            event, first_name="Namkhang", last_name="Panneng", local_name=SEED_NAME, organisation="Digital Economy"
        ),
        make.registration(
            event,
            first_name="Nuttapon",
            last_name="Nimmanphatcharin",
            local_name="ณัฐพล นิมมานพัชรินทร์",
            organisation="สำนักงานส่งเสริมเศรษฐกิจดิจิทัล",
        ),
    ]
    return event, delegates


def _agenda_strings(app, event, language: str) -> list[list[str]]:
    """The event's title, then the session titles in the agenda's order; the cells beside a
    title (room, people) each on their own: readers order a table row's cells differently."""
    from eventsys.agenda.published import group_by_day, published_sessions

    with _in_language(app, language):
        titles, cells = [event.title], []
        for _day, sessions in group_by_day(event, published_sessions(event)):
            for session in sessions:
                titles.append(session.title)
                cells += [[person.display_name] for person in session.people]
                if session.room:
                    cells.append([session.room.name])
        return [titles, *cells]


def _book_strings(app, event, language: str) -> list[list[str]]:
    """Each session's title then its abstract (a chapter of the book), and each person's name, in
    the book's language: the whole programme, not a sample."""
    from eventsys.agenda.published import group_by_day, published_sessions

    with _in_language(app, language):
        groups, names = [], set()
        for _day, sessions in group_by_day(event, published_sessions(event)):
            for session in sessions:
                groups.append([session.title] + ([session.abstract] if session.abstract else []))
                names.update(person.display_name for person in session.people)
        return groups + [[name] for name in sorted(names)]


def _report_strings(app, language: str) -> list[list[str]]:
    from sqlalchemy import select

    from eventsys.db import db
    from eventsys.reports.models import SummitReport

    report = db.session.scalar(select(SummitReport).where(SummitReport.slug == REPORT))
    th = language == "th"
    strings = [(th and report.title_th) or report.title_en, (th and report.introduction_th) or report.introduction_en]
    for section in report.sections:
        strings.append((th and section.title_th) or section.title_en)
    return [[string for string in strings if string]]


def _badge_strings(event, delegates) -> list[list[str]]:
    """Each badge on its own (a sheet's badges are read row by row or badge by badge)."""
    return [
        [event.title_en, delegate.first_name, delegate.last_name, delegate.local_name, delegate.organisation]
        for delegate in delegates
    ]


def render_every_kind(app, client, admin_user, make) -> dict[tuple[str, str], tuple[bytes, list[list[str]]]]:
    """{(kind, language): (PDF bytes, the data's strings it must show, in groups in order)}, each PDF made as a
    user gets it: agenda, ticket and report over HTTP, badges over the API and the print service,
    the book through its builder. Badges are English whatever the language (read by an
    international audience), with each name in its own script too."""
    from eventsys.accounts.tokens import create as create_api_token
    from eventsys.badges import services as badge_services
    from eventsys.registration.tokens import manage_token
    from tests.proceedings.helpers import build_pdf

    event, delegates = seed_every_kind(app, admin_user, make)
    _, secret = create_api_token(admin_user, "every kind")
    documents = {}
    for language in LANGUAGES:
        response = client.get(f"/events/{ROUNDTABLE}/agenda.pdf?lang={language}")
        assert response.status_code == 200, response.status_code
        documents[("agenda", language)] = (response.data, _agenda_strings(app, event, language))

        delegate = delegates[0]
        response = client.get(f"/events/{ROUNDTABLE}/registration/{manage_token(delegate)}/ticket.pdf?lang={language}")
        assert response.status_code == 200, response.status_code
        with _in_language(app, language):
            ticket_strings = [
                [
                    event.title,
                    event.venue,
                    delegate.first_name,
                    delegate.last_name,
                    delegate.local_name,
                    delegate.organisation,
                ]
            ]
        documents[("ticket", language)] = (response.data, ticket_strings)

        response = client.get(f"/reports/{REPORT}.pdf?lang={language}")
        assert response.status_code == 200, response.status_code
        documents[("report", language)] = (response.data, _report_strings(app, language))

        book_strings = _book_strings(app, event, language)
        documents[("book", language)] = (build_pdf(event, language=language), book_strings)

    response = client.post(
        f"/api/v1/registrations/{delegates[0].id}/badge.pdf",
        headers={"Authorization": f"Bearer {secret}"},
        json={},
    )
    assert response.status_code == 200, response.status_code
    documents[("badge", "en")] = (response.data, _badge_strings(event, delegates[:1]))
    sheet, _run = badge_services.print_badges(event, delegates, workers=1)
    documents[("badge-sheet", "en")] = (sheet, _badge_strings(event, delegates))
    return documents
