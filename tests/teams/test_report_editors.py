"""Summit-report editors: granted on the report's organizer page, they compile the report (sections,
citations, texts) without being site admins; publishing stays with its owner and admins."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.audit.models import AuditEntry
from eventsys.db import db
from eventsys.reports import services as reports
from eventsys.reports.models import ReportSection
from eventsys.teams.models import ReportEditor
from tests.reports.helpers import approve

SLUG = "ascn-outcomes-test-summit"


@pytest.fixture
def report(cast):
    return reports.create_report(cast.organizer, slug=SLUG, title_en="ASCN outcomes to the 35th ASEAN Summit")


def editors():
    db.session.expire_all()
    return [
        (e.user.email, e.granted_by.email if e.granted_by else None) for e in db.session.scalars(select(ReportEditor))
    ]


def test_the_owner_adds_an_editor_on_the_report_page_and_removes_them(cast, report, as_user):
    client = as_user(cast.organizer)
    page = client.get(f"/manage/reports/{SLUG}").get_data(as_text=True)
    assert 'id="report-editors"' in page and "No other editors." in page
    response = client.post(f"/manage/reports/{SLUG}/editors", data={"email": "RAP1@example.org"})
    assert (response.status_code, response.headers["Location"]) == (302, f"/manage/reports/{SLUG}#report-editors")
    assert editors() == [("rap1@example.org", "organizer@example.org")]
    page = client.get(f"/manage/reports/{SLUG}").get_data(as_text=True)
    assert "Rapporteur One can now edit this report." in page
    assert "granted by Event Organizer" in page

    again = client.post(f"/manage/reports/{SLUG}/editors", data={"email": "rap1@example.org"}, follow_redirects=True)
    assert "Rapporteur One is already an editor of this report." in again.get_data(as_text=True)
    assert len(editors()) == 1

    response = client.post(f"/manage/reports/{SLUG}/editors/{cast.rapporteur.id}/remove")
    assert response.headers["Location"] == f"/manage/reports/{SLUG}#report-editors"
    assert editors() == []
    assert client.post(f"/manage/reports/{SLUG}/editors/{cast.rapporteur.id}/remove").status_code == 404
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.actor_label, e.target_ids, e.detail) for e in entries] == [
        (
            "role.grant",
            "organizer@example.org",
            [str(cast.rapporteur.id)],
            {"email": "rap1@example.org", "roles": ["editor"], "report": SLUG},
        ),
        (
            "role.revoke",
            "organizer@example.org",
            [str(cast.rapporteur.id)],
            {"email": "rap1@example.org", "roles": ["editor"], "report": SLUG},
        ),
    ]


def test_an_unknown_address_is_refused_with_a_reason(cast, report, as_user):
    response = as_user(cast.organizer).post(
        f"/manage/reports/{SLUG}/editors", data={"email": "nobody@example.org"}, follow_redirects=True
    )
    assert "No active account has the address nobody@example.org. Invite the person to an event&#39;s team first." in (
        response.get_data(as_text=True)
    )
    assert editors() == []
    bad = as_user(cast.organizer).post(f"/manage/reports/{SLUG}/editors", data={"email": "x"}, follow_redirects=True)
    assert "Give the e-mail address of an account." in bad.get_data(as_text=True)


def test_a_rapporteur_who_is_an_editor_compiles_the_report_but_does_not_publish(cast, report, as_user):
    outcome = approve(cast)
    assert (cast.rapporteur.is_admin, cast.rapporteur.roles) == (False, [])  # no site or event role at all
    client = as_user(cast.rapporteur)
    # Before: a draft report does not exist for them.
    assert client.get(f"/manage/reports/{SLUG}").status_code == 404
    assert client.get("/reports").get_data(as_text=True).count(SLUG) == 0

    reports_grant = as_user(cast.organizer).post(f"/manage/reports/{SLUG}/editors", data={"email": "rap1@example.org"})
    assert reports_grant.status_code == 302
    client = as_user(cast.rapporteur)
    page = client.get(f"/manage/reports/{SLUG}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f'action="/manage/reports/{SLUG}/publish"' in text and ">Publish</button>" not in text
    assert f'action="/manage/reports/{SLUG}/editors"' not in text  # they may not add editors
    assert SLUG in client.get("/reports").get_data(as_text=True)

    response = client.post(f"/manage/reports/{SLUG}/sections", data={"title_en": "Governance of the network"})
    assert (response.status_code, response.headers["Location"]) == (302, f"/manage/reports/{SLUG}")
    section = db.session.scalar(select(ReportSection))
    assert section.title_en == "Governance of the network"
    cited = client.post(
        f"/manage/reports/{SLUG}/sections/{section.id}/cite",
        data={"source": f"{outcome.id}:rec-1", "connecting_en": "The Roundtable recommended:"},
    )
    assert cited.status_code == 302
    db.session.expire_all()
    assert [(i.outcome_id, i.recommendation_id) for i in db.session.scalar(select(ReportSection)).items] == [
        (outcome.id, "rec-1")
    ]

    assert client.post(f"/manage/reports/{SLUG}/publish", data={"publish": "1"}).status_code == 403
    assert client.post(f"/manage/reports/{SLUG}/editors", data={"email": "rap2@example.org"}).status_code == 403
    assert client.post(f"/manage/reports/{SLUG}/editors/{cast.rapporteur.id}/remove").status_code == 403

    as_user(cast.organizer).post(f"/manage/reports/{SLUG}/editors/{cast.rapporteur.id}/remove")
    assert as_user(cast.rapporteur).get(f"/manage/reports/{SLUG}").status_code == 404


def test_an_organizer_who_edits_the_report_may_add_editors(cast, report, as_user, make):
    other = make.event("another-event")
    colleague = make.organizer(other, email="colleague@example.org")
    assert (
        as_user(colleague).post(f"/manage/reports/{SLUG}/editors", data={"email": "rap2@example.org"}).status_code
        == 403
    )
    as_user(cast.organizer).post(f"/manage/reports/{SLUG}/editors", data={"email": "colleague@example.org"})
    response = as_user(colleague).post(f"/manage/reports/{SLUG}/editors", data={"email": "rap2@example.org"})
    assert response.status_code == 302
    assert sorted(e for e, _ in editors()) == ["colleague@example.org", "rap2@example.org"]


@pytest.mark.parametrize("who", ["anonymous", "delegate", "chair", "admin"])
def test_who_may_manage_editors(cast, report, as_user, client, who):
    user = {"anonymous": None, "delegate": cast.delegate, "chair": cast.chair, "admin": cast.admin}[who]
    response = as_user(user).post(f"/manage/reports/{SLUG}/editors", data={"email": "rap2@example.org"})
    expected = {
        "anonymous": (302, "/login"),  # a form sent while signed out: no POST-only address to return to
        "delegate": (403, None),
        "chair": (403, None),
        "admin": (302, f"/manage/reports/{SLUG}#report-editors"),
    }[who]
    assert (response.status_code, response.headers.get("Location")) == expected
    assert editors() == ([("rap2@example.org", "admin@example.org")] if who == "admin" else [])


def test_no_such_report_is_not_found(cast, as_user):
    assert (
        as_user(cast.admin).post("/manage/reports/nothing/editors", data={"email": "rap2@example.org"}).status_code
        == 404
    )
