from eventsys.accounts.tokens import create as create_api_token
from eventsys.outcomes import services
from tests.outcomes.conftest import content


def bearer(user):
    _token, secret = create_api_token(user, "tests")
    return {"Authorization": f"Bearer {secret}"}


def test_public_gets_the_approved_version_only(cast, client):
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    services.submit(cast.session, cast.rapporteur)
    services.approve(cast.session, cast.chair)
    services.save_draft(cast.session, cast.rapporteur, content("An unapproved revision."), 1)
    body = client.get(f"/api/v1/sessions/{cast.session.id}/outcomes").json
    assert body["session_id"] == cast.session.id and body["event_id"] == cast.event.id
    assert body["title"] == {"en": "Draft ASCN Terms of Reference", "th": None}
    assert body["approved"]["number"] == 1
    assert body["approved"]["content"]["summary_en"] == "The delegates reviewed the draft Terms of Reference."
    assert body["approved"]["content"]["recommendations"][0]["id"] == "rec-1"
    assert "latest" not in body and "status" not in body


def test_a_rapporteur_token_also_sees_the_latest_draft(cast, client):
    services.save_draft(cast.session, cast.rapporteur, content("Draft for the token."), 0)
    body = client.get(f"/api/v1/sessions/{cast.session.id}/outcomes", headers=bearer(cast.rapporteur)).json
    assert body["approved"] is None
    assert (body["status"], body["latest"]["number"], body["latest"]["content"]["summary_en"]) == (
        "draft",
        1,
        "Draft for the token.",
    )
    delegate = client.get(f"/api/v1/sessions/{cast.session.id}/outcomes", headers=bearer(cast.delegate)).json
    assert "latest" not in delegate
    _token, read_only = create_api_token(cast.rapporteur, "reader", ["read"])
    reader = client.get(
        f"/api/v1/sessions/{cast.session.id}/outcomes", headers={"Authorization": f"Bearer {read_only}"}
    ).json
    assert reader["approved"] is None and "latest" not in reader and "status" not in reader


def test_unknown_session_is_a_json_404(reference, client):
    response = client.get("/api/v1/sessions/999/outcomes")
    assert response.status_code == 404
    assert response.json == {"error": "not_found", "message": "No session with id 999.", "status": 404}
