import json
import re

import pytest

from eventsys.db import db
from eventsys.outcomes import services
from tests.outcomes.conftest import content

# What these pages show is rendered the same on either database; every page also meets PostgreSQL
# in tests/security/test_hostile_queries.py, and their queries in the services' tests.
pytestmark = pytest.mark.one_backend


def text_of(response) -> str:
    return response.get_data(as_text=True)


def editor_form(summary, base, *, summary_th="", recommendation="", rec_id=""):
    return {
        "base_number": str(base),
        "summary_en": summary,
        "summary_th": summary_th,
        "key_messages-0-text_en": "",
        "key_messages-0-text_th": "",
        "recommendations-0-id": rec_id,
        "recommendations-0-text_en": recommendation,
        "recommendations-0-text_th": "",
        "recommendations-0-focus_areas": ["civic-and-social"],
        "recommendations-0-dimensions": ["smart-governance"],
        "action_items-0-what_en": "Report baseline indicators.",
        "action_items-0-what_th": "",
        "action_items-0-owner": "city:bangkok",
        "action_items-0-due": "2019-08-22",
        "action_items-0-status": "open",
        "action_items-0-focus_areas": ["quality-environment"],
    }


def test_editor_shows_english_and_thai_side_by_side_and_saves_a_version(cast, as_user):
    client = as_user(cast.rapporteur)
    url = f"/manage/sessions/{cast.session.id}/outcomes"
    html = text_of(client.get(url + "?lang=en"))
    assert 'name="summary_en"' in html and 'name="summary_th"' in html
    assert re.search(
        r'<div class="col-md-6" lang="th">\s*<div class="mb-3">\s*<label class="form-label" for="summary_th">', html
    )
    response = client.post(
        url,
        data=editor_form(
            "Delegates reviewed the draft.",
            0,
            summary_th="ผู้แทนได้พิจารณาร่าง",
            recommendation="Endorse it at the Annual Meeting.",
        ),
    )
    assert (response.status_code, response.headers["Location"]) == (302, url)
    outcome = services.outcome_for(cast.session.id)
    saved = outcome.current_version.content
    assert (saved["summary_en"], saved["summary_th"]) == ("Delegates reviewed the draft.", "ผู้แทนได้พิจารณาร่าง")
    assert saved["recommendations"][0]["text_en"] == "Endorse it at the Annual Meeting."
    assert saved["recommendations"][0]["focus_areas"] == ["civic-and-social"]
    assert saved["action_items"][0] | {"id": "x"} == {
        "id": "x",
        "what_en": "Report baseline indicators.",
        "what_th": "",
        "owner": "city:bangkok",
        "due": "2019-08-22",
        "status": "open",
        "focus_areas": ["quality-environment"],
        "dimensions": [],
    }
    page = text_of(client.get(url + "?lang=en"))
    assert "Saved as version 1." in page
    assert re.search(r'name="recommendations-0-text_en">\s*Endorse it at the Annual Meeting\.</textarea>', page)


def test_two_rapporteurs_editing_at_once_the_second_save_is_told_and_kept_in_the_form(cast, as_user):
    url = f"/manage/sessions/{cast.session.id}/outcomes"
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    first = as_user(cast.rapporteur)
    saved = first.post(url, data=editor_form("The first rapporteur's summary.", 1))
    assert (saved.status_code, saved.headers["Location"]) == (302, url)
    second = as_user(cast.second_rapporteur)
    response = second.post(url + "?lang=en", data=editor_form("The second rapporteur's summary.", 1))
    html = text_of(response)
    assert response.status_code == 409
    assert "Someone else saved version 2 while you were editing. Nothing was overwritten" in html
    assert "The second rapporteur&#39;s summary." in html  # still in the form
    assert "See what the other rapporteur changed" in html
    outcome = services.outcome_for(cast.session.id)
    assert outcome.current_version.content["summary_en"] == "The first rapporteur's summary."
    # Having seen the message, a deliberate second save is based on version 2 and goes through.
    again = second.post(url, data=editor_form("The second rapporteur's summary.", 2))
    assert (again.status_code, again.headers["Location"]) == (302, url)
    db.session.expire_all()
    assert (
        services.outcome_for(cast.session.id).current_version.content["summary_en"]
        == "The second rapporteur's summary."
    )


