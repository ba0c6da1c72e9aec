"""Rebuild the Thai catalogue from the source strings and the Thai dictionaries.

Source of truth for Thai: `eventsys/translations/th/*.json`, one dictionary per area
(msgid -> Thai). This script extracts every gettext string from the code and templates, writes
`messages.pot` and `th/LC_MESSAGES/messages.po`, compiles the `.mo`, and lists strings that have no
Thai yet (exit status 1 with --check). Each area owns its own JSON file, so areas never edit the
same file.

    .venv/bin/python scripts/update_translations.py [--check]
"""
from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "eventsys" / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "pgettext": ((1, "c"), 2), "lazy_pgettext": ((1, "c"), 2)}
METHODS = [("eventsys/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]


def extract() -> Catalog:
    stamp = datetime.datetime(2026, 11, 24, tzinfo=datetime.timezone.utc)
    catalog = Catalog(project="eventsys", charset="utf-8", creation_date=stamp)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), METHODS, keywords=KEYWORDS,
            options_map={"templates/**.html": {"extensions": "jinja2.ext.do"}}):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


CONFLICTS: list[str] = []


def thai_dictionary() -> dict[str, str]:
    """All areas' dictionaries merged. One English string has one Thai wording across the whole
    product: two areas translating it differently is reported (and fails --check)."""
    merged: dict[str, str] = {}
    origin: dict[str, str] = {}
    for path in sorted((TRANSLATIONS / "th").glob("*.json")):
        for key, text in json.loads(path.read_text(encoding="utf-8")).items():
            if key in merged and merged[key] != text:
                CONFLICTS.append(f"{key!r}: {origin[key]} says {merged[key]!r}, {path.name} says {text!r}")
            merged.setdefault(key, text)
            origin.setdefault(key, path.name)
    return merged


def build() -> list[str]:
    template = extract()
    thai = thai_dictionary()
    # Fixed dates keep the generated files identical from run to run (no churn in git).
    stamp = datetime.datetime(2026, 11, 24, tzinfo=datetime.timezone.utc)
    catalog = Catalog(locale="th", project="eventsys", charset="utf-8", fuzzy=False,
                      creation_date=stamp, revision_date=stamp, language_team="Thai")
    missing = []
    for message in sorted(template, key=lambda m: str(m.id)):
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        # A message with a context (pgettext) is looked up as "context|msgid" first.
        text = thai.get(f"{message.context}|{key}") if message.context else None
        text = text or thai.get(key)
        if message.context:
            key = f"{message.context}|{key}"
        if isinstance(message.id, tuple):
            text = (text,) * 2 if text else ("", "")
        if not text or (isinstance(text, tuple) and not text[0]):
            missing.append(key)
        catalog.add(message.id, text or "", context=message.context)
    (TRANSLATIONS / "th" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    with open(TRANSLATIONS / "messages.pot", "wb") as f:
        write_po(f, template, omit_header=True, no_location=True, sort_output=True)
    with open(TRANSLATIONS / "th" / "LC_MESSAGES" / "messages.po", "wb") as f:
        write_po(f, catalog, no_location=True, sort_output=True)
    with open(TRANSLATIONS / "th" / "LC_MESSAGES" / "messages.mo", "wb") as f:
        write_mo(f, catalog)
    return missing


if __name__ == "__main__":
    missing = build()
    for key in missing:
        print(f"no Thai yet: {key!r}")
    for conflict in CONFLICTS:
        print(f"two Thai wordings for {conflict}")
    print(f"{len(missing)} string(s) without Thai")
    sys.exit(1 if (missing or CONFLICTS) and "--check" in sys.argv else 0)
