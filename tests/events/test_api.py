# The tests only read the demo: they share one seeded app per module and backend (`demo_client`,
# tests/conftest.py).


def test_events_api_lists_every_published_event(demo_client):
    response = demo_client.get("/api/v1/events")
    assert response.status_code == 200
    slugs = [e["slug"] for e in response.get_json()["events"]]
    assert slugs == [
        "ascn-roundtable-sample",
        "world-smart-city-showcase-2020",
        "ascn-annual-meeting-2019",
        "ascn-roundtable-2019",
    ]


def test_event_api_detail_has_both_languages_hosts_and_registration(demo_client):
    data = demo_client.get("/api/v1/events/ascn-roundtable-2019").get_json()
    assert data["title"] == {
        "en": "ASEAN Smart Cities Network Roundtable Meeting and Conference",
        "th": "การประชุม ASEAN Smart Cities Network Roundtable Meeting and Conference",
    }
    assert data["start_date"] == "2019-06-06"
    assert data["end_date"] == "2019-06-07"
    assert data["timezone"] == "Asia/Bangkok"
    assert data["city"] == "bangkok"
    assert [h["acronym"] for h in data["hosts"]] == ["MDES", None, None]
    assert data["registration"]["status"] == "closed"
    assert data["registration"]["mode"] == "moderated"


def test_unknown_event_api_is_json_404(demo_client):
    response = demo_client.get("/api/v1/events/nope")
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json() == {"error": "not_found", "message": "No event with slug 'nope'.", "status": 404}


def test_unknown_api_path_is_json_not_html(demo_client):
    response = demo_client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["status"] == 404
