"""The demo's call at the ASCN Annual Meeting 2019: pilot cities' projects, reviewed and decided, one
pitched with an approved outcome naming it, carried to the Showcase 2020."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.db import db
from eventsys.events.models import Event
from eventsys.projects import links, services
from eventsys.projects.models import Project, ProjectStatus

# The demo's rows are the same on either database; seeding once is what costs.
pytestmark = pytest.mark.one_backend


def test_demo_call_has_reviewed_city_projects_and_a_pitch(seeded, client):
    event = db.session.scalar(select(Event).where(Event.slug == "ascn-annual-meeting-2019"))
    call = services.call_for(event)
    assert len(call.criteria) == 4 and services.call_state(call) == "closed"
    projects = services.event_projects(event)
    assert {p.city.slug for p in projects} == {"phuket", "bangkok", "da-nang", "chonburi", "banyuwangi"}
    assert all(p.city.is_ascn_pilot and len(p.reviews) == 2 for p in projects)
    accepted = services.accepted_projects(event)
    assert [p.city.slug for p in accepted] == ["bangkok", "da-nang", "phuket"]
    assert {p.status for p in projects} == {ProjectStatus.ACCEPTED, ProjectStatus.DECLINED}
    phuket = next(p for p in accepted if p.city.slug == "phuket")
    assert links.pitch_project(phuket.pitch_session_id) == phuket
    assert [a.item["id"] for _link, a in links.actions_naming([phuket])] == ["act-phuket-ppp"]
    later = db.session.scalar(select(Project).where(Project.previous_id == phuket.id))
    assert later.event.slug == "world-smart-city-showcase-2020"
    assert [v.event.slug for v in services.history(later)] == [
        "ascn-annual-meeting-2019",
        "world-smart-city-showcase-2020",
    ]
    page = client.get(f"/events/{event.slug}/projects/{phuket.id}?lang=th").get_data(as_text=True)
    assert "แพลตฟอร์มการท่องเที่ยวและความปลอดภัยอัจฉริยะภูเก็ต" in page
    session = client.get(f"/events/{event.slug}/sessions/{phuket.pitch_session_id}").get_data(as_text=True)
    assert f"/events/{event.slug}/projects/{phuket.id}" in session
    api = client.get(f"/api/v1/events/{event.slug}/projects").get_json()
    assert [p["city"]["name"]["en"] for p in api["projects"]] == ["Bangkok", "Da Nang", "Phuket"]
