"""The summit report PDF as a reader sees it: cover with the hosts, contents whose page numbers are
right, each quotation's session and event, and a citation list whose addresses print and link."""

import io
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from eventsys.reports import services
from eventsys.reports.pdf import report_html, report_pdf
from tests.pdftext import pdfinfo, pdftotext, squash
from tests.reports.helpers import approve, report_with_citation

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend

RECOMMENDATIONS = [
    {
        "id": f"rec-{n}",
        "text_en": text_en,
        "text_th": text_th,
        "focus_areas": ["civic-and-social"],
        "dimensions": ["smart-governance"],
    }
    for n, (text_en, text_th) in enumerate(
        [
            ("Endorse the Terms of Reference at the Annual Meeting.", "รับรองขอบเขตการดำเนินงานในการประชุมประจำปี"),
            ("Report progress with the shared indicators.", "รายงานความก้าวหน้าด้วยตัวชี้วัดร่วม"),
            ("Open a structured dialogue with external partners.", ""),
        ],
        start=1,
    )
]
SECTION_TEXT = (
    "Pilot cities compared their plans, their projects and the funding each project still needs; the "
    "delegates asked for one way of reporting progress so that the network can show the Summit what "
    "changed in each city. "
) * 6
SECTIONS = [
    ("Governance of the network", "การกำกับดูแลเครือข่าย"),
    ("Monitoring and evaluation", "การติดตามและประเมินผล"),
    ("Progress of the pilot cities", ""),
    ("Partners and funding", "พันธมิตรและแหล่งทุน"),
]


def long_report(cast):
    """A report long enough that its sections start on different pages, hosted by two ministries."""
    from eventsys.db import db
    from eventsys.events.models import EventHost, Organisation

    for position, (slug, role_en, role_th) in enumerate(
        [
            ("mdes", "through the Digital Economy Promotion Agency (depa)", "โดยสำนักงานส่งเสริมเศรษฐกิจดิจิทัล"),
            ("moen", "", ""),
        ]
    ):
        organisation = db.session.query(Organisation).filter_by(slug=slug).one()
        cast.event.hosts.append(
            EventHost(organisation=organisation, role_en=role_en, role_th=role_th, position=position)
        )
    db.session.commit()
    outcome = approve(cast, recommendations=RECOMMENDATIONS)
    report = services.create_report(
        cast.organizer,
        slug="ascn-outcomes-long",
        title_en="ASCN outcomes to the 35th ASEAN Summit",
        title_th="ผลการดำเนินงานของเครือข่ายเมืองอัจฉริยะอาเซียนต่อที่ประชุมสุดยอดอาเซียน ครั้งที่ 35",
        target_en="35th ASEAN Summit",
        target_th="การประชุมสุดยอดอาเซียน ครั้งที่ 35",
        introduction_en="Under Thailand's chairmanship.",
        introduction_th="ภายใต้การเป็นประธานของประเทศไทย",
    )
    for title_en, title_th in SECTIONS:
        section = services.add_section(cast.organizer, report, title_en, title_th, SECTION_TEXT)
        services.cite(cast.organizer, section, outcome.id, None, "The Roundtable concluded:")
        for rec in RECOMMENDATIONS:
            services.cite(cast.organizer, section, outcome.id, rec["id"])
    services.set_published(cast.organizer, report, True)
    return report


