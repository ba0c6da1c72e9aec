"""Schemathesis against /api/v1/openapi.json: every operation, called as anyone and with a token of
each scope, never answers 5xx and always answers what the document says (status, content type,
headers, body schema).

Each case is sent by each caller twice: as generated (mostly unknown slugs and ids, odd bodies), then with its path
parameters replaced by those of a seeded world, so the real answers (events, sessions, reports,
badges, scans, registrations) are checked against their schemas too. Bounded examples per
operation keep it to a few seconds an operation.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from eventsys.accounts.models import TOKEN_SCOPES
from tests.permission_walk import seed_world

# Generated input for every operation: PostgreSQL refuses what SQLite takes (numbers beyond int4, NUL in
# text), and production runs on it; on SQLite too it would add a minute to CI for nothing new.
pytestmark = pytest.mark.postgresql_only

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES = 8


def load_document() -> dict:
    """The document as the app serves it (a throwaway app: generating it touches no database)."""
    import tempfile

    from eventsys import create_app

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "INSTANCE_PATH": folder})
        return app.test_client().get("/api/v1/openapi.json").get_json()


schema = schemathesis.openapi.from_dict(load_document())


@pytest.fixture
def world(make, db, monkeypatch):
    from eventsys.accounts.tokens import create

    seeded = seed_world(make, db, monkeypatch)
    admin = seeded.users["admin"]
    seeded.bearer = {scope: create(admin, f"contract {scope}", [scope])[1] for scope in TOKEN_SCOPES}
    return seeded


def real_values(world) -> dict:
    return {
        "slug": world.event,
        "session_id": world.session,
        "registration_id": world.registration,
    }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_keeps_its_contract(case, app, world):
    callers = [{}] + [{"Authorization": f"Bearer {world.bearer[scope]}"} for scope in TOKEN_SCOPES]
    generated = dict(case.path_parameters or {})
    values = {"slug": world.event, "session_id": world.session, "registration_id": world.registration}
    if case.operation.path == "/api/v1/reports/{slug}":
        values["slug"] = world.report
    for headers in callers:
        case.path_parameters = generated
        case.call_and_validate(app=app, headers=headers, checks=CHECKS)
        if generated:
            case.path_parameters = {name: values.get(name, value) for name, value in generated.items()}
            case.call_and_validate(app=app, headers=headers, checks=CHECKS)
