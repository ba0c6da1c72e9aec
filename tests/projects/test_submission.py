"""A city representative submits a project through their signed manage link while the call is open,
changes it until the deadline, and carries it to a later meeting's call."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from sqlalchemy import func, select

from eventsys.db import db, utcnow
from eventsys.projects import services
from eventsys.projects.models import Project, ProjectStatus
from eventsys.registration.models import RegistrationCategory, RegistrationStatus
from tests.projects.conftest import city, form_data, make_project, open_call, projects_path


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Project))


def test_call_state_follows_the_deadline_in_the_event_time_zone(event):
    assert services.call_state(None) == "none"
    call = services.save_call(
        event, closes_on=dt.date(2019, 8, 1), closes_time=dt.time(17, 0), intro_en="", intro_th=""
    )
    # 17:00 in Bangkok is 10:00 UTC: open the minute before, closed at the deadline itself.
    assert call.closes_at == dt.datetime(2019, 8, 1, 10, 0, tzinfo=dt.UTC)
    assert services.call_state(call, now=dt.datetime(2019, 8, 1, 9, 59, tzinfo=dt.UTC)) == "open"
    assert services.call_state(call, now=dt.datetime(2019, 8, 1, 10, 0, tzinfo=dt.UTC)) == "closed"


def test_organizer_opens_the_call_with_a_deadline_and_criteria(client, event, organizer):
    from tests.conftest import login

    login(client, organizer)
    response = client.post(
        f"/manage/events/{event.slug}/projects/call",
        data={"closes_on": "2031-08-01", "closes_time": "17:00", "intro_en": "Send projects.", "intro_th": "ส่งโครงการ"},
    )
    assert (response.status_code, response.headers["Location"]) == (303, f"/manage/events/{event.slug}/projects/call")
    call = services.call_for(event)
    assert call.closes_at == dt.datetime(2031, 8, 1, 10, 0, tzinfo=dt.UTC)
    assert (call.intro_en, call.intro_th) == ("Send projects.", "ส่งโครงการ")
    response = client.post(
        f"/manage/events/{event.slug}/projects/criteria",
        data={"name_en": "Bankability", "name_th": "ความพร้อมรับการลงทุน", "weight": "3", "scale_max": "5"},
    )
    assert response.status_code == 303
    bad = client.post(
        f"/manage/events/{event.slug}/projects/criteria", data={"name_en": "", "weight": "0", "scale_max": "1"}
    )
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    for message in ("Name the criterion.", "Give a weight from 1 to 10.", "Give the top of the scale, from 2 to 10."):
        assert message in page
    db.session.expire_all()
    assert [(c.name_en, c.weight, c.scale_max) for c in services.call_for(event).criteria] == [("Bankability", 3, 5)]


def test_city_representative_submits_and_sees_the_status_in_thai(client, event, call, city_rep):
    response = client.post(projects_path(city_rep, "/new"), data=form_data())
    assert response.status_code == 303
    project = db.session.scalars(select(Project)).one()
    assert response.headers["Location"] == projects_path(city_rep, f"/{project.id}")
    assert (project.title_th, project.city.slug, project.stage.value, project.budget_range.value) == (
        "แพลตฟอร์มการท่องเที่ยวและความปลอดภัยอัจฉริยะภูเก็ต",
        "phuket",
        "pilot",
        "1m_10m",
    )
    assert project.seeking == ["technology", "partner"]
    assert sorted(t.slug for t in project.topics) == ["safety-and-security", "smart-economy", "smart-living"]
    assert (project.submitter_registration_id, project.language, project.status) == (
        city_rep.id,
        "th",
        ProjectStatus.SUBMITTED,
    )
    page = client.get(projects_path(city_rep)).get_data(as_text=True)
    assert '<html lang="th">' in page  # the delegate's language
    assert 'id="my-projects"' in page
    assert "แพลตฟอร์มการท่องเที่ยวและความปลอดภัยอัจฉริยะภูเก็ต" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title_en": ""}, "Give the project's title in English."),
        ({"city_id": ""}, "Choose the city of the project."),
        ({"focus_areas": None, "dimensions": None}, "Choose at least one focus area or smart-city dimension."),
        ({"stage": ""}, "Choose the project's stage."),
        ({"stage": "dream"}, "Not a valid choice."),
        ({"budget_range": ""}, "Choose the project's budget range."),
        ({"seeking": None}, "Choose at least one thing the city seeks."),
        ({"seeking": ["money"]}, "is not a valid choice"),
        ({"description_en": ""}, "Describe the project in English."),
        ({"title_en": "x" * 251}, "Field cannot be longer than 250 characters."),
    ],
)
def test_each_field_is_checked_with_a_clear_message(client, event, call, city_rep, overrides, message):
    response = client.post(projects_path(city_rep, "/new?lang=en"), data=form_data(**overrides))
    assert response.status_code == 422
    assert message in html.unescape(response.get_data(as_text=True))
    assert _count() == 0


def test_after_the_deadline_submissions_are_refused_with_a_message(client, event, city_rep):
    open_call(event, days_left=-1)
    response = client.post(projects_path(city_rep, "/new?lang=en"), data=form_data())
    assert response.status_code == 409
    assert "The call for projects is closed: the deadline has passed, so nothing was saved." in response.get_data(
        as_text=True
    )
    assert _count() == 0


def test_the_submitter_edits_until_the_deadline_and_then_no_more(client, event, call, city_rep):
    project = make_project(event, city_rep)
    path = projects_path(city_rep, f"/{project.id}?lang=en")
    response = client.post(path, data=form_data(title_en="Phuket Safety Platform, phase 2", stage="scaling"))
    assert response.status_code == 303
    db.session.expire_all()
    assert (project.title_en, project.stage.value) == ("Phuket Safety Platform, phase 2", "scaling")
    call.closes_at = utcnow() - dt.timedelta(minutes=1)
    db.session.commit()
    response = client.post(path, data=form_data(title_en="Too late"))
    assert response.status_code == 409
    assert "the deadline has passed" in response.get_data(as_text=True)
    db.session.expire_all()
    assert project.title_en == "Phuket Safety Platform, phase 2"
    assert "The project can no longer be changed" in client.get(path).get_data(as_text=True)


@pytest.mark.parametrize(
    ("status", "category"),
    [
        (RegistrationStatus.PENDING, RegistrationCategory.CITY_REPRESENTATIVE),
        (RegistrationStatus.CONFIRMED, RegistrationCategory.PRIVATE_SECTOR),
    ],
)
def test_only_confirmed_city_representatives_submit(client, make, event, call, status, category):
    other = make.registration(event, email="other@example.org", status=status, category=category)
    assert client.get(projects_path(other, "/new")).status_code == 404
    assert client.post(projects_path(other, "/new"), data=form_data()).status_code == 404
    assert _count() == 0


def test_someone_elses_project_and_a_forged_link_are_not_found(client, make, event, call, city_rep):
    project = make_project(event, city_rep)
    other = make.registration(event, email="bangkok@example.org", city_slug="bangkok")
    assert client.get(projects_path(other, f"/{project.id}")).status_code == 404
    assert client.get(f"/events/{event.slug}/registration/forged/projects").status_code == 404


def test_a_project_carried_to_a_later_call_keeps_its_history(client, make, event, city_rep):
    earlier = make_project(event, city_rep, status=ProjectStatus.ACCEPTED)
    later_event = make.event(slug="showcase-test", days_ahead=200)
    open_call(later_event)
    again = make.registration(later_event, email=city_rep.email, city_slug="phuket", language="th")
    response = client.post(projects_path(again, f"/{earlier.id}/carry"))
    carried = db.session.scalars(select(Project).where(Project.event_id == later_event.id)).one()
    assert (response.status_code, response.headers["Location"]) == (303, projects_path(again, f"/{carried.id}"))
    assert (carried.previous_id, carried.title_en, carried.status) == (
        earlier.id,
        earlier.title_en,
        ProjectStatus.SUBMITTED,
    )
    assert services.history(carried) == [earlier, carried] == services.history(earlier)
    # Carried once: the offer is gone, a second carry changes nothing.
    assert services.earlier_projects(again) == []
    # Nothing is carried back to an earlier meeting.
    assert services.earlier_projects(city_rep) == []
    client.post(projects_path(again, f"/{earlier.id}/carry"))
    assert _count() == 2
    assert city("phuket").id == carried.city_id