def test_invalid_editor_input_is_a_form_message_not_an_error(cast, as_user):
    client = as_user(cast.rapporteur)
    form = editor_form("", 0)
    response = client.post(f"/manage/sessions/{cast.session.id}/outcomes?lang=en", data=form)
    assert response.status_code == 400
    assert "Please correct the marked fields." in text_of(response)
    assert services.outcome_for(cast.session.id) is None


def test_changes_page_shows_what_changed_per_field(cast, as_user):
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    services.save_draft(
        cast.session, cast.rapporteur, content("The delegates reviewed and amended the draft Terms of Reference."), 1
    )
    html = text_of(as_user(cast.chair).get(f"/manage/sessions/{cast.session.id}/outcomes/changes?lang=en"))
    assert "Changes from version 1 to version 2" in html
    assert '<h2 class="h6">Summary (English)</h2>' in html
    assert '<ins class="bg-success-subtle">and amended</ins>' in html


def test_returned_outcomes_show_the_comment_to_the_rapporteurs(cast, as_user):
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    services.submit(cast.session, cast.rapporteur)
    services.return_to_rapporteurs(cast.session, cast.chair, "Please add the Thai summary.")
    html = text_of(as_user(cast.rapporteur).get(f"/manage/sessions/{cast.session.id}/outcomes?lang=en"))
    assert "Returned with this comment" in html and "Please add the Thai summary." in html
    assert "Resubmit for approval" in html


def _approved(cast, make, actions, session=None, event=None):
    session = session or cast.session
    services.save_draft(session, cast.admin, content(actions=actions), 0)
    services.submit(session, cast.admin)
    # Separation of duties: the writer does not approve; another admin does.
    services.approve(session, make.user(name="Second Admin", is_admin=True))


def test_next_meeting_page_shows_earlier_action_items_for_their_owners(cast, make):
    _approved(
        cast,
        make,
        [
            {
                "id": "act-1",
                "what_en": "Report baseline indicators for Bangkok.",
                "owner": "city:bangkok",
                "due": "2019-08-22",
                "status": "in_progress",
                "focus_areas": ["quality-environment"],
            },
            {
                "id": "act-2",
                "what_en": "Confirm the national focal point.",
                "owner": "member_state:SG",
                "due": None,
                "status": "open",
            },
        ],
    )
    later = make.event("ascn-annual-test", days_ahead=30, series=cast.event.series)
    html = text_of(make_client(cast).get(f"/events/{later.slug}?lang=en"))
    section = html.split('id="followup-title"')[1]
    assert "Follow-up from earlier meetings" in html
    assert re.search(
        r'<h3 class="h6 mt-3">Bangkok</h3>.*Report baseline indicators for Bangkok\..*In progress', section, re.S
    )
    assert re.search(r'<h3 class="h6 mt-3">Singapore</h3>.*Confirm the national focal point\..*Open', section, re.S)
    earlier_page = text_of(make_client(cast).get(f"/events/{cast.event.slug}?lang=en"))
    assert "Follow-up from earlier meetings" not in earlier_page


def make_client(cast):
    from flask import current_app

    return current_app.test_client()


def test_member_state_page_lists_its_own_and_its_cities_actions_with_a_chart(cast, make, client, count_queries):
    _approved(
        cast,
        make,
        [
            {
                "id": "act-1",
                "what_en": "Report baseline indicators for Bangkok.",
                "owner": "city:bangkok",
                "due": "2019-08-22",
                "status": "open",
                "focus_areas": ["quality-environment"],
            },
            {
                "id": "act-2",
                "what_en": "Circulate the Terms of Reference.",
                "owner": "member_state:TH",
                "due": "2019-07-15",
                "status": "done",
                "focus_areas": ["civic-and-social"],
            },
            {"id": "act-3", "what_en": "Singapore's own item.", "owner": "member_state:SG", "status": "open"},
        ],
    )
    with count_queries() as counter:
        response = client.get("/member-states/th/actions?lang=en")
    html = text_of(response)
    assert response.status_code == 200
    assert "Action items for Thailand" in html
    assert "Report baseline indicators for Bangkok." in html and "Circulate the Terms of Reference." in html
    assert "Singapore&#39;s own item." not in html
    chart = json.loads(re.search(r'id="actions-chart-data">(.*?)</script>', html, re.S).group(1))
    assert chart["labels"] == ["Civic and Social", "Quality Environment"]
    assert {d["label"]: d["data"] for d in chart["datasets"]} == {
        "Open": [0, 1],
        "In progress": [0, 0],
        "Done": [1, 0],
        "Dropped": [0, 0],
    }
    assert "chart.umd.min.js" in html
    assert counter.count <= 12
    city = text_of(client.get("/cities/bangkok/actions?lang=th"))
    assert "Report baseline indicators for Bangkok." in city and "Circulate the Terms" not in city
    assert "กรุงเทพมหานคร" in city


