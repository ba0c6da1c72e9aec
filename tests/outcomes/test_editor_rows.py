"""The outcome editor's rows: added and removed without JavaScript (nothing saved, nothing typed
lost), no empty row stored or gained by saving, topics chosen with checkboxes."""

import re

from eventsys.outcomes import services
from tests.outcomes.conftest import content


def page_of(response) -> str:
    return response.get_data(as_text=True)


def editor(cast):
    return f"/manage/sessions/{cast.session.id}/outcomes"


def typed(**extra):
    data = {
        "base_number": "0",
        "summary_en": "Delegates reviewed the draft.",
        "summary_th": "",
        "recommendations-0-text_en": "Endorse it at the Annual Meeting.",
        "recommendations-0-text_th": "รับรองในการประชุมประจำปี",
        "recommendations-0-focus_areas": ["civic-and-social"],
        "recommendations-0-dimensions": ["smart-governance"],
    }
    data.update(extra)
    return data


def test_saving_stores_no_empty_row_and_the_page_gains_none(cast, as_user):
    client = as_user(cast.rapporteur)
    data = typed(**{"recommendations-1-text_en": "", "recommendations-1-text_th": "", "key_messages-0-text_en": ""})
    saved = client.post(editor(cast), data=data)
    assert (saved.status_code, saved.headers["Location"]) == (302, editor(cast))
    stored = services.outcome_for(cast.session.id).current_version.content
    assert [r["text_en"] for r in stored["recommendations"]] == ["Endorse it at the Annual Meeting."]
    assert stored["key_messages"] == [] and stored["action_items"] == []

    page = page_of(client.get(editor(cast) + "?lang=en"))
    # The saved recommendation and nothing after it; an empty list starts with one blank row.
    assert 'name="recommendations-0-text_en"' in page and 'name="recommendations-1-text_en"' not in page
    assert 'name="key_messages-0-text_en"' in page and 'name="key_messages-1-text_en"' not in page
    # Saving again does not add a row either.
    client.post(
        editor(cast), data=typed(base_number="1", **{"recommendations-0-id": stored["recommendations"][0]["id"]})
    )
    page = page_of(client.get(editor(cast) + "?lang=en"))
    assert 'name="recommendations-1-text_en"' not in page


def test_add_without_javascript_shows_a_new_row_keeps_what_was_typed_and_saves_nothing(cast, as_user):
    client = as_user(cast.rapporteur)
    response = client.post(editor(cast) + "?lang=en", data=typed(add="recommendations"))
    page = page_of(response)
    assert response.status_code == 200
    assert services.outcome_for(cast.session.id) is None  # nothing saved
    assert "Not saved yet: save the draft to keep your changes." in page
    assert re.search(r'name="recommendations-0-text_en"[^>]*>\s*Endorse it at the Annual Meeting\.</textarea>', page)
    assert re.search(r'name="recommendations-0-text_th"[^>]*>\s*รับรองในการประชุมประจำปี</textarea>', page)
    assert re.search(
        r'<input checked[^>]*name="recommendations-0-focus_areas" type="checkbox" value="civic-and-social"', page
    )
    # The new row is empty, open, and has the focus.
    assert re.search(r'<textarea autofocus[^>]*name="recommendations-1-text_en">\s*</textarea>', page)
    assert "is-invalid" not in page  # not checked yet: no error on the empty row


def test_remove_without_javascript_drops_that_row_only(cast, as_user):
    client = as_user(cast.rapporteur)
    data = typed(
        **{
            "recommendations-1-text_en": "Publish the indicators.",
            "recommendations-2-text_en": "Meet again in Bangkok.",
            "remove": "recommendations-1",
        }
    )
    page = page_of(client.post(editor(cast) + "?lang=en", data=data))
    assert "Publish the indicators." not in page
    assert "Endorse it at the Annual Meeting." in page and "Meet again in Bangkok." in page
    assert services.outcome_for(cast.session.id) is None
    # Saving that form keeps the two rows left (the gap in the numbering does not matter).
    del data["recommendations-1-text_en"], data["remove"]
    assert client.post(editor(cast), data=data).status_code == 302
    stored = services.outcome_for(cast.session.id).current_version.content
    assert [r["text_en"] for r in stored["recommendations"]] == [
        "Endorse it at the Annual Meeting.",
        "Meet again in Bangkok.",
    ]


def test_topics_are_checkbox_groups_with_a_legend_and_their_values_save(cast, as_user):
    client = as_user(cast.rapporteur)
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    page = page_of(client.get(editor(cast) + "?lang=en"))
    assert "<select multiple" not in page and "Ctrl" not in page
    assert re.search(
        r'<fieldset class="mb-2" id="recommendations-0-focus_areas">\s*<legend[^>]*>Focus areas</legend>', page
    )
    assert re.search(r'<input checked[^>]*id="recommendations-0-dimensions-\d+"[^>]*value="smart-governance"', page)
    rec_id = services.outcome_for(cast.session.id).current_version.content["recommendations"][0]["id"]
    data = typed(
        base_number="1",
        **{
            "recommendations-0-id": rec_id,
            "recommendations-0-focus_areas": ["civic-and-social", "quality-environment"],
            "recommendations-0-dimensions": [],
        },
    )
    assert client.post(editor(cast), data=data).status_code == 302
    stored = services.outcome_for(cast.session.id).current_version.content["recommendations"][0]
    assert (stored["focus_areas"], stored["dimensions"]) == (["civic-and-social", "quality-environment"], [])
    # A topic that does not exist is a form error, not a saved value.
    bad = client.post(editor(cast), data=typed(base_number="2", **{"recommendations-0-focus_areas": ["no-such"]}))
    assert bad.status_code == 400
    assert services.outcome_for(cast.session.id).current_number == 2


def test_a_row_sent_back_with_an_error_is_named_and_linked_in_the_summary(cast, as_user):
    client = as_user(cast.rapporteur)
    data = typed(**{"action_items-0-what_en": "Publish the data catalogue", "action_items-0-due": "2026-13-45"})
    response = client.post(editor(cast) + "?lang=en", data=data)
    assert response.status_code == 400
    html = page_of(response)
    summary = html[html.index("data-error-summary") : html.index("</div>", html.index("data-error-summary"))]
    assert re.search(r'href="#action_items-0-due">Action items 1: Due: Not a valid date value.?</a>', summary)
    assert 'id="action_items-0-due"' in html
    assert services.outcome_for(cast.session.id) is None  # nothing half-saved
