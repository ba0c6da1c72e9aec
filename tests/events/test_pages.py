import re

import pytest

# What these pages show is rendered the same on either database; every page also meets PostgreSQL
# in tests/security/test_hostile_queries.py, and their queries in the services' tests.
pytestmark = pytest.mark.one_backend

THAI_ROUNDTABLE = "การประชุม ASEAN Smart Cities Network Roundtable Meeting and Conference"


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_home_lists_upcoming_sample_and_past_events_in_english(demo_client):
    response = demo_client.get("/", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    html = text_of(response)
    upcoming, past = html.split('id="past-title"')
    assert "Sample event: ASCN Roundtable (try registration here)" in upcoming
    assert "ASEAN Smart Cities Network Roundtable Meeting and Conference" in past
    assert "6–7 June 2019" in past
    assert "22–24 August 2019" in past
    assert '<html lang="en">' in html


def test_home_in_thai_shows_the_thai_event_title_and_buddhist_era_year(demo_client):
    response = demo_client.get("/", headers={"Accept-Language": "th"})
    html = text_of(response)
    assert response.status_code == 200
    assert '<html lang="th">' in html
    assert THAI_ROUNDTABLE in html
    assert "6–7 มิถุนายน 2562" in html
    assert "กิจกรรมที่ผ่านมา" in html  # "Past events"


def test_event_page_shows_dates_venue_hosts_and_registration_status(demo_client):
    html = text_of(demo_client.get("/events/ascn-roundtable-2019?lang=en"))
    assert "BITEC (Bangkok International Trade &amp; Exhibition Centre), Bangna, Bangkok" in html
    assert "Ministry of Digital Economy and Society (MDES)" in html
    assert "through the Energy Policy and Planning Office (EPPO)" in html
    status = re.search(r'id="registration-status">(.*?)</dd>', html, re.S).group(1)
    assert "Closed" in status


def test_sample_event_is_labelled_and_open_for_registration(demo_client):
    html = text_of(demo_client.get("/events/ascn-roundtable-sample?lang=en"))
    assert "Sample event for trying eventsys: not a real meeting" in html
    status = re.search(r'id="registration-status">(.*?)</dd>', html, re.S).group(1)
    assert ">Open<" in status


def test_event_page_in_thai(demo_client):
    html = text_of(demo_client.get("/events/ascn-roundtable-2019", headers={"Accept-Language": "th"}))
    assert THAI_ROUNDTABLE in html
    assert "ศูนย์นิทรรศการและการประชุมไบเทค บางนา กรุงเทพฯ" in html
    assert "ปิดแล้ว" in html  # registration closed


def test_unknown_event_is_a_friendly_404(demo_client):
    response = demo_client.get("/events/no-such-event?lang=en")
    assert response.status_code == 404
    assert "We could not find that page" in text_of(response)


def test_home_without_events_shows_empty_states(client):
    html = text_of(client.get("/?lang=en"))
    assert "No upcoming events yet" in html
    assert "No past events" in html


@pytest.mark.parametrize("language,word", [("en", "Skip to main content"), ("th", "ข้ามไปยังเนื้อหาหลัก")])
def test_layout_has_landmarks_and_skip_link(demo_client, language, word):
    html = text_of(demo_client.get(f"/?lang={language}"))
    assert word in html
    for landmark in ("<header>", "<main", "<footer", "<nav"):
        assert landmark in html
    assert "https://" not in re.sub(r'<a [^>]*href="https://[^"]*"', "", html).split("<body")[0]  # no CDN assets


def test_home_shows_the_network_of_26_pilot_cities(demo_client):
    html = text_of(demo_client.get("/?lang=en"))
    assert "26 pilot cities in 10 ASEAN member states" in html
    assert "Luang Prabang" in html and "Industry and Innovation" in html and "Smart Mobility" in html
    assert "Australia" in html and "ASEAN-Australia Smart Cities Trust Fund" in html
    thai = text_of(demo_client.get("/?lang=th"))
    assert "เมืองนำร่อง 26 เมือง ใน 10 ประเทศสมาชิกอาเซียน" in thai
    assert "หลวงพระบาง" in thai and "ญี่ปุ่น" in thai


def test_home_page_query_count_is_small(client, seeded, count_queries):
    client.get("/")
    with count_queries() as counter:
        assert client.get("/").status_code == 200
    assert counter.count <= 10, counter.statements