def test_owner_pages_have_empty_states_and_404s(reference, client):
    assert "No action items yet" in text_of(client.get("/cities/phuket/actions?lang=en"))
    assert client.get("/cities/atlantis/actions").status_code == 404
    assert client.get("/member-states/XX/actions").status_code == 404


def test_session_partial_shows_both_languages_and_citable_anchors(cast, client):
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    services.submit(cast.session, cast.rapporteur)
    services.approve(cast.session, cast.chair)
    html = text_of(client.get(f"/events/{cast.event.slug}/sessions/{cast.session.id}/outcomes?lang=en"))
    assert 'lang="th">ผู้แทนได้พิจารณาร่างขอบเขตการดำเนินงานของเครือข่ายเมืองอัจฉริยะอาเซียน</p>' in html
    assert '<li class="list-group-item d-flex gap-2" id="rec-1">' in html
    assert "No published report cites this session yet." in html
    assert client.get(f"/events/other-slug/sessions/{cast.session.id}/outcomes").status_code == 404


def test_public_outcomes_page_in_thai(cast, client):
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    services.submit(cast.session, cast.rapporteur)
    services.approve(cast.session, cast.chair)
    html = text_of(client.get(f"/events/{cast.event.slug}/sessions/{cast.session.id}/outcomes?lang=th"))
    assert '<html lang="th">' in html
    assert '<h2 id="outcomes-title-1" class="h4">ผลการประชุม</h2>' in html
    assert "ข้อเสนอแนะ" in html and "รายการดำเนินการ" in html
    assert '<span class="fw-semibold">ผู้รับผิดชอบ:</span> กรุงเทพมหานคร' in html
    assert "22 สิงหาคม 2562" in html  # due date in the Buddhist Era
    assert "พลเมืองและสังคม" in html  # the focus area tag


def test_my_sessions_lists_what_each_person_writes_or_reviews(cast, as_user):
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    mine = text_of(as_user(cast.rapporteur).get("/manage/outcomes?lang=en"))
    assert f'<a href="/manage/sessions/{cast.session.id}/outcomes">Draft ASCN Terms of Reference</a>' in mine
    assert "City Data Platform" not in mine and "<td>Draft</td>" in mine
    organizer = text_of(as_user(cast.organizer).get("/manage/outcomes?lang=en"))
    assert "Draft ASCN Terms of Reference" in organizer and "City Data Platform" in organizer
    assert "No sessions to write or review" in text_of(as_user(cast.delegate).get("/manage/outcomes?lang=en"))


@pytest.mark.csrf
def test_editor_form_carries_its_csrf_token(cast, client):
    def token_on(page):
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', text_of(client.get(page))).group(1)

    client.post(
        "/login",
        data={"email": "rap1@example.org", "password": "correct horse battery", "csrf_token": token_on("/login")},
    )
    url = f"/manage/sessions/{cast.session.id}/outcomes"
    token = token_on(url + "?lang=en")
    assert client.post(url, data=editor_form("Without a token.", 0)).status_code == 400
    response = client.post(url, data=editor_form("With the token.", 0) | {"csrf_token": token})
    assert (response.status_code, response.headers["Location"]) == (302, url)
    assert services.outcome_for(cast.session.id).current_version.content["summary_en"] == "With the token."
