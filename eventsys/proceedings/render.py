"""What the book says, ready for its templates: the language of each text, the programme by
day, the index of people, the participants by country and city.

eventsys.proceedings.typeset turns this context into the PDF (in parts, in parallel).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from itertools import groupby
from zoneinfo import ZoneInfo

from eventsys.i18n import country_name, format_clock, format_date_range, format_day, pick
from eventsys.i18n.collation import sort_key
from eventsys.proceedings.options import BookOptions
from eventsys.proceedings.typeset import css_string, typeset_book

ROLE_ORDER = ("chair", "moderator", "speaker", "panellist", "rapporteur")
# A coffee break or a reception stays in the programme but gets no chapter of its own, unless it
# has something to tell (an abstract, people, outcomes).
TYPES_WITHOUT_CHAPTER = ("break", "networking")


def chapters(book: dict) -> list[dict]:
    """The sessions that get a chapter, in programme order."""
    return [
        s
        for s in book["sessions"]
        if s["type"] not in TYPES_WITHOUT_CHAPTER
        or s["abstract_en"]
        or s["abstract_th"]
        or s["people"]
        or s["id"] in book["outcomes"]
    ]


class Texts:
    """Picks the book's language from an `<f>_en` / `<f>_th` pair (both: English first)."""

    def __init__(self, language: str):
        self.language = language
        self.chrome = "th" if language == "th" else "en"

    def __call__(self, row: dict, field: str) -> str:
        return pick(row.get(f"{field}_en"), row.get(f"{field}_th"), self.chrome)

    def pair(self, row: dict, field: str) -> tuple[str, str]:
        """(English, Thai) for side-by-side printing; Thai empty where there is none."""
        return row.get(f"{field}_en") or "", row.get(f"{field}_th") or ""

    def side_by_side(self, row: dict, field: str) -> bool:
        return self.language == "both" and bool(row.get(f"{field}_th"))

    def person(self, person: dict) -> str:
        latin = f"{person['honorific']} {person['name']}".strip()
        if self.language == "th" and person["local_name"]:
            return person["local_name"]
        if self.language == "both" and person["local_name"]:
            return f"{latin} ({person['local_name']})"
        return latin

    def participant(self, row: dict) -> str:
        latin = f"{row['last_name'].upper()}, {row['first_name']}".strip(", ")
        if self.language == "th" and row["local_name"]:
            return row["local_name"]
        if self.language == "both" and row["local_name"]:
            return f"{latin} ({row['local_name']})"
        return latin


def _programme_days(sessions: list[dict], zone: ZoneInfo) -> list[tuple[dt.date, list[dict]]]:
    def local_day(s):
        return s["starts_at"].astimezone(zone).date()

    return [(day, list(rows)) for day, rows in groupby(sessions, key=local_day)]


THAI_LETTERS = re.compile("[\u0e00-\u0e7f]")
LATIN_LETTERS = re.compile("[A-Za-z]")


def name_runs(name: str, book_lang: str) -> list[dict]:
    """A name for the index, as runs of words in one language: `lang` where it is not the book's
    (a screen reader reads a Thai name with a Thai voice), and each word `whole` where a line could
    otherwise break inside it (Thai: line breaking goes by a dictionary, which does not know names
    and cuts them between syllables; a hyphenated name at its hyphen). A Latin word breaks only at
    spaces anyway and stays plain text: each span costs layout time (an index of 600 names with
    a span per word took 2.5 times as long)."""
    runs: list[dict] = []
    for word in name.split():
        thai = bool(THAI_LETTERS.search(word))
        script = "th" if thai else ("en" if LATIN_LETTERS.search(word) else None)  # None: digits...
        lang = None if script == book_lang else script
        entry = {"text": word, "whole": thai or "-" in word}
        if runs and (script is None or lang == runs[-1]["lang"]):
            runs[-1]["words"].append(entry)
        else:
            runs.append({"lang": lang, "words": [entry]})
    return runs


