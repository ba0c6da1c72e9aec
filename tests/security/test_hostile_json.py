"""Hostile input outside forms never gives a 5xx: JSON bodies, ids in URLs, query strings.

Every case runs on SQLite and PostgreSQL (where an id of 2**31 or a NUL in a text used to be a 500).
"""

from __future__ import annotations

import base64
import struct

import pytest

from eventsys.registration.models import Registration
from tests.conftest import login
from tests.registration.conftest import payload

# Hostile bodies at the API: PostgreSQL refuses what SQLite takes (numbers beyond int4, NUL in text),
# and production runs on it.
pytestmark = pytest.mark.postgresql_only

# What a client may send that no client of this app needs, and the reason the 400 gives.
HOSTILE_BODIES = {
    "lone surrogate": ('{"first_name": "\\ud800"}', "lone surrogate"),
    "lone surrogate in a key": ('{"\\udfff": 1}', "lone surrogate"),
    "nested 50,000 deep": ("[" * 50_000 + "]" * 50_000, "nested too deeply"),
    "objects nested 50,000 deep": ('{"a":' * 50_000 + "1" + "}" * 50_000, "nested too deeply"),
    "nested 33 deep": ("[" * 33 + "]" * 33, "nested too deeply"),
    "NUL in a string": ('{"first_name": "a\\u0000b"}', "control character"),
    "vertical tab in a string": ('{"first_name": "\\u000b"}', "control character"),
    "NaN": ('{"capacity": NaN}', "not a JSON number"),
    "a number beyond 64 bits": ('{"registration_id": 18446744073709551616}', "too large"),
    "5000 digits": ('{"registration_id": ' + "9" * 5000 + "}", "not valid JSON"),
    "not UTF-8": (b'{"first_name": "\xff"}', "not UTF-8"),
    "not JSON": ("{first_name: 1}", "not valid JSON"),
}


@pytest.fixture
def world(make, admin_user, reference):
    event = make.event("hostile-json", capacity=100)
    return event


@pytest.fixture
def reference(app):
    from eventsys.db import db
    from eventsys.demo.seed import seed_reference_data

    seed_reference_data()
    db.session.commit()
    return app


def _sample(converter) -> object:
    from werkzeug.routing import IntegerConverter

    return 1 if isinstance(converter, IntegerConverter) else "hostile-json"


