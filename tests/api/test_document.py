"""The OpenAPI document is generated from the routes, covers every operation with its schemas and
errors, and every error of the API has one shape."""

import re

from eventsys.accounts.models import TOKEN_SCOPES
from eventsys.accounts.tokens import create as create_api_token
from tests.conftest import login

DOCUMENTATION = {"api_docs.openapi_document", "api_docs.docs_page"}


def operations(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint not in DOCUMENTATION:
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule.endpoint, path, method.lower()


def test_the_document_is_openapi_3_1_and_covers_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"] == "eventsys API"
    found = list(operations(app))
    assert len(found) >= 10
    for endpoint, path, method in found:
        operation = document["paths"][path][method]
        responses = operation["responses"]
        assert {"401", "403", "default"} <= set(responses), (path, method)
        successes = [code for code in responses if code.startswith("2")]
        assert successes, (path, method)
        for code in successes:
            assert responses[code].get("content"), (path, method, code)
        if method == "post":
            assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        scope = app.view_functions[endpoint].api_scope
        assert scope in TOKEN_SCOPES
        assert {"bearer": [scope]} in operation["security"]
    error = document["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"error", "message", "status"}
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An eventsys API token (esk_...).",
    }


def test_nullable_fields_are_said_the_3_1_way(client):
    document = client.get("/api/v1/openapi.json").get_json()
    text = document["components"]["schemas"]["Text"]["properties"]["th"]
    assert text["type"] == ["string", "null"]
    assert "nullable" not in str(document)


def test_the_docs_page_reads_the_document_with_vendored_assets_only(client):
    response = client.get("/api/v1/docs")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-spec-url="/api/v1/openapi.json"' in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert "<script>" not in html  # every script is a file (the Content-Security-Policy forbids inline ones)
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_a_body_that_breaks_its_schema_is_422_with_errors_by_field(client, make):
    event = make.event()
    staff = make.organizer(event)
    login(client, staff)
    response = client.post(
        f"/api/v1/events/{event.slug}/checkins", json={"registration_id": "seven", "direction": "up"}
    )
    assert (response.status_code, response.json) == (
        422,
        {
            "error": "invalid",
            "message": "The request is not valid: see errors.",
            "status": 422,
            "errors": {"registration_id": ["Not a valid integer."], "direction": ["Must be one of: in, out."]},
        },
    )


def test_registration_rules_answer_422_with_errors_by_field(client, make):
    event = make.event()
    body = {
        "email": "someone@example.org",
        "first_name": "Some",
        "last_name": "One",
        "country": "XX",
        "category": "observer",
        "consent": False,
    }
    response = client.post(f"/api/v1/events/{event.slug}/registrations", json=body)
    assert response.status_code == 422
    assert response.json["error"] == "invalid"
    assert response.json["errors"] == {
        "country": ["Unknown country: use an ISO 3166 two-letter code."],
        "consent": ["Please agree to the processing of your personal data to register."],
    }


def test_writes_without_json_are_415_and_missing_sign_in_is_401_with_a_challenge(client, make):
    event = make.event()
    form = client.post(f"/api/v1/events/{event.slug}/registrations", data={"email": "x@example.org"})
    assert (form.status_code, form.json["error"]) == (415, "unsupported_media_type")
    keys = client.get(f"/api/v1/events/{event.slug}/checkin-keys")
    assert (keys.status_code, keys.headers["WWW-Authenticate"]) == (401, 'Bearer realm="eventsys"')


def test_a_token_of_a_disabled_account_stops_working(client, make):
    user = make.user()
    event = make.event()
    _token, secret = create_api_token(user, "script")
    user.active = False
    from eventsys.db import db

    db.session.commit()
    response = client.get(f"/api/v1/events/{event.slug}", headers={"Authorization": f"Bearer {secret}"})
    assert (response.status_code, response.json["error"]) == (401, "invalid_token")