def pages_of(pdf: bytes) -> list[str]:
    """Each page's text as laid out (poppler's -layout), without the running header: the first
    line of every page after the contents."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    pages = text.split("\f")[:-1]
    return [page.split("\n", 1)[1] if number > 2 else page for number, page in enumerate(pages, start=1)]


def link_uris(pdf: bytes, page_index: int) -> list[str]:
    page = PdfReader(io.BytesIO(pdf)).pages[page_index]
    annotations = [a.get_object() for a in page.get("/Annots", [])]
    return [a["/A"]["/URI"] for a in annotations if "/A" in a and "/URI" in a["/A"]]


# A public address long enough that the cited pages' addresses take two lines in print.
LONG_BASE_URL = "https://events.asean-smart-cities-network.example.org/archive-2019"


def test_english_report_has_hosts_contents_sources_and_each_items_session_and_event(cast, app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", LONG_BASE_URL)
    report = long_report(cast)
    pdf = report_pdf(report, "en")
    assert pdfinfo(pdf)["Title"] == "ASCN outcomes to the 35th ASEAN Summit"
    pages = pages_of(pdf)
    assert len(pages) >= 6

    cover = squash(pages[0])
    # (after "ASCN", the text of the logo, whose alternative text is the network's name)
    assert "ASEAN Smart Cities Network Summit report ASCN outcomes to the 35th ASEAN Summit ผลการ" in cover
    assert "Reported to: 35th ASEAN Summit" in cover
    assert (
        "Hosted by Ministry of Digital Economy and Society (MDES), through the Digital Economy Promotion "
        "Agency (depa) Ministry of Energy" in cover
    )
    assert "Editor: Event Organizer" in cover

    # The contents: every entry's number is the page its heading is printed on (and only there).
    entries = re.findall(r"^\s*(\S.*?)\s{2,}(\d+)\s*$", pages[1], re.MULTILINE)
    titles = [title for title, _page in entries]
    assert titles == ["Introduction"] + [f"{n}. {t}" for n, (t, _th) in enumerate(SECTIONS, 1)] + ["Sources"]
    numbers = [int(page) for _title, page in entries]
    assert len(set(numbers)) >= 4  # the test means something only if the sections spread over pages
    for title, number in entries:
        found = [
            i + 1 for i, page in enumerate(pages[2:], start=2) if re.search(rf"^\s*{re.escape(title)}\s*$", page, re.M)
        ]
        assert found == [int(number)], title

    # Each quotation names its session and event, and points to its source.
    body = squash(" ".join(pages[2:-1]))
    dates = re.sub(r"\s+", " ", squash(pages[0]).split("ASCN Roundtable (test), ")[1].split(" Hosted by")[0])
    assert (
        "Endorse the Terms of Reference at the Annual Meeting. รับรองขอบเขตการดำเนินงานในการประชุมประจำปี "
        f"Recommendation · Session: Draft ASCN Terms of Reference · Event: ASCN Roundtable (test), {dates} · [2]"
    ) in body
    assert (
        f"Session outcomes · Session: Draft ASCN Terms of Reference · Event: ASCN Roundtable (test), {dates} · [1]"
        in (body)
    )

    # The citation list: 16 sources, each address printed in full and linked.
    sources_text = "\n".join(pages[numbers[-1] - 1 :])
    base = f"{LONG_BASE_URL}/events/{cast.event.slug}/sessions/{cast.session.id}/outcomes"
    # Each address wraps after a "/" only: a line that ended in a "-" would be copied without it.
    wrapped = [line.strip() for line in sources_text.splitlines() if "example.org" in line]
    assert len(wrapped) == 16 and all(line.endswith("/") for line in wrapped)
    printed = squash(re.sub(r"/\n\s*", "/", sources_text))
    assert printed.count(f"{base}#rec-1") == 4 and printed.count(f"{base} ") + printed.endswith(base) == 4
    assert f"[16] Draft ASCN Terms of Reference. ASCN Roundtable (test), {dates}." in squash(sources_text)
    uris = [uri for i in range(numbers[-1] - 1, len(pages)) for uri in link_uris(pdf, i)]
    # One link per printed line of each address: both lines go to the cited page.
    assert uris == [uri for uri in ([base] + [f"{base}#rec-{n}" for n in (1, 2, 3)]) * 4 for _line in (1, 2)]


def test_thai_report_is_in_thai_and_marks_the_english_it_quotes(cast):
    report = long_report(cast)
    pdf = report_pdf(report, "th")
    assert pdfinfo(pdf)["Title"] == "ผลการดำเนินงานของเครือข่ายเมืองอัจฉริยะอาเซียนต่อที่ประชุมสุดยอดอาเซียน ครั้งที่ 35"
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "th"
    text = squash(pdftotext(pdf))
    assert "เจ้าภาพ กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม (MDES), โดยสำนักงานส่งเสริมเศรษฐกิจดิจิทัล" in text
    assert "รายงานต่อ: การประชุมสุดยอดอาเซียน ครั้งที่ 35" in text
    assert "สารบัญ" in text and "บทนำ" in text and "1. การกำกับดูแลเครือข่าย" in text
    assert "ช่วงการประชุม: Draft ASCN Terms of Reference · งาน: การประชุมโต๊ะกลม ASCN (ทดสอบ)" in text

    html = report_html(report, "th")
    base = f"http://localhost/events/{cast.event.slug}/sessions/{cast.session.id}/outcomes"
    assert '<html lang="th">' in html
    assert f"<title>{report.title_th}</title>" in html
    # English shown in the Thai report carries its own language: the editor's untranslated section
    # title and text, the session's title, the English beside a Thai quotation, the addresses.
    assert '3. <span lang="en">Progress of the pilot cities</span></h2>' in html
    assert '<a href="#section-3" lang="en">3. Progress of the pilot cities</a>' in html
    assert f'<p class="section-text" lang="en">{SECTION_TEXT}</p>' in html.replace("&#39;", "'")
    assert f'<a href="{base}" lang="en">Draft ASCN Terms of Reference</a>' in html
    assert '<p class="parallel" lang="en">Endorse the Terms of Reference at the Annual Meeting.</p>' in html
    assert '<p lang="en">Open a structured dialogue with external partners.</p>' in html


def test_pdf_embeds_the_thai_font(cast):
    report, _outcome = report_with_citation(cast)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(report_pdf(report))
        f.flush()
        fonts = subprocess.run(["pdffonts", f.name], capture_output=True, text=True, check=True).stdout
    assert "Noto-Sans-Thai-eventsys" in fonts and "Noto-Sans-eventsys-Bold" in fonts


def test_summit_report_command_writes_the_pdf(cast, app, tmp_path):
    report, _outcome = report_with_citation(cast)
    target = tmp_path / "report.pdf"
    result = app.test_cli_runner().invoke(args=["summit-report", report.slug, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {target} (")
    assert "Governance of the network" in pdftotext(target.read_bytes())


def test_summit_report_command_refuses_unknown_and_unpublished_reports(cast, app, tmp_path):
    report, _outcome = report_with_citation(cast, published=False)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["summit-report", "no-such-report", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert "No report with slug 'no-such-report'" in result.output
    result = runner.invoke(args=["summit-report", report.slug, "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and "add --draft" in result.output
    result = runner.invoke(args=["summit-report", report.slug, "--draft", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 0 and (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")
