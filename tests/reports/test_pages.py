import re

import pytest
from sqlalchemy import select

from eventsys.db import db
from eventsys.reports import services
from eventsys.reports.models import ReportItem
from tests.reports.helpers import approve, report_with_citation

# What these pages show is rendered the same on either database; every page also meets PostgreSQL
# in tests/security/test_hostile_queries.py, and their queries in the services' tests.
pytestmark = pytest.mark.one_backend


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_report_page_links_every_recommendation_to_its_session_and_event(cast, client):
    report, _outcome = report_with_citation(cast)
    html = text_of(client.get(f"/reports/{report.slug}?lang=en"))
    assert '<h1 id="report-title" class="h2" lang="en">ASCN outcomes to the 35th ASEAN Summit</h1>' in html
    assert '<a href="#section-1">Governance of the network</a>' in html
    assert "1. Governance of the network" in html
    assert "The Roundtable recommended:" in html
    assert '<p class="mb-1" lang="en">Endorse the Terms of Reference at the Annual Meeting.</p>' in html
    assert (
        f'<a href="/events/{cast.event.slug}/sessions/{cast.session.id}/outcomes#rec-1">Draft ASCN Terms of Reference</a>'
        in html
    )
    assert f'<a href="/events/{cast.event.slug}">ASCN Roundtable (test)</a>' in html
    assert "Out of date" not in html


def test_session_page_lists_the_published_reports_citing_it(cast, client):
    report, _outcome = report_with_citation(cast)
    html = text_of(client.get(f"/events/{cast.event.slug}/sessions/{cast.session.id}/outcomes?lang=en"))
    citing = html.split("Reports citing this session")[1]
    assert f'<a href="/reports/{report.slug}">ASCN outcomes to the 35th ASEAN Summit</a>' in citing


def test_out_of_date_citation_is_shown_with_the_new_text_and_the_editor_can_update_it(cast, as_user):
    report, _outcome = report_with_citation(cast)
    outcome_after = approve(
        cast, recommendations=[{"id": "rec-1", "text_en": "Endorse the revised Terms of Reference.", "text_th": ""}]
    )
    public = text_of(as_user(None).get(f"/reports/{report.slug}?lang=en"))
    assert "Out of date: the outcome was revised and approved again (version 2). The new text:" in public
    assert "Endorse the revised Terms of Reference." in public
    assert "Update citation" not in public
    editor = as_user(cast.organizer)
    page = text_of(editor.get(f"/reports/{report.slug}?lang=en"))
    item_id = re.search(r"/items/(\d+)/update-citation", page).group(1)
    response = editor.post(f"/manage/reports/{report.slug}/items/{item_id}/update-citation")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/manage/reports/{report.slug}"
    item = db.session.get(ReportItem, int(item_id))
    db.session.refresh(item)
    assert (item.cited_version_id, item.cited_version.number) == (outcome_after.approved_version_id, 2)
    after = text_of(editor.get(f"/reports/{report.slug}?lang=en"))
    assert "The citation now quotes the latest approved version." in after
    assert "Out of date" not in after
    assert '<p class="mb-1" lang="en">Endorse the revised Terms of Reference.</p>' in after


def test_editor_builds_a_report_from_the_workbench(cast, as_user):
    outcome = approve(cast)
    client = as_user(cast.organizer)
    response = client.post(
        "/manage/reports/new",
        data={
            "slug": "ascn-outcomes-36th-asean-summit",
            "title_en": "ASCN outcomes to the 36th ASEAN Summit",
            "title_th": "",
            "target_en": "36th ASEAN Summit",
            "target_th": "",
            "target_date": "2020-06-26",
            "introduction_en": "Introduction.",
            "introduction_th": "",
        },
    )
    slug = "ascn-outcomes-36th-asean-summit"
    assert (response.status_code, response.headers["Location"]) == (302, f"/manage/reports/{slug}")
    added = client.post(
        f"/manage/reports/{slug}/sections",
        data={"title_en": "Governance", "title_th": "การกำกับดูแล", "text_en": "", "text_th": ""},
    )
    assert (added.status_code, added.headers["Location"]) == (302, f"/manage/reports/{slug}")
    report = services.get_report(slug, cast.organizer)
    assert (report.title_en, report.editor_id, report.is_published) == (
        "ASCN outcomes to the 36th ASEAN Summit",
        cast.organizer.id,
        False,
    )
    assert [(s.title_en, s.title_th) for s in report.sections] == [("Governance", "การกำกับดูแล")]
    section = report.sections[0]
    workbench = text_of(client.get(f"/manage/reports/{slug}?lang=en"))
    assert f'<option value="{outcome.id}:rec-1">' in workbench
    for source, connecting in [(f"{outcome.id}:rec-1", "The Roundtable recommended:"), (str(outcome.id), "")]:
        cited = client.post(
            f"/manage/reports/{slug}/sections/{section.id}/cite",
            data={"source": source, "connecting_en": connecting, "connecting_th": ""},
        )
        assert (cited.status_code, cited.headers["Location"]) == (302, f"/manage/reports/{slug}#section-{section.id}")
    db.session.expire_all()
    items = db.session.scalars(
        select(ReportItem).where(ReportItem.section_id == section.id).order_by(ReportItem.position)
    ).all()
    assert [(i.outcome_id, i.recommendation_id, i.connecting_en, i.cited_version_id) for i in items] == [
        (outcome.id, "rec-1", "The Roundtable recommended:", outcome.approved_version_id),
        (outcome.id, None, "", outcome.approved_version_id),
    ]
    assert client.get(f"/reports/{slug}?lang=en", follow_redirects=False).status_code == 200  # editor sees draft
    assert as_user(None).get(f"/reports/{slug}").status_code == 404  # the public does not
    client = as_user(cast.organizer)
    unconfirmed = client.post(f"/manage/reports/{slug}/publish", data={"publish": "1"})
    assert (unconfirmed.status_code, unconfirmed.headers["Location"]) == (302, f"/manage/reports/{slug}")
    assert as_user(None).get(f"/reports/{slug}").status_code == 404  # still a draft: the publisher ticks the box first
    client = as_user(cast.organizer)
    published = client.post(f"/manage/reports/{slug}/publish", data={"publish": "1", "confirm": "y"})
    assert (published.status_code, published.headers["Location"]) == (302, f"/manage/reports/{slug}")
    db.session.expire_all()
    assert services.get_report(slug).is_published is True
    html = text_of(as_user(None).get(f"/reports/{slug}?lang=en"))
    assert html.index("The Roundtable recommended:") < html.index(
        "The delegates reviewed the draft Terms of Reference."
    )


