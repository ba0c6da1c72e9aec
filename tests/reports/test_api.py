from tests.reports.helpers import report_with_citation


def test_report_json_has_sections_and_source_session_and_event_ids(cast, client):
    report, outcome = report_with_citation(cast)
    body = client.get(f"/api/v1/reports/{report.slug}").json
    assert body["slug"] == "ascn-outcomes-test-summit"
    assert body["title"] == {
        "en": "ASCN outcomes to the 35th ASEAN Summit",
        "th": "ผลการดำเนินงานของเครือข่ายเมืองอัจฉริยะอาเซียน",
    }
    assert body["target"] == {"name": {"en": "35th ASEAN Summit", "th": None}, "date": None}
    assert body["editor"] == "Event Organizer" and body["published"] is True
    assert body["introduction"] == {"en": "Under Thailand's chairmanship.", "th": None}
    [section] = body["sections"]
    assert (section["number"], section["title"]) == (1, {"en": "Governance of the network", "th": "การกำกับดูแลเครือข่าย"})
    assert section["items"] == [
        {
            "position": 1,
            "kind": "recommendation",
            "recommendation_id": "rec-1",
            "outcome_id": outcome.id,
            "session_id": cast.session.id,
            "event_id": cast.event.id,
            "event_slug": cast.event.slug,
            "session_title": {"en": "Draft ASCN Terms of Reference", "th": None},
            "connecting_text": {"en": "The Roundtable recommended:", "th": None},
            "cited_version": 1,
            "current_version": 1,
            "out_of_date": False,
            "text": {
                "en": "Endorse the Terms of Reference at the Annual Meeting.",
                "th": "รับรองขอบเขตการดำเนินงานในการประชุมประจำปี",
            },
        }
    ]


def test_unknown_or_unpublished_report_is_a_json_404(cast, client):
    report, _outcome = report_with_citation(cast, published=False)
    for slug in ("nope", report.slug):
        response = client.get(f"/api/v1/reports/{slug}")
        assert response.status_code == 404
        assert response.json == {
            "error": "not_found",
            "message": f"No published report with slug '{slug}'.",
            "status": 404,
        }
