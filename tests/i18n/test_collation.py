"""Names sort as a Thai reader looks them up (eventsys.i18n.collation)."""

from eventsys.i18n.collation import sort_key


def test_thai_provinces_sort_in_dictionary_order():
    provinces = ["เชียงใหม่", "กระบี่", "แพร่", "นครราชสีมา", "ขอนแก่น", "บุรีรัมย์", "เพชรบุรี", "สุราษฎร์ธานี"]
    assert sorted(provinces, key=sort_key) == [
        "กระบี่",
        "ขอนแก่น",
        "เชียงใหม่",
        "นครราชสีมา",
        "บุรีรัมย์",
        "เพชรบุรี",
        "แพร่",
        "สุราษฎร์ธานี",
    ]


def test_tone_marks_decide_only_between_otherwise_equal_words():
    assert sorted(["แห้ง", "แหง", "แหงน", "แห่ง"], key=sort_key) == ["แหง", "แห่ง", "แห้ง", "แหงน"]


def test_latin_names_ignore_case_and_come_before_thai():
    assert sorted(["somchai", "Anong", "กนกวรรณ", "Bui"], key=sort_key) == ["Anong", "Bui", "somchai", "กนกวรรณ"]