def test_bad_report_input_is_a_form_message(cast, as_user):
    client = as_user(cast.organizer)
    response = client.post("/manage/reports/new?lang=en", data={"slug": "Not A Slug", "title_en": "Report"})
    assert response.status_code == 400
    assert "Use lower-case letters, digits and hyphens for the address." in text_of(response)


ROLES = ["anonymous", "delegate", "rapporteur", "chair", "organizer", "admin"]
# The report's editor is the organizer who created it.
REPORT_ALLOWED = {
    "read_published": set(ROLES),
    "read_draft": {"organizer", "admin"},
    "create": {"organizer", "admin"},
    "edit": {"organizer", "admin"},
    "publish": {"organizer", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(REPORT_ALLOWED))
def test_role_against_report_action(cast, as_user, role, action):
    report, _outcome = report_with_citation(cast, published=action == "read_published")
    client = as_user(None if role == "anonymous" else getattr(cast, role))
    if action in ("read_published", "read_draft"):
        response = client.get(f"/reports/{report.slug}")
        api = client.get(f"/api/v1/reports/{report.slug}")
        allowed = role in REPORT_ALLOWED[action]
        assert response.status_code == (200 if allowed else 404)
        assert ("ASCN outcomes to the 35th ASEAN Summit" in text_of(response)) is allowed
        assert api.status_code == (200 if allowed else 404)
        return
    if action == "create":
        path = "/manage/reports/new"
        response = client.get(path)
    elif action == "edit":
        path = f"/manage/reports/{report.slug}/sections"
        response = client.post(path, data={"title_en": "Added"})
    else:
        path = f"/manage/reports/{report.slug}/publish"
        response = client.post(path, data={"publish": "1", "confirm": "y"})
    allowed = role in REPORT_ALLOWED[action]
    if role == "anonymous":  # to the sign-in page; back to this address after it only for a GET
        assert response.status_code == 302
        assert response.headers["Location"] == (f"/login?next={path}" if action == "create" else "/login")
    elif not allowed:
        # Anyone signed in who organizes no event may not create a report; someone else's draft
        # report is not there at all for them (as for the public), so editing it is a 404.
        assert response.status_code == (403 if action == "create" else 404)
    elif action == "create":
        assert response.status_code == 200
        assert 'name="slug"' in text_of(response)
    else:
        assert response.status_code == 302
        assert response.headers["Location"] == f"/manage/reports/{report.slug}"
    db.session.expire_all()
    fresh = services.get_report(report.slug, cast.admin)
    if action == "edit":
        assert [s.title_en for s in fresh.sections] == ["Governance of the network"] + (["Added"] if allowed else [])
    if action == "publish":
        assert fresh.is_published is allowed


def test_report_list_shows_published_reports_and_an_empty_state(cast, client):
    assert "No published reports yet" in text_of(client.get("/reports?lang=en"))
    report, _outcome = report_with_citation(cast)
    assert (
        f'<a class="fw-semibold" href="/reports/{report.slug}">ASCN outcomes to the 35th ASEAN Summit</a>'
        in text_of(client.get("/reports?lang=en"))
    )


def test_report_pdf_download(cast, client):
    report, _outcome = report_with_citation(cast)
    response = client.get(f"/reports/{report.slug}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")


def test_report_page_queries_do_not_grow_with_citations(cast, client, count_queries):
    report, outcome = report_with_citation(cast)
    with count_queries() as one:
        client.get(f"/reports/{report.slug}")
    section = services.get_report(report.slug).sections[0]
    for _ in range(5):
        services.cite(cast.organizer, section, outcome.id, None, "More.")
    with count_queries() as six:
        html = text_of(client.get(f"/reports/{report.slug}"))
    assert html.count('class="border-start border-3 ps-3 mb-3 es-cited"') == 6
    assert six.count == one.count
    with count_queries() as listing:
        client.get("/reports")
    assert listing.count <= 4
