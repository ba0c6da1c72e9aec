"""What anyone sees of accepted projects: the list with its filters, each project's page with its
history and action items, the API, the pitch session on the agenda and the proceedings book."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.agenda import publishing
from eventsys.agenda.models import AgendaSession, SessionType
from eventsys.db import db
from eventsys.outcomes.models import Outcome, OutcomeStatus, OutcomeVersion
from eventsys.proceedings.collect import collect_book
from eventsys.projects import links
from eventsys.projects.models import ProjectActionLink, ProjectStatus
from tests.conftest import login
from tests.projects.conftest import make_project

ACTION = {
    "id": "act-phuket-ppp",
    "what_en": "Prepare a public-private partnership proposal for phase two.",
    "what_th": "จัดทำข้อเสนอความร่วมมือภาครัฐและเอกชนสำหรับระยะที่สอง",
    "owner": "city:phuket",
    "due": "2020-03-31",
    "status": "in_progress",
    "focus_areas": [],
    "dimensions": [],
}


@pytest.fixture
def accepted(event, city_rep):
    return make_project(event, city_rep, status=ProjectStatus.ACCEPTED, topics=("safety-and-security", "smart-economy"))


@pytest.fixture
def declined(make, event):
    other = make.registration(event, email="chonburi@example.org", city_slug="chonburi")
    return make_project(
        event,
        other,
        status=ProjectStatus.DECLINED,
        title="Chonburi Smart Energy",
        city_slug="chonburi",
        topics=("smart-energy",),
        seeking=("finance",),
    )


@pytest.fixture
def pitch_session(make, event, accepted):
    session = make.session(event, "Project pitch: Phuket", type=SessionType.PITCH, day=1, start="10:00", minutes=30)
    links.link_pitch(accepted, session)
    outcome = Outcome(session_id=session.id, status=OutcomeStatus.APPROVED, current_number=1)
    version = OutcomeVersion(
        number=1,
        content={
            "summary_en": "Phuket presented its platform.",
            "summary_th": "",
            "key_messages": [],
            "recommendations": [],
            "action_items": [ACTION],
        },
    )
    outcome.versions.append(version)
    db.session.add(outcome)
    db.session.flush()
    outcome.approved_version = version
    db.session.commit()
    return session


def test_the_event_page_links_to_the_projects_once_one_is_accepted(client, event, declined):
    assert 'id="city-projects-link"' not in client.get(f"/events/{event.slug}").get_data(as_text=True)
    declined.status = ProjectStatus.ACCEPTED
    db.session.commit()
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert f'id="city-projects-link" href="/events/{event.slug}/projects"' in page


def test_public_pages_show_only_accepted_projects(client, event, accepted, declined):
    page = client.get(f"/events/{event.slug}/projects").get_data(as_text=True)
    assert "Phuket Smart Tourism" in page and "Chonburi Smart Energy" not in page
    assert client.get(f"/events/{event.slug}/projects/{accepted.id}").status_code == 200
    assert client.get(f"/events/{event.slug}/projects/{declined.id}").status_code == 404
    assert client.get(f"/events/other-event/projects/{accepted.id}").status_code == 404
    thai = client.get(f"/events/{event.slug}/projects/{accepted.id}?lang=th").get_data(as_text=True)
    assert "ภูเก็ตอัจฉริยะ" in thai


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("topic=smart-economy", True),
        ("topic=smart-energy", False),
        ("seeking=technology", True),
        ("seeking=finance", False),
        ("topic=nonsense", True),
    ],
)
def test_the_list_filters_by_topic_and_what_the_city_seeks(client, event, accepted, query, shown):
    page = client.get(f"/events/{event.slug}/projects?{query}").get_data(as_text=True)
    assert ("Phuket Smart Tourism" in page) is shown


def test_api_lists_accepted_projects_in_its_shape(client, event, accepted, declined):
    response = client.get(f"/api/v1/events/{event.slug}/projects")
    assert response.status_code == 200
    assert response.get_json() == {
        "projects": [
            {
                "id": accepted.id,
                "title": {"en": "Phuket Smart Tourism", "th": "ภูเก็ตอัจฉริยะ"},
                "city": {"id": accepted.city_id, "name": {"en": "Phuket", "th": "ภูเก็ต"}},
                "focus_areas": ["safety-and-security"],
                "dimensions": ["smart-economy"],
                "stage": "pilot",
                "seeking": ["technology"],
                "budget_range": "1m_10m",
                "url": f"http://localhost/events/{event.slug}/projects/{accepted.id}",
            }
        ]
    }
    missing = client.get("/api/v1/events/no-such-event/projects")
    assert (missing.status_code, missing.get_json()["error"]) == (404, "not_found")


def test_an_accepted_project_is_placed_in_a_pitch_session_shown_on_the_agenda(client, make, event, accepted, organizer):
    login(client, organizer)
    response = client.post(
        f"/manage/events/{event.slug}/projects/{accepted.id}/pitch",
        data={"session": "new", "day": event.start_date.isoformat(), "start": "14:00", "minutes": "20"},
    )
    assert response.status_code == 303
    session = db.session.scalars(select(AgendaSession).where(AgendaSession.type == SessionType.PITCH)).one()
    db.session.expire_all()
    assert (accepted.pitch_session_id, session.title_en) == (session.id, "Project pitch: Phuket Smart Tourism")
    publishing.publish(event)
    db.session.commit()
    page = client.get(f"/events/{event.slug}/sessions/{session.id}").get_data(as_text=True)
    assert 'id="pitch-project"' in page and f"/events/{event.slug}/projects/{accepted.id}" in page
    # A session of another kind is refused.
    plenary = make.session(event, "Opening", type=SessionType.PLENARY)
    client.post(f"/manage/events/{event.slug}/projects/{accepted.id}/pitch", data={"session": str(plenary.id)})
    db.session.expire_all()
    assert accepted.pitch_session_id == session.id


def test_a_submitted_project_cannot_be_pitched(client, event, city_rep, organizer):
    project = make_project(event, city_rep)
    login(client, organizer)
    client.post(
        f"/manage/events/{event.slug}/projects/{project.id}/pitch",
        data={"session": "new", "day": event.start_date.isoformat(), "start": "14:00", "minutes": "20"},
    )
    assert db.session.scalars(select(AgendaSession)).all() == []


def test_organizer_links_an_action_item_shown_on_the_project_and_the_outcome(
    client, event, accepted, pitch_session, organizer
):
    login(client, organizer)
    key = f"{pitch_session.id}:act-phuket-ppp"
    assert (
        client.post(f"/manage/events/{event.slug}/projects/{accepted.id}/actions", data={"action": key}).status_code
        == 303
    )
    client.post(f"/manage/events/{event.slug}/projects/{accepted.id}/actions", data={"action": key})  # twice: one link
    link = db.session.scalars(select(ProjectActionLink)).one()
    assert (link.session_id, link.item_id) == (pitch_session.id, "act-phuket-ppp")
    page = client.get(f"/events/{event.slug}/projects/{accepted.id}").get_data(as_text=True)
    assert ACTION["what_en"] in page
    outcome_page = client.get(f"/events/{event.slug}/sessions/{pitch_session.id}/outcomes").get_data(as_text=True)
    assert f"/events/{event.slug}/projects/{accepted.id}" in outcome_page
    assert (
        client.post(
            f"/manage/events/{event.slug}/projects/{accepted.id}/actions", data={"action": "1:nope"}
        ).status_code
        == 422
    )
    client.post(f"/manage/events/{event.slug}/projects/{accepted.id}/actions/{link.id}/delete")
    assert db.session.scalars(select(ProjectActionLink)).all() == []


def test_the_proceedings_book_lists_accepted_projects_with_their_pitch_outcomes(
    app, event, accepted, declined, pitch_session
):
    from flask import render_template

    from eventsys.proceedings.options import BookOptions
    from eventsys.proceedings.render import book_context

    book = collect_book(event.id)
    assert book["projects"] == [
        {
            "id": accepted.id,
            "title_en": "Phuket Smart Tourism",
            "title_th": "ภูเก็ตอัจฉริยะ",
            "city_en": "Phuket",
            "city_th": "ภูเก็ต",
            "seeking": ["technology"],
            "stage": "pilot",
            "pitch_session_id": pitch_session.id,
        }
    ]
    with app.test_request_context():
        html = render_template("proceedings/parts/projects.html", **book_context(book, BookOptions()))
    assert "Phuket Smart Tourism" in html and "Phuket presented its platform." in html and ACTION["what_en"] in html
    assert "Chonburi" not in html
    with app.test_request_context():
        contents = render_template(
            "proceedings/parts/contents.html", **book_context(book, BookOptions()), page_of=lambda anchor: 7
        )
    assert '<a href="#projects">City projects</a>' in contents


def test_history_across_two_events_on_the_project_page(client, make, event, accepted):
    later = make.event(slug="showcase-test", days_ahead=200, title_en="World Smart City Showcase (test)")
    again = make.registration(later, email="suwit@example.org", city_slug="phuket")
    carried = make_project(later, again, status=ProjectStatus.ACCEPTED)
    carried.previous_id = accepted.id
    db.session.commit()
    page = client.get(f"/events/{later.slug}/projects/{carried.id}").get_data(as_text=True)
    history = page.split('id="project-history"')[1].split("</ol>")[0]
    assert history.index("ASCN Roundtable (test)") < history.index("World Smart City Showcase (test)")
    assert f"/events/{event.slug}/projects/{accepted.id}" in history
