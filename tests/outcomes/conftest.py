"""Fixtures of the outcomes tests: a session with its people, each role a signed-in user."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from eventsys.accounts.models import Role
from eventsys.agenda.models import SessionRole
from tests.conftest import login

SUMMARY_TH = "ผู้แทนได้พิจารณาร่างขอบเขตการดำเนินงานของเครือข่ายเมืองอัจฉริยะอาเซียน"


@dataclass
class Cast:
    event: object
    session: object
    rapporteur: object
    second_rapporteur: object
    chair: object
    organizer: object
    other_rapporteur: object  # rapporteur of another session of the same event
    delegate: object  # signed in, no role
    admin: object


@pytest.fixture
def reference(app):
    """Cities, member states, partners and topics (what outcome content refers to), without events."""
    from eventsys.db import db
    from eventsys.demo.seed import seed_reference_data

    seed_reference_data()
    db.session.commit()
    return app


@pytest.fixture
def cast(make, reference):
    from eventsys.events.models import EventSeries

    series = EventSeries(slug="ascn-test-series", title_en="ASCN test series")
    event = make.event("ascn-roundtable-test", days_ahead=-30, series=series)
    session = make.session(event, "Draft ASCN Terms of Reference")
    other = make.session(event, "City Data Platform", start="13:00")

    def person_with_user(name, email, role, on=session):
        user = make.user(email=email, name=name)
        make.add_person_to_session(on, make.person(name=name, local_name="", user_id=user.id), role)
        return user

    rapporteur = person_with_user("Rapporteur One", "rap1@example.org", SessionRole.RAPPORTEUR)
    second = person_with_user("Rapporteur Two", "rap2@example.org", SessionRole.RAPPORTEUR)
    chair = person_with_user("Session Chair", "chair@example.org", SessionRole.CHAIR)
    other_rapporteur = person_with_user("Other Rapporteur", "rap3@example.org", SessionRole.RAPPORTEUR, on=other)
    make.with_role(event, Role.RAPPORTEUR, email="rap-role@example.org")  # event role alone does not edit
    organizer = make.organizer(event, email="organizer@example.org")
    delegate = make.user(email="delegate@example.org", name="Delegate")
    admin = make.user(email="admin@example.org", name="Admin", is_admin=True)
    return Cast(event, session, rapporteur, second, chair, organizer, other_rapporteur, delegate, admin)


def content(
    summary="The delegates reviewed the draft Terms of Reference.",
    *,
    recommendations=None,
    actions=None,
    summary_th=SUMMARY_TH,
) -> dict:
    return {
        "summary_en": summary,
        "summary_th": summary_th,
        "key_messages": [
            {
                "text_en": "Governance lets 26 cities act as one network.",
                "text_th": "",
                "focus_areas": ["civic-and-social"],
                "dimensions": ["smart-governance"],
            }
        ],
        "recommendations": recommendations
        if recommendations is not None
        else [
            {
                "id": "rec-1",
                "text_en": "Endorse the Terms of Reference at the Annual Meeting.",
                "text_th": "รับรองขอบเขตการดำเนินงานในการประชุมประจำปี",
                "focus_areas": ["civic-and-social"],
                "dimensions": ["smart-governance"],
            }
        ],
        "action_items": actions
        if actions is not None
        else [
            {
                "id": "act-1",
                "what_en": "Report baseline indicators.",
                "what_th": "",
                "owner": "city:bangkok",
                "due": "2019-08-22",
                "status": "open",
                "focus_areas": ["quality-environment"],
                "dimensions": ["smart-environment"],
            }
        ],
    }


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.post("/logout")
        if user is not None:
            login(client, user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch):
    """These tests sign in many users; a cheap hash keeps them fast (the hash method is not under test)."""
    from werkzeug.security import generate_password_hash

    from eventsys.accounts import models

    monkeypatch.setattr(
        models, "generate_password_hash", lambda password: generate_password_hash(password, method="pbkdf2:sha256:1000")
    )