def _index(book: dict, texts: Texts, anchor) -> list[dict]:
    """People A-Z with the anchors (one per appearance) whose pages the index prints."""
    refs: dict[int, list[str]] = defaultdict(list)
    for session in book["sessions"]:
        for sp in session["people"]:
            refs[sp["person_id"]].append(anchor(session["id"], sp["person_id"]))
    entries = [
        {
            "name": texts.person(book["people"][pid]),
            "runs": name_runs(texts.person(book["people"][pid]), texts.chrome),
            "sort": book["people"][pid]["name"].lower(),
            "anchors": list(dict.fromkeys(anchors)),
        }
        for pid, anchors in refs.items()
    ]
    return sorted(entries, key=lambda e: sort_key(e["name"] if texts.language == "th" else e["sort"]))


def _participants(book: dict, texts: Texts) -> list[dict]:
    """Countries A-Z, and in each the cities A-Z (those without a city last), people A-Z."""
    by_country: dict[str, list[dict]] = defaultdict(list)
    for row in book["participants"]:
        by_country[row["country_code"]].append(row)
    countries = []
    for code, rows in by_country.items():
        cities: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            cities[texts(row, "city")].append(row)
        ordered = sorted(cities.items(), key=lambda item: (item[0] == "", sort_key(item[0])))
        countries.append(
            {
                "name": country_name(code, texts.chrome) or code,
                "cities": [
                    {"name": name, "people": sorted(people, key=lambda r: sort_key(texts.participant(r)))}
                    for name, people in ordered
                ],
            }
        )
    return sorted(countries, key=lambda c: sort_key(c["name"]))


def role_label(role: str, count: int) -> str:
    from flask_babel import gettext, ngettext

    labels = {
        "chair": ngettext("Chair", "Chairs", count),
        "moderator": ngettext("Moderator", "Moderators", count),
        "speaker": ngettext("Speaker", "Speakers", count),
        "panellist": ngettext("Panellist", "Panellists", count),
        "rapporteur": ngettext("Rapporteur", "Rapporteurs", count),
    }
    return labels.get(role) or gettext("Other")


def book_context(book: dict, options: BookOptions) -> dict:
    texts = Texts(options.language)
    event = book["event"]
    zone = ZoneInfo(event["timezone"])
    if options.has("sessions"):

        def anchor(session_id, person_id):
            return f"sp-{session_id}-{person_id}"
    else:

        def anchor(session_id, person_id):
            return f"prog-{session_id}"

    watermark = options.watermark == "always" or (
        options.watermark == "until_approved" and not book["outcomes_all_approved"]
    )
    with_index = options.has("index") and (options.has("sessions") or options.has("programme"))
    return {
        "book": book,
        "event": event,
        "options": options,
        "t": texts,
        "lang": texts.chrome,
        "days": _programme_days(book["sessions"], zone),
        "chapters": chapters(book),
        "index": _index(book, texts, anchor) if with_index else [],
        "with_index": with_index,
        "participants": _participants(book, texts) if options.has("participants") else [],
        "header_title": css_string(texts(event, "title")),
        "watermark": watermark,
        "role_order": ROLE_ORDER,
        "role_label": role_label,
        "day": lambda d: format_day(d, texts.chrome),
        "dates": format_date_range(event["start_date"], event["end_date"], texts.chrome),
        "dates_th": format_date_range(event["start_date"], event["end_date"], "th"),
        "clock": lambda moment: format_clock(moment, event["timezone"]),
        "local_day": lambda moment: format_day(moment.astimezone(zone).date(), texts.chrome),
    }


def render_book_pdf(book: dict, options: BookOptions, *, progress=None, workers: int | None = None):
    """The book as a `TypesetBook` (PDF bytes and page count)."""
    return typeset_book(book_context(book, options), options, progress=progress, workers=workers)
