"""Search at the door tells namesakes apart and shows who is already in; a second check-in of the
same person, by hand, is refused and says since when."""

from eventsys.checkin import services
from eventsys.db import db
from eventsys.events.models import City, MemberState
from tests.conftest import login


def test_namesakes_organisation_city_category_masked_email_and_checked_in_state(
    app, client, make, event, staff, token_for
):
    db.session.add(MemberState(code="VN", name_en="Viet Nam", name_th="เวียดนาม"))
    db.session.add(City(slug="da-nang", name_en="Da Nang", name_th="ดานัง", member_state_code="VN"))
    db.session.commit()
    first = make.registration(
        event,
        first_name="Somchai",
        last_name="Jaidee",
        local_name="สมชาย ใจดี",
        email="somchai@example.org",
        organisation="Da Nang People's Committee",
        city_slug="da-nang",
        country_code="VN",
    )
    second = make.registration(
        event,
        first_name="Somchai",
        last_name="Jaidee",
        local_name="สมชาย ใจดี",
        email="s.jaidee@mail.example.com",
        organisation="Ministry of Interior",
    )
    login(client, staff)
    results = client.get(f"/events/{event.slug}/checkin/search?q=สมชาย&lang=en").json["results"]
    by_id = {r["id"]: r for r in results}
    assert set(by_id) == {first.id, second.id}
    assert (by_id[first.id]["organisation"], by_id[first.id]["city"], by_id[first.id]["country"]) == (
        "Da Nang People's Committee",
        "Da Nang",
        "Viet Nam",
    )
    assert by_id[first.id]["category_label"] == "Delegate"  # the badge's word for it
    assert (by_id[first.id]["email_masked"], by_id[second.id]["email_masked"]) == (
        "s***@example.org",
        "s***@mail.example.com",
    )
    assert "somchai@example.org" not in str(results) and by_id[first.id]["checkins"] == {}

    # Checked in by hand at the door: the search now says on which list and since when.
    headers = token_for(staff)
    day = services.find_list(event, None).key
    api = f"/api/v1/events/{event.slug}/checkins"
    ok = client.post(api, headers=headers, json={"registration_id": first.id, "nonce": "n-search-01", "list": day})
    assert ok.status_code == 201
    at = ok.json["checked_in_at_local"]
    results = client.get(f"/events/{event.slug}/checkin/search?q=jaidee").json["results"]
    state = {r["id"]: r["checkins"] for r in results}
    assert state == {first.id: {day: {"at": at, "out": False}}, second.id: {}}

    # The same person a second time: refused, saying since when, and the check-in stays the first.
    again = client.post(api, headers=headers, json={"registration_id": first.id, "nonce": "n-search-02", "list": day})
    assert (again.json["result"], again.json["already_checked_in"]) == ("already_checked_in", True)
    assert again.json["message"] == f"Already checked in at {at}."
    assert again.json["first_checked_in_at"] == ok.json["checked_in_at"]


def test_the_scanner_page_carries_the_checked_in_label(app, client, event, staff):
    login(client, staff)
    html = client.get(f"/events/{event.slug}/checkin/?lang=th").get_data(as_text=True)
    assert "{time}" in html and "checked_in_at" in html