def _json_writes(app):
    """(endpoint, url) of every /api/v1 operation that takes a body."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/api/v1/") or not rule.methods & {"POST", "PUT", "PATCH"}:
            continue
        values = {name: _sample(converter) for name, converter in rule._converters.items()}
        with app.test_request_context():
            found.append(
                (rule.endpoint, sorted(rule.methods & {"POST", "PUT", "PATCH"}), app.url_for(rule.endpoint, **values))
            )
    return found


def test_every_json_write_refuses_hostile_bodies_with_a_400_and_its_reason(app, client, world, admin_user):
    login(client, admin_user)
    writes = _json_writes(app)
    assert {endpoint for endpoint, _methods, _url in writes} >= {"api.create_registration", "api.create_checkin"}
    problems = []
    for endpoint, methods, url in writes:
        for method in methods:
            for case, (body, reason) in HOSTILE_BODIES.items():
                response = client.open(url, method=method, data=body, content_type="application/json")
                answer = response.get_json(silent=True) or {}
                if (response.status_code, answer.get("error"), answer.get("status")) != (400, "bad_request", 400) or (
                    reason not in answer.get("message", "")
                ):
                    problems.append(f"{endpoint} {method} {case}: {response.status_code} {answer}")
    assert problems == []


def test_a_sound_body_still_goes_through(client, world):
    body = payload(email="sound@example.org", first_name="Tab\tand\nline breaks are text")
    response = client.post("/api/v1/events/hostile-json/registrations", json=body)
    assert response.status_code == 201, response.get_json()
    from eventsys.db import db

    assert db.session.get(Registration, response.get_json()["id"]).email == "sound@example.org"


@pytest.mark.parametrize("number", [2**31 - 1, 2**31, 2**32, 2**63 - 1, 2**63, 10**30])
def test_every_id_in_an_address_beyond_the_database_is_a_404(app, client, world, admin_user, number):
    """Every `<int:...>` of every route, for every method: an id beyond 2**31 - 1 matches no route (a
    404, never a 405 or a 500); the largest id the database stores is answered like any unknown id."""
    login(client, admin_user)
    problems = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        ints = [
            name
            for name, converter in rule._converters.items()
            if type(converter).__name__.endswith("IntegerConverter")
        ]
        if not ints:
            continue
        values = {name: _sample(converter) for name, converter in rule._converters.items()}
        values.update(dict.fromkeys(ints, number))
        url = rule.build(values, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, json={} if url.startswith("/api/") and method != "GET" else None)
            if response.status_code != 404 if number > 2**31 - 1 else response.status_code >= 500:
                problems.append(f"{rule.endpoint} {method} {url}: {response.status_code}")
    assert problems == []


def test_the_address_ids_are_bounded_in_the_document_too(app):
    from eventsys.inputs import MAX_ID

    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "api.get_session")
    assert rule._converters["session_id"].max == MAX_ID == 2**31 - 1


@pytest.mark.parametrize("number", [2**31, 2**63, 10**30])
def test_ids_in_query_strings_beyond_the_database_answer_without_a_5xx(app, client, make, world, admin_user, number):
    login(client, admin_user)
    make.organizer(world)
    session = make.session(world)
    # The public agenda filtered by a track: an unknown track filters everything out.
    agenda = client.get(f"/events/hostile-json/agenda?track={number}")
    assert agenda.status_code in (200, 404)
    # The editor's "new session" page with a room chosen in advance, and an outcome's changes.
    assert client.get(f"/manage/events/hostile-json/agenda/sessions/new?room={number}").status_code in (200, 404)
    assert client.get(f"/manage/sessions/{session.id}/outcomes/changes?from={number}&to={number}").status_code < 500
    assert client.get(f"/manage/users?page={number}").status_code in (200, 404)


def _code(event_id: int, registration_id: int) -> str:
    payload_bytes = struct.pack(">BIIH", 1, event_id, registration_id, 1)
    return "ES1" + base64.b32encode(payload_bytes + b"\0" * 64).decode("ascii")


def test_ids_in_json_bodies_beyond_the_database_are_refused_without_a_5xx(client, make, world, admin_user):
    login(client, admin_user)
    url = "/api/v1/events/hostile-json/checkins"
    for body in (
        {"registration_id": 2**31, "nonce": "hostile-1"},
        {"registration_id": 2**63 - 1, "nonce": "hostile-2"},
        {"code": _code(2**32 - 1, 2**32 - 1), "nonce": "hostile-3"},
        {"code": _code(world.id, 2**32 - 1), "nonce": "hostile-4"},
    ):
        response = client.post(url, json=body)
        assert response.status_code in (400, 409, 422), (body, response.status_code, response.get_json())
        assert response.get_json()["status"] == response.status_code


@pytest.mark.parametrize("character", ["%00", "%01", "%0B", "%0C", "%1F"])
def test_a_control_character_in_a_query_string_is_a_400(client, world, admin_user, character):
    login(client, admin_user)
    for url in (
        f"/events/hostile-json/agenda?topic=a{character}b",
        f"/manage/events/hostile-json/registrations?q=a{character}b",
        f"/manage/users?q={character}",
        f"/events/hostile-json/agenda?a{character}=1",
    ):
        assert client.get(url).status_code == 400, url
    api = client.get(f"/api/v1/events?x={character}")
    assert (api.status_code, api.get_json()["error"]) == (400, "bad_request")
    assert "control character" in api.get_json()["message"]


def test_tabs_and_line_breaks_in_a_query_string_are_fine(client, world, admin_user):
    login(client, admin_user)
    assert client.get("/manage/events/hostile-json/registrations?q=a%09b%0Ac").status_code == 200


def test_a_control_character_in_a_path_is_a_404(client, world):
    assert client.get("/events/hostile%00json").status_code == 404
    assert client.get("/api/v1/events/hostile%0Bjson").status_code == 404
