"""The floor plan editor's rules through its forms, the public floor plan (an SVG whose booths link
to their exhibitors, beside an accessible list), the API's shapes, and the agenda PDF's page."""

from __future__ import annotations

import re

import pytest

from eventsys.db import db
from eventsys.exhibitors import floorplan
from eventsys.exhibitors.models import Booth, ExhibitorStatus, Hall
from tests.exhibitors.conftest import add_exhibitor

EDITOR = "/manage/events/smart-city-showcase-test/floorplan"


def booth(hall_id, number, x, y, w, h):
    return {
        "booth-hall_id": str(hall_id),
        "booth-number": number,
        "booth-x": x,
        "booth-y": y,
        "booth-w": w,
        "booth-h": h,
    }


def test_the_editor_adds_halls_and_booths_and_explains_each_refusal(organizer_client, showcase):
    added = organizer_client.post(
        EDITOR + "/halls", data={"hall-name_en": "Hall 1", "hall-name_th": "ฮอลล์ 1", "hall-width": 12, "hall-height": 8}
    )
    assert added.headers["Location"] == EDITOR
    hall = db.session.query(Hall).one()
    assert (hall.name_en, hall.name_th, hall.width, hall.height) == ("Hall 1", "ฮอลล์ 1", 12, 8)
    ok = organizer_client.post(EDITOR + "/booths", data=booth(hall.id, "A1", 0, 0, 3, 2))
    assert ok.headers["Location"] == EDITOR + "#add-booth-title"
    refusals = [
        (
            booth(hall.id, "A2", 10, 0, 3, 2),
            "The booth must lie inside the hall, which is 12 × 8 cells (x from 0 to 11, y from 0 to 7).",
        ),
        (booth(hall.id, "A2", 2, 1, 2, 2), "The booth overlaps booth A1."),
        (booth(hall.id, "A1", 5, 5, 2, 2), "Another booth of this event has this number."),
        (booth(hall.id, "A2", 5, 5, 0, 2), "Enter a whole number from 1 to 200."),
        (booth(hall.id, "A2", "", 5, 2, 2), "Enter a whole number."),
        (booth(999999, "A2", 5, 5, 2, 2), "Choose a hall."),
        ({"hall-name_en": "Hall 1", "hall-width": 5, "hall-height": 5}, "Another hall of this event has this name."),
        ({"hall-name_en": "Hall 2", "hall-width": 0, "hall-height": 5}, "Enter a whole number from 1 to 200."),
    ]
    for data, message in refusals:
        target = EDITOR + ("/halls" if "hall-name_en" in data else "/booths")
        response = organizer_client.post(target, data=data)
        assert response.status_code == 422, message
        assert message in response.get_data(as_text=True), message
    assert [b.number for b in db.session.query(Booth)] == ["A1"]
    # Touching A1's edge is not overlapping.
    assert organizer_client.post(EDITOR + "/booths", data=booth(hall.id, "A2", 3, 0, 3, 2)).status_code == 302
    # A hall cannot shrink under its booths; editing a booth onto another is refused.
    shrink = organizer_client.post(f"{EDITOR}/halls/{hall.id}", data={"name_en": "Hall 1", "width": 5, "height": 8})
    assert shrink.status_code == 422
    assert "Some booths would lie outside the hall: move them first." in shrink.get_data(as_text=True)
    a2 = db.session.query(Booth).filter_by(number="A2").one()
    onto = organizer_client.post(
        f"{EDITOR}/booths/{a2.id}", data={"hall_id": hall.id, "number": "A2", "x": 1, "y": 0, "w": 3, "h": 2}
    )
    assert onto.status_code == 422
    assert "The booth overlaps booth A1." in onto.get_data(as_text=True)
    moved = organizer_client.post(
        f"{EDITOR}/booths/{a2.id}", data={"hall_id": hall.id, "number": "B7", "x": 0, "y": 5, "w": 2, "h": 3}
    )
    assert moved.headers["Location"] == EDITOR
    db.session.refresh(a2)
    assert (a2.number, a2.x, a2.y, a2.w, a2.h) == ("B7", 0, 5, 2, 3)
    assert organizer_client.post(f"{EDITOR}/booths/{a2.id}/delete").headers["Location"] == EDITOR
    assert organizer_client.post(f"{EDITOR}/halls/{hall.id}/delete").headers["Location"] == EDITOR
    assert db.session.query(Booth).count() == 0


