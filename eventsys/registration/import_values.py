"""What the columns and cells of an import file may hold, and what the template says about them.

A delegation's list is typed by people, not by our form: headers come as "E-mail" or "First name",
countries as codes or names (English or Thai), categories as their key or their label, yes/no
answers in either language. Each function here turns such a cell into the value the registration
form would have sent, or None when it does not recognise it (the row is then refused with the cell
quoted). Cells that would run as spreadsheet formulas, or hide control characters, are refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eventsys.db import db
from eventsys.events.models import City
from eventsys.i18n import country_name
from eventsys.registration.choices import ALL_COUNTRY_CODES, CATEGORY_LABELS
from eventsys.registration.import_files import ImportFileError
from eventsys.registration.models import Question, QuestionKind, RegistrationCategory

YES = ("yes", "y", "true", "1", "ใช่")
NO = ("no", "n", "false", "0", "ไม่", "ไม่ใช่")
LANGUAGES = {
    "en": "en",
    "english": "en",
    "อังกฤษ": "en",
    "ภาษาอังกฤษ": "en",
    "th": "th",
    "thai": "th",
    "ไทย": "th",
    "ภาษาไทย": "th",
}
STANDARD = (
    "email",
    "first_name",
    "last_name",
    "local_name",
    "organisation",
    "position",
    "country",
    "city",
    "category",
    "dietary",
    "accessibility",
    "language",
)
REQUIRED = ("email", "first_name", "last_name", "country", "category")
ALIASES = {
    "e_mail": "email",
    "email_address": "email",
    "organization": "organisation",
    "country_code": "country",
    "given_name": "first_name",
    "family_name": "last_name",
    "surname": "last_name",
    "name_in_local_script": "local_name",
    "dietary_needs": "dietary",
    "accessibility_needs": "accessibility",
}
LABELS = {
    "email": _l("E-mail"),
    "first_name": _l("First name"),
    "last_name": _l("Last name"),
    "local_name": _l("Name in local script"),
    "organisation": _l("Organisation"),
    "position": _l("Position"),
    "country": _l("Country"),
    "city": _l("City"),
    "category": _l("Category"),
    "dietary": _l("Dietary needs"),
    "accessibility": _l("Accessibility needs"),
    "language": _l("Language"),
    "answers": _l("Answers"),
}
# A cell starting with one of these would run as a formula in a spreadsheet (CSV injection, which
# eventsys/spreadsheets.py guards the exports against): such a cell is refused, not stored.
FORMULA_START = ("=", "+", "-", "@")
PLACEHOLDERS = ("-", "–", "—")  # what a list puts in an empty cell: read as empty
# C0 and C1 controls (tab and line breaks allowed) and the bidirectional overrides that can make a
# name on a badge read differently from what is stored.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def column_key(text: str) -> str:
    """A header as a column name: "First name", "first-name" and "FIRST_NAME" are all first_name."""
    text = unicodedata.normalize("NFKC", text or "").replace("\ufeff", "").strip().casefold()
    return re.sub(r"[^\w]+", "_", text).strip("_")


@dataclass
class Columns:
    index: dict[str, int]  # a standard field, or "q:<question key>" -> the column's position
    ignored: list[str]
    missing: list[str]


def map_columns(header: list[str], questions: list[Question]) -> Columns:
    by_key: dict[str, Question] = {}
    for question in questions:
        by_key.setdefault(question.key, question)
        by_key.setdefault(column_key(question.label_en), question)
    index: dict[str, int] = {}
    ignored = []
    for position, text in enumerate(header):
        key = ALIASES.get(column_key(text), column_key(text))
        name = key if key in STANDARD else (f"q:{by_key[key].key}" if key in by_key else None)
        if name is None or name in index:
            if text.strip():
                ignored.append(text.strip())
            continue
        index[name] = position
    if not index:
        raise ImportFileError(
            _("No known column in the first line. The first line must hold the column names: use the template.")
        )
    return Columns(index, ignored, [name for name in REQUIRED if name not in index])


def label_of(name: str, questions: dict[str, Question]) -> str:
    if name.startswith(("q:", "answers.")):
        question = questions.get(name.split(":" if name.startswith("q:") else ".", 1)[1])
        return question.label if question is not None else name
    return str(LABELS.get(name, name))


def cell_problem(text: str) -> str | None:
    if CONTROL.search(text):
        return _("contains control characters")
    if text.strip().startswith(FORMULA_START) and text.strip() not in PLACEHOLDERS:
        return _("starts with =, +, - or @, like a spreadsheet formula")
    return None


def folded(text: str) -> str:
    """Text as compared: without case, full-width forms or extra spaces."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


