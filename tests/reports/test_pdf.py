import re

from eventsys.reports.pdf import report_pdf
from tests.pdftext import pdfinfo, pdftotext, squash
from tests.reports.helpers import report_with_citation


def test_pdf_has_cover_contents_with_page_numbers_numbered_sections_footnotes_and_thai(cast):
    report, _outcome = report_with_citation(cast)
    pdf = report_pdf(report)
    assert pdfinfo(pdf)["Pages"] == "3"
    assert pdfinfo(pdf)["Title"] == "ASCN outcomes to the 35th ASEAN Summit"
    pages = pdftotext(pdf).split("\f")
    cover, _contents, body = (squash(p) for p in pages[:3])
    assert cover.startswith("ASCN outcomes to the 35th ASEAN Summit")
    assert "Reported to: 35th ASEAN Summit" in cover and "Editor: Event Organizer" in cover
    assert "ผลการดำเนินงานของเครือข่ายเมืองอัจฉริยะอาเซียน" in cover
    toc = squash(pdftotext(pdf, raw=False).split("\f")[1])
    assert re.search(r"Introduction\s*\.+\s*3", toc)
    assert re.search(r"1\. Governance of the network\s*\.+\s*3", toc)
    assert "1. Governance of the network / " + "การกำกับดูแลเครือข่าย" in body
    assert "The Roundtable recommended: Endorse the Terms of Reference at the Annual Meeting.1" in body
    assert "รับรองขอบเขตการดำเนินงานในการประชุมประจำปี" in body
    # The footnote names the session and event and links back (a long URL may wrap after a "/" or
    # a "-", wherever the dates before it, which follow today's date, leave it).
    assert "1. Draft ASCN Terms of Reference, ASCN Roundtable (test), " in body
    unwrapped = re.sub(r"([/-]) ", r"\1", body)
    assert f"http://localhost/events/{cast.event.slug}/sessions/{cast.session.id}/outcomes#rec-1" in unwrapped


def test_pdf_embeds_the_thai_font(cast):
    import subprocess
    import tempfile

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


def test_pdf_with_thai_headings(cast):
    report, _outcome = report_with_citation(cast)
    text = squash(pdftotext(report_pdf(report, "th")))
    assert "สารบัญ" in text and "บทนำ" in text
    assert "รายงานต่อ: 35th ASEAN Summit" in text