@pytest.fixture
def plan(showcase, organizer):
    hall = floorplan.save_hall(showcase, floorplan.HallData("Hall 1", "ฮอลล์ 1", 12, 8), actor=organizer)
    a1 = floorplan.save_booth(showcase, floorplan.BoothData(hall.id, "A1", 0, 0, 3, 2), actor=organizer)
    a2 = floorplan.save_booth(showcase, floorplan.BoothData(hall.id, "A2", 4, 0, 3, 2), actor=organizer)
    a3 = floorplan.save_booth(showcase, floorplan.BoothData(hall.id, "A3", 0, 4, 3, 2), actor=organizer)
    depa = add_exhibitor(showcase, "depa", name_th="ดีป้า", kind="agency")
    pending = add_exhibitor(showcase, "Pending City", status=ExhibitorStatus.PENDING)
    a1.exhibitor_id, a3.exhibitor_id = depa.id, pending.id
    db.session.commit()
    return {"hall": hall, "a1": a1, "a2": a2, "depa": depa}


@pytest.mark.one_backend  # the SVG and the list: rendering only
def test_the_floor_plan_links_each_taken_booth_to_its_exhibitor(client, showcase, plan):
    html = client.get("/events/smart-city-showcase-test/floorplan").get_data(as_text=True)
    hall, depa = plan["hall"], plan["depa"]
    svg = re.search(r"<svg class=\"fp-hall\".*?</svg>", html, re.S).group(0)
    assert 'viewBox="-0.2 -0.2 12.4 8.4"' in svg and 'role="group"' in svg
    assert f'<title id="fp-hall-{hall.id}-title">Floor plan of Hall 1</title>' in svg
    assert "12 × 8 cells; 3 booths, 1 with an exhibitor." in svg
    links = re.findall(r'<a href="([^"]+)" class="fp-booth"[^>]*aria-label="([^"]+)"', svg)
    # Only the accepted exhibitor's booth is a link: the pending one is drawn as free.
    assert links == [(f"/events/smart-city-showcase-test/exhibitors/{depa.id}", "Booth A1: depa")]
    assert re.findall(r">(A\d)</text>", svg) == ["A1", "A2", "A3"]
    table = html.split('<table class="table table-sm fp-list">', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<th scope="row">(A\d)</th>', table) == ["A1", "A2", "A3"]
    assert f'<a href="/events/smart-city-showcase-test/exhibitors/{depa.id}">depa</a>' in table
    assert "Pending City" not in html
    thai = client.get("/events/smart-city-showcase-test/floorplan?lang=th").get_data(as_text=True)
    assert ">ฮอลล์ 1</h2>" in thai and ">ดีป้า</a>" in thai


def test_the_api_gives_the_exhibitors_and_the_floor_plan(client, showcase, plan):
    depa = plan["depa"]
    listing = client.get("/api/v1/events/smart-city-showcase-test/exhibitors")
    assert listing.status_code == 200
    assert listing.get_json() == {
        "exhibitors": [
            {
                "id": depa.id,
                "name": {"en": "depa", "th": "ดีป้า"},
                "kind": "agency",
                "country": "TH",
                "city": None,
                "booth": "A1",
                "url": f"http://localhost/events/smart-city-showcase-test/exhibitors/{depa.id}",
            }
        ]
    }
    plan_json = client.get("/api/v1/events/smart-city-showcase-test/floorplan").get_json()
    assert plan_json == {
        "halls": [
            {
                "id": plan["hall"].id,
                "name": {"en": "Hall 1", "th": "ฮอลล์ 1"},
                "width": 12,
                "height": 8,
                "booths": [
                    {
                        "number": "A1",
                        "x": 0,
                        "y": 0,
                        "w": 3,
                        "h": 2,
                        "exhibitor": {"id": depa.id, "name": {"en": "depa", "th": "ดีป้า"}},
                    },
                    {"number": "A2", "x": 4, "y": 0, "w": 3, "h": 2, "exhibitor": None},
                    {"number": "A3", "x": 0, "y": 4, "w": 3, "h": 2, "exhibitor": None},
                ],
            }
        ]
    }
    for path in ("exhibitors", "floorplan"):
        missing = client.get(f"/api/v1/events/no-such-event/{path}")
        assert missing.status_code == 404
        assert missing.get_json() == {
            "error": "not_found",
            "message": "No event with slug 'no-such-event'.",
            "status": 404,
        }
    showcase.is_published = False
    db.session.commit()
    assert client.get("/api/v1/events/smart-city-showcase-test/floorplan").status_code == 404


@pytest.mark.one_backend
def test_the_agenda_pdf_ends_with_the_floor_plan_page(client, showcase, plan):
    from tests.pdftext import pdfinfo, pdftotext, squash

    pdf = client.get("/events/smart-city-showcase-test/agenda.pdf").data
    pages = int(pdfinfo(pdf)["Pages"])
    last = squash(pdftotext(pdf).split("\f")[pages - 1])
    assert last.startswith("Floor plan Hall 1")
    assert "A1 depa" in last and "A2 Free" in last and "Pending City" not in last