@cache
def _countries() -> dict[str, str]:
    names = {}
    for country in pycountry.countries:
        if country.alpha_2 not in ALL_COUNTRY_CODES:
            continue
        for name in (
            country.alpha_2,
            country.alpha_3,
            country.name,
            getattr(country, "official_name", ""),
            getattr(country, "common_name", ""),
            country_name(country.alpha_2, "en"),
            country_name(country.alpha_2, "th"),
        ):
            if name:
                names.setdefault(folded(name), country.alpha_2)
    return names


def country_code(text: str) -> str | None:
    """TH, THA, Thailand or ประเทศไทย / ไทย -> TH."""
    value = folded(text)
    if not value:
        return None
    return _countries().get(value) or _countries().get(folded(value.removeprefix("ประเทศ")))


def category(text: str) -> RegistrationCategory | None:
    """A category's key (city_representative) or its label in English or Thai."""
    key = column_key(text)
    for item in RegistrationCategory:
        if key == item.value:
            return item
    for language in ("en", "th"):
        with force_locale(language):
            for item, label in CATEGORY_LABELS.items():
                if key == column_key(str(label)):
                    return item
    return None


def language(text: str) -> str | None:
    return LANGUAGES.get(folded(text))


def answer(question: Question, text: str) -> str | None:
    """The value the form would send for this question (None: no answer). Unrecognised text is
    passed on as it is, for validation.py to refuse with the form's own message."""
    value = (text or "").strip()
    if not value:
        return None
    if question.kind == QuestionKind.YES_NO:
        return "yes" if folded(value) in YES else "no" if folded(value) in NO else value
    if question.kind == QuestionKind.CHOICE:
        for choice in question.choices or []:
            if folded(value) in {folded(choice.get(k) or "") for k in ("key", "en", "th")} - {""}:
                return choice.get("key")
    return value


class Cities:
    """Every city by its code (slug) and its names in English and Thai, read once per import."""

    def __init__(self, by_name: dict[str, City]):
        self.by_name = by_name

    @classmethod
    def load(cls) -> Cities:
        by_name = {}
        for city in db.session.scalars(select(City).order_by(City.id)):
            for name in (city.slug, city.name_en, city.name_th):
                if name:
                    by_name.setdefault(folded(name), city)
        return cls(by_name)

    def find(self, text: str) -> City | None:
        return self.by_name.get(folded(text)) if (text or "").strip() else None


def column_help(questions: list[Question]) -> list[tuple[str, bool, str]]:
    """(column, required, what it accepts) for the import page and the template's second sheet."""
    categories = ", ".join(f"{c.value} ({label})" for c, label in CATEGORY_LABELS.items())
    rows = [
        ("email", True, _("The delegate's e-mail address. A registration with this address is updated.")),
        ("first_name", True, _("First name in Latin script, as in the passport.")),
        ("last_name", True, _("Last name in Latin script, as in the passport.")),
        ("local_name", False, _("The name in local script, e.g. in Thai, as it should appear on the badge.")),
        ("organisation", False, _("Organisation.")),
        ("position", False, _("Position.")),
        ("country", True, _("A two- or three-letter ISO code (TH, THA) or the country's name in English or Thai.")),
        ("city", False, _("An ASCN city: its name in English or Thai, or its code (e.g. bangkok).")),
        ("category", True, _("One of: %(list)s.", list=categories)),
        ("dietary", False, _("Dietary needs.")),
        ("accessibility", False, _("Accessibility needs.")),
        ("language", False, _("en or th: the language of the delegate's e-mails (en when empty).")),
    ]
    for question in questions:
        if question.kind == QuestionKind.YES_NO:
            accepts = _("yes or no")
        elif question.kind == QuestionKind.CHOICE:
            accepts = _(
                "One of: %(list)s.",
                list=", ".join(f"{c.get('key')} ({question.choice_label(c)})" for c in question.choices or []),
            )
        else:
            accepts = _("Text.")
        rows.append((question.key, question.required, f"{question.label}: {accepts}"))
    return rows
