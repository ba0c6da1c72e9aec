"""Fuzzing every page's query string: hostile values in every parameter the app reads never give a 5xx.

Every route that answers GET (the API included) is asked, on the permission walk's seeded event
(tests/permission_walk.py) and signed in as a site admin, with each hostile value in every query
parameter any view reads. A control character is a 400 before any view runs; the rest must be
answered as the view answers any unknown value (a 200 ignoring it, a 404, a redirect...).
"""

from __future__ import annotations

import pytest

from eventsys.extensions import limiter
from tests.conftest import login
from tests.permission_walk import rolled_back, seed_world, url_values

# Hostile input at every route: PostgreSQL refuses what SQLite takes (numbers beyond int4, NUL in
# text), and production runs on it; on SQLite too it would add a minute to CI for nothing new.
pytestmark = pytest.mark.postgresql_only

# Every name a view reads from request.args (grep "request.args" in eventsys/).
PARAMETERS = (
    "action",
    "day",
    "deletion",
    "event",
    "from",
    "invitation",
    "lang",
    "layout",
    "list",
    "next",
    "page",
    "q",
    "room",
    "status",
    "to",
    "topic",
    "track",
    "type",
    "view",
    "who",
    "category",
    "country",
    "sort",
    "question",
)
HOSTILE = {
    "superscript digit": "²",
    "number beyond 64 bits": "99999999999999999999",
    "number beyond int4": "2147483648",
    "negative": "-1",
    "invalid date": "2024-02-30",
    "10,000 characters": "x" * 10_000,
    "markup": '"><script>alert(1)</script>',
    "lone surrogate": "%ED%A0%80",
}


@pytest.fixture
def world(app, make, db, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    return seed_world(make, db, monkeypatch)


def get_routes(app, world) -> list[tuple[str, str]]:
    routes = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        arguments = set(rule.arguments) - {"code", "secret", "filename"}
        values, missing = url_values(rule.endpoint, arguments, world)
        assert missing == [], f"{rule.endpoint}: no value for {missing}"
        for name in set(rule.arguments) - arguments:
            values[name] = {"code": "th", "secret": "0" * 32, "filename": "css/pdf.css"}[name]
        with app.test_request_context():
            routes.append((rule.endpoint, app.url_for(rule.endpoint, **values)))
    return routes


def query(value: str) -> str:
    return "&".join(f"{name}={value}" for name in PARAMETERS)


def test_hostile_query_strings_on_every_page(app, client, db, world, monkeypatch):
    login(client, world.users["admin"])
    routes = get_routes(app, world)
    assert len(routes) > 60
    problems = []
    for endpoint, url in routes:
        for case, value in HOSTILE.items():
            encoded = value if case == "lone surrogate" else value.replace("&", "%26").replace("#", "%23")
            with rolled_back(db, monkeypatch):
                response = client.get(f"{url}?{query(encoded)}")
            if response.status_code >= 500:
                problems.append(f"{endpoint} {case}: {response.status_code}")
    assert problems == [], "\n".join(problems)
