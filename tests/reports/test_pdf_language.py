"""The web's summit report PDF is in the reader's language: ?lang= first, then the language chosen
in the interface (cookie), then the browser's."""

import pytest

from tests.pdftext import pdfinfo, pdftotext, squash
from tests.reports.helpers import report_with_citation

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend

TITLE_EN = "ASCN outcomes to the 35th ASEAN Summit"
TITLE_TH = "ผลการดำเนินงานของเครือข่ายเมืองอัจฉริยะอาเซียน"


def fetch(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response


def test_the_language_asked_for_in_the_address(cast, client):
    report, _outcome = report_with_citation(cast)
    thai = fetch(client, f"/reports/{report.slug}.pdf?lang=th", **{"Accept-Language": "en"})
    assert pdfinfo(thai.data)["Title"] == TITLE_TH
    assert thai.headers["Content-Language"] == "th"
    text = squash(pdftotext(thai.data))
    assert "สารบัญ" in text and "บทนำ" in text and "1. การกำกับดูแลเครือข่าย" in text
    assert "รายงานต่อ: 35th ASEAN Summit" in text

    english = fetch(client, f"/reports/{report.slug}.pdf?lang=en", **{"Accept-Language": "th"})
    assert pdfinfo(english.data)["Title"] == TITLE_EN
    assert "Contents" in pdftotext(english.data)


def test_the_language_chosen_in_the_interface_then_the_browsers(cast, client):
    report, _outcome = report_with_citation(cast)
    client.post("/language/th", data={"next": f"/reports/{report.slug}"})
    chosen = fetch(client, f"/reports/{report.slug}.pdf", **{"Accept-Language": "en"})
    assert pdfinfo(chosen.data)["Title"] == TITLE_TH
    assert "Vary" in chosen.headers and "Cookie" in chosen.headers["Vary"]

    client.post("/language/en", data={"next": f"/reports/{report.slug}"})
    assert pdfinfo(fetch(client, f"/reports/{report.slug}.pdf", **{"Accept-Language": "th"}).data)["Title"] == TITLE_EN

    client.delete_cookie("lang")
    browser = fetch(client, f"/reports/{report.slug}.pdf", **{"Accept-Language": "th-TH,th;q=0.9,en;q=0.5"})
    assert pdfinfo(browser.data)["Title"] == TITLE_TH
