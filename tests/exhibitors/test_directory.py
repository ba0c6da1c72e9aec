"""The public directory (search in either language, filters that work without JavaScript, empty
states), each exhibitor's page in the reader's language with its logo and booth, and the logo file."""

from __future__ import annotations

import re

import pytest

from eventsys.exhibitors import floorplan
from eventsys.exhibitors.models import ExhibitorStatus
from tests.exhibitors.conftest import add_exhibitor, image_bytes

DIRECTORY = "/events/smart-city-showcase-test/exhibitors"


def names(html: str) -> list[str]:
    listing = html.split('id="exhibitor-list"', 1)[1] if 'id="exhibitor-list"' in html else ""
    return re.findall(r'<h2 class="h6 mb-1"><a href="[^"]+"[^>]*>([^<]+)</a>', listing)


@pytest.fixture
def exhibitors(showcase):
    return {
        "depa": add_exhibitor(
            showcase,
            "Digital Economy Promotion Agency",
            name_th="สำนักงานส่งเสริมเศรษฐกิจดิจิทัล",
            kind="agency",
            topics=["industry-and-innovation"],
            description_en="Hosts the Showcase and runs the Chief Smart City Officers course.",
        ),
        "phuket": add_exhibitor(
            showcase,
            "Phuket Smart City",
            name_th="ภูเก็ตเมืองอัจฉริยะ",
            city="phuket",
            topics=["safety-and-security"],
            description_en="Tourist safety on the beaches.",
            description_th="ความปลอดภัยของนักท่องเที่ยว",
        ),
        "mastercard": add_exhibitor(
            showcase,
            "Mastercard",
            kind="company",
            country="US",
            topics=["industry-and-innovation"],
            description_en="City Possible partner.",
        ),
        "danang": add_exhibitor(showcase, "Da Nang City", country="VN", city="da-nang", topics=["safety-and-security"]),
        "pending": add_exhibitor(showcase, "Chiang Mai", status=ExhibitorStatus.PENDING),
        "declined": add_exhibitor(showcase, "Declined Co", kind="company", status=ExhibitorStatus.DECLINED),
    }


def test_the_directory_searches_and_filters_accepted_exhibitors(client, exhibitors):
    everyone = client.get(DIRECTORY).get_data(as_text=True)
    assert names(everyone) == ["Da Nang City", "Digital Economy Promotion Agency", "Mastercard", "Phuket Smart City"]
    assert "4 exhibitors" in everyone
    assert names(client.get(DIRECTORY + "?q=phuket").get_data(as_text=True)) == ["Phuket Smart City"]
    # Thai names and descriptions are searched too, and so are English descriptions.
    assert names(client.get(DIRECTORY + "?q=ภูเก็ต").get_data(as_text=True)) == ["Phuket Smart City"]
    assert names(client.get(DIRECTORY + "?q=นักท่องเที่ยว").get_data(as_text=True)) == ["Phuket Smart City"]
    assert names(client.get(DIRECTORY + "?q=chief smart city").get_data(as_text=True)) == [
        "Digital Economy Promotion Agency"
    ]
    assert names(client.get(DIRECTORY + "?kind=company").get_data(as_text=True)) == ["Mastercard"]
    assert names(client.get(DIRECTORY + "?country=VN").get_data(as_text=True)) == ["Da Nang City"]
    assert names(client.get(DIRECTORY + "?topic=safety-and-security").get_data(as_text=True)) == [
        "Da Nang City",
        "Phuket Smart City",
    ]
    assert names(client.get(DIRECTORY + "?topic=safety-and-security&country=TH").get_data(as_text=True)) == [
        "Phuket Smart City"
    ]
    # LIKE's wildcards are searched as text.
    nothing = client.get(DIRECTORY + "?q=%25").get_data(as_text=True)
    assert names(nothing) == []
    assert "No exhibitor matches" in nothing
    assert "Clear the search and filters" in nothing


@pytest.mark.one_backend  # the order is Thai collation in Python, not SQL
def test_thai_readers_see_thai_names_in_thai_order(client, exhibitors):
    html = client.get(DIRECTORY + "?lang=th").get_data(as_text=True)
    assert names(html) == ["Da Nang City", "Mastercard", "ภูเก็ตเมืองอัจฉริยะ", "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล"]
    # Without a Thai name, the English one, marked as English.
    mastercard = exhibitors["mastercard"].id
    assert f'<a href="/events/smart-city-showcase-test/exhibitors/{mastercard}" lang="en">Mastercard</a>' in html


@pytest.mark.one_backend  # rendering only
def test_an_empty_directory_says_so(client, showcase):
    html = client.get(DIRECTORY).get_data(as_text=True)
    assert "No exhibitors yet" in html
    assert client.get("/events/no-such-event/exhibitors").status_code == 404


def test_the_exhibitor_page_shows_the_profile_logo_and_booth(client, showcase, organizer):
    hall = floorplan.save_hall(showcase, floorplan.HallData("Hall 1", "ฮอลล์ 1", 10, 6), actor=organizer)
    booth = floorplan.save_booth(showcase, floorplan.BoothData(hall.id, "A1", 0, 0, 2, 2), actor=organizer)
    phuket = add_exhibitor(
        showcase,
        "Phuket Smart City",
        name_th="ภูเก็ตเมืองอัจฉริยะ",
        city="phuket",
        description_en="Tourist safety.",
        logo=image_bytes("JPEG"),
    )
    booth.exhibitor_id = phuket.id
    from eventsys.db import db

    db.session.commit()
    url = f"{DIRECTORY}/{phuket.id}"
    html = client.get(url).get_data(as_text=True)
    assert f'src="{url}/logo"' in html and 'alt="Logo of Phuket Smart City"' in html
    assert '<h1 id="page-title" class="fw-bold h2">Phuket Smart City</h1>' in html
    assert f'href="/events/smart-city-showcase-test/floorplan#hall-{hall.id}">Booth A1</a>' in html
    assert "0 people registered" in html
    thai = client.get(url + "?lang=th").get_data(as_text=True)
    assert '<h1 id="page-title" class="fw-bold h2">ภูเก็ตเมืองอัจฉริยะ</h1>' in thai
    # No Thai description: the English one, marked as English.
    assert '<div class="ex-description" lang="en">' in thai
    logo = client.get(url + "/logo")
    assert (logo.status_code, logo.mimetype, logo.data) == (200, "image/jpeg", image_bytes("JPEG"))
    assert logo.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"{DIRECTORY}/999999").status_code == 404
