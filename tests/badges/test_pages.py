"""Organizer badge pages: overview, design, preview, print runs through a job, desk reprint."""

import re

from sqlalchemy import select

from eventsys.badges import services
from eventsys.badges.models import BadgeDesign, BadgePrint
from tests.conftest import login
from tests.pdftext import pdfinfo, pdftotext


def test_badges_page_is_for_organizers(app, client, make, event, delegate, organizer, staff):
    login(client, staff)
    assert client.get(f"/events/{event.slug}/badges/").status_code == 403
    client.post("/logout")
    login(client, organizer)
    page = client.get(f"/events/{event.slug}/badges/?lang=en")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "1 confirmed delegates · 0 badges printed · 0 codes revoked by replacements" in html
    assert "Nuttapon Nimmanphatcharin" in html and "not issued" in html


def test_preview_shows_the_badge_at_print_size(app, client, event, delegate, organizer):
    login(client, organizer)
    html = client.get(f"/events/{event.slug}/badges/preview/{delegate.id}?layout=a7&lang=en").get_data(as_text=True)
    assert "Badge preview: Nuttapon Nimmanphatcharin" in html
    assert ".bdg { width: 74.00mm; height: 105.00mm;" in html
    assert 'lang="th">ณัฐพล นิมมานพัชรินทร์</div>' in html
    assert "data:image/svg+xml;base64," in html and "css/badges.css" in html
    assert 'lang="en" class="bdg"' in html  # the badge is English inside a page in the reader's language


def test_the_preview_page_is_in_the_readers_language_and_the_badge_stays_english(
    app, client, event, delegate, organizer
):
    login(client, organizer)
    html = client.get(f"/events/{event.slug}/badges/preview/{delegate.id}?lang=th").get_data(as_text=True)
    assert '<html lang="th">' in html
    assert "<title>ตัวอย่างบัตร · Nuttapon Nimmanphatcharin" in html
    assert '<div lang="en" class="bdg">' in html
    assert 'alt="QR code: badge ' in html


def test_print_run_through_a_job_then_download(app, client, make, event, delegate, organizer):
    make.registration(event, first_name="Second", last_name="Delegate")
    login(client, organizer)
    response = client.post(f"/events/{event.slug}/badges/print", data={"layout": "a6-4up"})
    assert response.status_code == 302
    job_url = response.headers["Location"]
    assert re.fullmatch(rf"/events/{event.slug}/badges/jobs/[0-9a-f-]{{36}}", job_url), job_url
    page = client.get(job_url + "?lang=en").get_data(as_text=True)
    assert "Done: 2 badges ready." in page
    status = client.get(job_url + ".json").json
    assert (status["status"], status["progress"], status["result"]["badges"]) == ("done", 100, 2)
    pdf = client.get(status["download_url"])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdfinfo(pdf.data)["Pages"] == "1"
    assert "Second" in pdftotext(pdf.data)
    run = services.print_history(event)[0]
    assert (run.scope, run.badge_count, run.actor) == ("all", 2, "organizer@example.org")


def test_print_with_nothing_matching_says_so(app, client, event, organizer):
    login(client, organizer)
    response = client.post(f"/events/{event.slug}/badges/print", data={"layout": "a6-4up"}, follow_redirects=True)
    assert "No confirmed registrations match: there is nothing to print." in response.get_data(as_text=True)


def test_desk_reprint_returns_a_pdf_keeps_the_code_and_counts(app, client, db, event, delegate, organizer):
    login(client, organizer)
    first = client.post(f"/events/{event.slug}/badges/registrations/{delegate.id}/print")
    second = client.post(f"/events/{event.slug}/badges/registrations/{delegate.id}/print")
    assert first.mimetype == second.mimetype == "application/pdf"
    assert pdfinfo(second.data)["Page size"].startswith("297.638 x 419.528")  # A6 even when sheets are 4-up
    assert [r.reprint_count for r in db.session.scalars(select(BadgePrint).order_by(BadgePrint.id))] == [0, 1]
    html = client.get(f"/events/{event.slug}/badges/?lang=en").get_data(as_text=True)
    assert "serial 1 · printed 2 times" in html and "0 codes revoked by replacements" in html


def test_design_saves_layout_colours_and_label_grid(app, client, db, event, organizer):
    login(client, organizer)
    data = {
        "layout": "label",
        "label_columns": "2",
        "label_rows": "5",
        "label_width_mm": "95",
        "label_height_mm": "50",
        "margin_top_mm": "10",
        "margin_left_mm": "8",
        "gap_mm": "2",
        "colour_media": "#FF0000",
        "colour_speaker": "#b91c1c",
    }
    response = client.post(f"/events/{event.slug}/badges/design", data=data, follow_redirects=True)
    assert "Badge design saved." in response.get_data(as_text=True)
    design = db.session.scalar(select(BadgeDesign))
    assert (design.layout, design.label_rows, design.colours) == ("label", 5, {"media": "#ff0000"})
    too_wide = dict(data, label_columns="3")
    response = client.post(f"/events/{event.slug}/badges/design", data=too_wide, follow_redirects=True)
    assert "That label grid does not fit on an A4 sheet." in response.get_data(as_text=True)
    tiny = dict(data, label_width_mm="40", label_height_mm="25")
    response = client.post(f"/events/{event.slug}/badges/design", data=tiny, follow_redirects=True)
    assert "Those labels are too small for a badge code that scans: make them larger." in response.get_data(
        as_text=True
    )
    bad_colour = dict(data, colour_media="red")
    response = client.post(f"/events/{event.slug}/badges/design", data=bad_colour, follow_redirects=True)
    assert "Colours are written #rrggbb." in response.get_data(as_text=True)
    assert db.session.scalar(select(BadgeDesign)).label_columns == 2


def test_label_layout_prints_on_the_configured_grid(app, make, event, organizer):
    services.save_design(
        event,
        layout="label",
        label_columns=2,
        label_rows=5,
        label_width_mm=95,
        label_height_mm=50,
        margin_top_mm=10,
        margin_left_mm=8,
        gap_mm=2,
    )
    people = [make.registration(event, first_name=f"Label{i}", last_name="Person") for i in range(11)]
    pdf, run = services.print_badges(event, people, workers=1)
    assert run.layout == "label" and services.get_design(event).label_rows == 5
    assert pdfinfo(pdf)["Pages"] == "2"
    assert len(re.findall(r"Label\d+", pdftotext(pdf))) == 11
