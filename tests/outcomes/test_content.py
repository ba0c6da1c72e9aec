import copy

import pytest

from eventsys.outcomes.content import InvalidContent, diff_content, normalise, word_diff
from tests.outcomes.conftest import content


def test_normalise_trims_drops_empty_rows_and_gives_new_items_stable_ids(app):
    raw = content()
    raw["recommendations"].append({"text_en": "  Share indicator data.  ", "text_th": ""})
    raw["recommendations"].append({"text_en": "", "text_th": ""})
    cleaned = normalise(raw)
    assert [r["text_en"] for r in cleaned["recommendations"]] == [
        "Endorse the Terms of Reference at the Annual Meeting.",
        "Share indicator data.",
    ]
    assert cleaned["recommendations"][0]["id"] == "rec-1"
    assert cleaned["recommendations"][1]["id"].startswith("rec-") and len(cleaned["recommendations"][1]["id"]) == 12
    assert cleaned["key_messages"][0]["id"].startswith("km-")
    assert normalise(cleaned) == cleaned  # ids, once given, stay


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda c: c.update(summary_en=""), "Write the summary in English (Thai is optional)."),
        (
            lambda c: c["recommendations"][0].update(text_en=""),
            "Every key message and recommendation needs its English text.",
        ),
        (lambda c: c["action_items"][0].update(owner=""), "Every action item needs an owner."),
        (lambda c: c["action_items"][0].update(status="finished"), "Choose a status for every action item."),
        (lambda c: c["action_items"][0].update(due="22/08/2019"), "A due date is not a valid date (YYYY-MM-DD)."),
    ],
)
def test_normalise_refuses_what_cannot_be_kept(app, change, message):
    raw = content()
    change(raw)
    with pytest.raises(InvalidContent) as error:
        normalise(raw)
    assert error.value.messages == [message]


def test_word_diff_marks_removed_and_added_words():
    assert word_diff("endorse at the Annual Meeting", "endorse at the 2019 Annual Meeting") == [
        ("equal", "endorse at the"),
        ("insert", "2019"),
        ("equal", "Annual Meeting"),
    ]


def test_diff_content_reports_each_changed_field_once(app):
    old = normalise(content())
    new = copy.deepcopy(old)
    new["summary_en"] = "The delegates reviewed and amended the draft Terms of Reference."
    new["recommendations"][0]["text_th"] = "รับรองขอบเขตการดำเนินงาน"
    new["action_items"][0]["status"] = "done"
    diffs = {d.label: d.segments for d in diff_content(old, new)}
    assert list(diffs) == [
        "Summary (English)",
        "Recommendation rec-1 (changed): Thai",
        "Action item act-1 (changed): Status",
    ]
    assert ("insert", "and amended") in diffs["Summary (English)"]
    assert diffs["Action item act-1 (changed): Status"] == [("delete", "open"), ("insert", "done")]
