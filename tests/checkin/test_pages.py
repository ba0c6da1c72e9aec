"""The scanner page, search by name, the live attendance dashboard and its CSV."""

import csv
import io

from eventsys.badges import services as badges
from eventsys.checkin import services
from tests.conftest import login


def check_in(event, registration, user, key=None, nonce=None):
    return services.record_scan(
        event,
        nonce=nonce,
        code=badges.code_for(badges.ensure_badge(registration)),
        list_key=key,
        user=user,
        device="Door 1",
    )


def test_scanner_page_for_staff_only(app, client, make, event, staff):
    make.session(event, title_en="Opening plenary", start="09:00")
    login(client, staff)
    page = client.get(f"/events/{event.slug}/checkin/?lang=en")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Check-in scanner" in html and "Start camera" in html and "vendor/jsqr/jsQR.js" in html
    assert "09:00 Opening plenary</option>" in html
    client.post("/logout")
    login(client, make.user(email="visitor@example.org"))
    assert client.get(f"/events/{event.slug}/checkin/").status_code == 403
    assert client.get(f"/events/{event.slug}/checkin/dashboard").status_code == 403


def test_scanner_page_in_thai(app, client, event, staff):
    login(client, staff)
    html = client.get(f"/events/{event.slug}/checkin/?lang=th").get_data(as_text=True)
    assert "เครื่องสแกนลงทะเบียนเข้างาน" in html


def test_search_by_name_finds_thai_and_latin_names(app, client, make, event, delegate, staff):
    make.registration(event, first_name="Somsak", last_name="Rakthai", local_name="สมศักดิ์ รักไทย")
    login(client, staff)
    assert [r["name"] for r in client.get(f"/events/{event.slug}/checkin/search?q=nutta").json["results"]] == [
        "Nuttapon Nimmanphatcharin"
    ]
    assert [r["name"] for r in client.get(f"/events/{event.slug}/checkin/search?q=สมศักดิ์").json["results"]] == [
        "Somsak Rakthai"
    ]
    assert client.get(f"/events/{event.slug}/checkin/search?q=").json["results"] == []


def test_attendance_by_list_country_and_city(app, client, make, event, delegate, staff, count_queries):
    from eventsys.db import db
    from eventsys.events.models import City, MemberState

    db.session.add(MemberState(code="VN", name_en="Viet Nam", name_th="เวียดนาม"))
    db.session.add(City(slug="da-nang", name_en="Da Nang", name_th="ดานัง", member_state_code="VN"))
    db.session.commit()
    guest = make.registration(event, first_name="Lan", last_name="Nguyen", country_code="VN", city_slug="da-nang")
    session = make.session(event, title_en="Smart Mobility Roundtable", start="10:30")
    check_in(event, delegate, staff)
    check_in(event, guest, staff)
    check_in(event, guest, staff, key=f"session-{session.id}")
    login(client, staff)
    with count_queries() as counter:
        figures = client.get(f"/events/{event.slug}/checkin/attendance.json?lang=en").json
    assert counter.count <= 12
    assert [(row["key"], row["checked_in"], row["present"]) for row in figures["lists"]] == [
        (f"day-{event.start_date}", 2, 2),
        (f"day-{event.days[1]}", 0, 0),
        (f"session-{session.id}", 1, 1),
    ]
    assert figures["by_country"] == [
        {"code": "TH", "name": "Thailand", "count": 1},
        {"code": "VN", "name": "Viet Nam", "count": 1},
    ]
    assert figures["by_city"] == [{"name": "Da Nang", "count": 1}, {"name": "No city given", "count": 1}]
    page = client.get(f"/events/{event.slug}/checkin/dashboard?lang=en").get_data(as_text=True)
    assert "Live attendance" in page and "chart.umd.min.js" in page and "Door 1" in page


def test_csv_export(app, client, make, event, delegate, staff):
    check_in(event, delegate, staff)
    login(client, staff)
    response = client.get(f"/events/{event.slug}/checkin/attendance.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == [
        "list",
        "list_name",
        "registration_id",
        "first_name",
        "last_name",
        "local_name",
        "organisation",
        "category",
        "country",
        "city",
        "checked_in_at",
        "checked_out_at",
    ]
    assert rows[1][:10] == [
        f"day-{event.start_date}",
        services.ensure_lists(event)[0].name_en,
        str(delegate.id),
        "Nuttapon",
        "Nimmanphatcharin",
        "ณัฐพล นิมมานพัชรินทร์",
        "Digital Economy Promotion Agency (depa)",
        "speaker",
        "TH",
        "",
    ]
    assert rows[1][10].endswith("+07:00") and rows[1][11] == ""
    assert len(rows) == 2


def test_event_page_links_staff_to_checkin(app, client, event, staff, organizer):
    login(client, staff)
    html = client.get(f"/events/{event.slug}?lang=en").get_data(as_text=True)
    assert f'href="/events/{event.slug}/checkin/"' in html and f"/events/{event.slug}/badges/" not in html
    client.post("/logout")
    login(client, organizer)
    html = client.get(f"/events/{event.slug}?lang=en").get_data(as_text=True)
    assert f'href="/events/{event.slug}/badges/"' in html
