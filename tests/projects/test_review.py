"""Reviewers score each project once against the call's criteria; organizers see the scores side by
side, decide, and notify submitters in their language, once per decision."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.accounts.models import Role
from eventsys.audit.models import AuditEntry
from eventsys.db import db
from eventsys.mail.models import OutboxMail
from eventsys.projects.models import ProjectReview, ProjectStatus
from tests.conftest import login
from tests.projects.conftest import make_project


@pytest.fixture
def project(event, call, city_rep):
    return make_project(event, city_rep)


def _scores(call, *values) -> dict:
    data = {f"score-{c.id}": str(v) for c, v in zip(call.criteria, values, strict=True)}
    data["comment"] = "Ready for a partner."
    return data


def _review_url(event, project) -> str:
    return f"/manage/events/{event.slug}/projects/{project.id}/review"


def test_reviewer_scores_once_and_edits_the_same_review(client, event, call, project, reviewer):
    login(client, reviewer)
    response = client.post(_review_url(event, project), data=_scores(call, 4, 7))
    assert (response.status_code, response.headers["Location"]) == (
        303,
        f"/manage/events/{event.slug}/projects/{project.id}#scores",
    )
    client.post(_review_url(event, project), data=_scores(call, 5, 8))
    review = db.session.scalars(select(ProjectReview)).one()
    assert (review.reviewer_id, review.scores, review.comment) == (
        reviewer.id,
        {str(call.criteria[0].id): 5, str(call.criteria[1].id): 8},
        "Ready for a partner.",
    )


def test_a_missing_or_off_scale_score_is_refused_with_a_message(client, event, call, project, reviewer):
    login(client, reviewer)
    data = _scores(call, 4, 7)
    data[f"score-{call.criteria[0].id}"] = ""
    response = client.post(_review_url(event, project), data=data)
    assert response.status_code == 422
    assert "Score every criterion." in response.get_data(as_text=True)
    data[f"score-{call.criteria[0].id}"] = "6"  # the scale is 1 to 5
    assert client.post(_review_url(event, project), data=data).status_code == 422
    assert db.session.scalars(select(ProjectReview)).all() == []


def test_others_scores_stay_hidden_until_the_reviewer_has_scored(
    client, event, call, project, reviewer, second_reviewer
):
    db.session.add(
        ProjectReview(project_id=project.id, reviewer_id=second_reviewer.id, scores={"x": 1}, comment="Weak.")
    )
    db.session.commit()
    login(client, reviewer)
    page = client.get(f"/manage/events/{event.slug}/projects/{project.id}").get_data(as_text=True)
    assert 'id="scores-hidden"' in page and "Reviewer Two" not in page and "Weak." not in page
    client.post(_review_url(event, project), data=_scores(call, 4, 7))
    page = client.get(f"/manage/events/{event.slug}/projects/{project.id}").get_data(as_text=True)
    assert 'id="score-table"' in page and "Reviewer Two" in page and "Weak." in page


def test_organizer_sees_scores_side_by_side_with_the_weighted_total(
    client, event, call, project, organizer, reviewer, second_reviewer
):
    for who, values in ((reviewer, (4, 5)), (second_reviewer, (2, 9))):
        db.session.add(
            ProjectReview(
                project_id=project.id,
                reviewer_id=who.id,
                scores={str(c.id): v for c, v in zip(call.criteria, values, strict=True)},
            )
        )
    db.session.commit()
    login(client, organizer)
    page = client.get(f"/manage/events/{event.slug}/projects/{project.id}").get_data(as_text=True)
    # (3 * 4/5 + 5/10) / 4 = 72.5 %, (3 * 2/5 + 9/10) / 4 = 52.5 %: mean 62.5, spread 20.
    assert "72.5 %" in page and "52.5 %" in page and "62.5 %" in page and "20.0" in page
    listing = client.get(f"/manage/events/{event.slug}/projects").get_data(as_text=True)
    assert "62.5 %" in listing


@pytest.mark.parametrize("role", [Role.RAPPORTEUR, Role.CHECKIN_STAFF])
def test_rapporteur_and_checkin_staff_cannot_review(client, make, event, call, project, role):
    login(client, make.with_role(event, role, email="staff@example.org"))
    assert client.get(f"/manage/events/{event.slug}/projects/{project.id}").status_code == 403
    assert client.post(_review_url(event, project), data=_scores(call, 4, 7)).status_code == 403
    assert db.session.scalars(select(ProjectReview)).all() == []


def test_reviewer_cannot_decide_notify_or_change_the_call(client, event, call, project, reviewer):
    login(client, reviewer)
    assert (
        client.post(
            f"/manage/events/{event.slug}/projects/{project.id}/decide", data={"decision": "accepted"}
        ).status_code
        == 403
    )
    assert client.post(f"/manage/events/{event.slug}/projects/notify").status_code == 403
    assert client.get(f"/manage/events/{event.slug}/projects/call").status_code == 403
    db.session.expire_all()
    assert project.status == ProjectStatus.SUBMITTED


def test_after_the_decision_reviews_are_final(client, event, call, project, reviewer):
    project.status = ProjectStatus.ACCEPTED
    db.session.commit()
    login(client, reviewer)
    response = client.post(_review_url(event, project), data=_scores(call, 4, 7))
    assert response.status_code == 303
    assert db.session.scalars(select(ProjectReview)).all() == []


def test_decision_mails_go_once_in_each_submitters_language(client, make, event, call, project, organizer):
    english = make.registration(event, email="minh@example.org", first_name="Minh", last_name="Nguyen", language="en")
    other = make_project(event, english, title="Da Nang Intelligent Traffic", city_slug="da-nang", language="en")
    login(client, organizer)
    response = client.post(f"/manage/events/{event.slug}/projects/{project.id}/decide", data={"decision": "accepted"})
    assert response.status_code == 303
    client.post(f"/manage/events/{event.slug}/projects/{other.id}/decide", data={"decision": "declined"})
    db.session.expire_all()
    assert (project.status, other.status) == (ProjectStatus.ACCEPTED, ProjectStatus.DECLINED)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "project.decide")).first()
    assert entry.detail["decision"] == "accepted"
    assert db.session.scalars(select(OutboxMail)).all() == []  # nothing mailed before the organizers notify
    assert client.post(f"/manage/events/{event.slug}/projects/notify").status_code == 303
    mails = {m.to_address: m for m in db.session.scalars(select(OutboxMail))}
    assert set(mails) == {"suwit@example.org", "minh@example.org"}
    assert (mails["suwit@example.org"].language, mails["minh@example.org"].language) == ("th", "en")
    assert "ภูเก็ตอัจฉริยะ" in mails["suwit@example.org"].subject  # the Thai title, for the Thai reader
    assert mails["minh@example.org"].subject == "The decision on your project: Da Nang Intelligent Traffic"
    assert "/projects" in mails["minh@example.org"].body_text
    # Again: nobody is mailed twice. A changed decision is mailed.
    client.post(f"/manage/events/{event.slug}/projects/notify")
    assert len(db.session.scalars(select(OutboxMail)).all()) == 2
    client.post(f"/manage/events/{event.slug}/projects/{other.id}/decide", data={"decision": "accepted"})
    client.post(f"/manage/events/{event.slug}/projects/notify")
    subjects = [
        m.subject for m in db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == "minh@example.org"))
    ]
    assert subjects == [
        "The decision on your project: Da Nang Intelligent Traffic",
        "Your project is accepted: Da Nang Intelligent Traffic",
    ]


def test_an_empty_decision_is_a_clear_message(client, event, call, project, organizer):
    login(client, organizer)
    response = client.post(f"/manage/events/{event.slug}/projects/{project.id}/decide", data={})
    assert response.status_code == 422
    assert "Choose a decision." in response.get_data(as_text=True)


def test_the_hub_tells_organizers_what_waits_for_a_decision_once_the_call_closed(
    client, event, call, project, organizer
):
    login(client, organizer)
    notice = "The call for city projects has closed: 1 project waits for a decision."
    assert notice not in client.get(f"/manage/events/{event.slug}").get_data(as_text=True)  # still open
    call.closes_at = call.closes_at.replace(year=2000)
    db.session.commit()
    assert notice in client.get(f"/manage/events/{event.slug}").get_data(as_text=True)
    project.status = ProjectStatus.DECLINED
    db.session.commit()
    assert notice not in client.get(f"/manage/events/{event.slug}").get_data(as_text=True)
