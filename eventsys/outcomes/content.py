"""The shape of an outcome's content, how it is cleaned, and how two versions differ.

    {"summary_en": str, "summary_th": str,
     "key_messages":    [{"id", "text_en", "text_th", "focus_areas": [slug], "dimensions": [slug]}],
     "recommendations": [same as key messages],
     "action_items":    [{"id", "what_en", "what_th", "owner": "city:bangkok", "due": "2019-08-22" | None,
                          "status": "open", "focus_areas": [slug], "dimensions": [slug]}]}

Owners are written "<kind>:<key>": city slug, member state code, partner country code, organisation slug.
"""

from __future__ import annotations

import datetime as dt
import difflib
import secrets
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

LIST_FIELDS = ("key_messages", "recommendations", "action_items")
ID_PREFIX = {"key_messages": "km", "recommendations": "rec", "action_items": "act"}
OWNER_KINDS = ("city", "member_state", "partner", "organisation")
ACTION_STATUSES = ("open", "in_progress", "done", "dropped")
# "Open" alone already means "open for registration"; the context gives action items their own Thai.
STATUS_LABELS = {
    "open": lazy_pgettext("action item status", "Open"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
}
OWNER_KIND_LABELS = {
    "city": _l("City"),
    "member_state": _l("Member state"),
    "partner": _l("Partner country"),
    "organisation": _l("Organisation"),
}


class InvalidContent(ValueError):
    """The content cannot be saved; `messages` says why, one line each."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def empty_content() -> dict:
    return {"summary_en": "", "summary_th": "", "key_messages": [], "recommendations": [], "action_items": []}


def new_item_id(list_field: str) -> str:
    return f"{ID_PREFIX[list_field]}-{secrets.token_hex(4)}"


def _text(value) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()


def _tags(value) -> list[str]:
    return sorted({str(v) for v in (value or []) if v})


def _statement(item: dict, list_field: str) -> dict | None:
    text_en, text_th = _text(item.get("text_en")), _text(item.get("text_th"))
    if not text_en and not text_th:
        return None  # an empty row: nothing written, nothing kept
    return {
        "id": item.get("id") or new_item_id(list_field),
        "text_en": text_en,
        "text_th": text_th,
        "focus_areas": _tags(item.get("focus_areas")),
        "dimensions": _tags(item.get("dimensions")),
    }


def _due(value) -> str | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return dt.date.fromisoformat(str(value)).isoformat()


def _action(item: dict) -> dict | None:
    what_en, what_th = _text(item.get("what_en")), _text(item.get("what_th"))
    if not what_en and not what_th:
        return None
    return {
        "id": item.get("id") or new_item_id("action_items"),
        "what_en": what_en,
        "what_th": what_th,
        "owner": _text(item.get("owner")),
        "due": _due(item.get("due")),
        "status": item.get("status") or "open",
        "focus_areas": _tags(item.get("focus_areas")),
        "dimensions": _tags(item.get("dimensions")),
    }


def normalise(raw: dict) -> dict:
    """Clean content as rapporteurs typed it: trim, drop empty rows, give new items ids; refuse what
    cannot be kept (English is required everywhere, an action item needs an owner)."""
    problems: list[str] = []
    try:
        content = {
            "summary_en": _text(raw.get("summary_en")),
            "summary_th": _text(raw.get("summary_th")),
            "key_messages": [s for s in (_statement(i, "key_messages") for i in raw.get("key_messages") or []) if s],
            "recommendations": [
                s for s in (_statement(i, "recommendations") for i in raw.get("recommendations") or []) if s
            ],
            "action_items": [a for a in (_action(i) for i in raw.get("action_items") or []) if a],
        }
    except ValueError:
        raise InvalidContent([_("A due date is not a valid date (YYYY-MM-DD).")]) from None
    if not content["summary_en"]:
        problems.append(_("Write the summary in English (Thai is optional)."))
    for list_field in ("key_messages", "recommendations"):
        if any(not s["text_en"] for s in content[list_field]):
            problems.append(_("Every key message and recommendation needs its English text."))
            break
    for action in content["action_items"]:
        if not action["what_en"]:
            problems.append(_("Every action item needs its English text."))
        kind, _sep, key = action["owner"].partition(":")
        if kind not in OWNER_KINDS or not key:
            problems.append(_("Every action item needs an owner."))
        if action["status"] not in ACTION_STATUSES:
            problems.append(_("Choose a status for every action item."))
    ids = [i["id"] for f in LIST_FIELDS for i in content[f]]
    if len(ids) != len(set(ids)):
        problems.append(_("Two items have the same id."))
    if problems:
        raise InvalidContent(list(dict.fromkeys(problems)))
    return content


def find_item(content: dict, item_id: str) -> dict | None:
    return next((i for f in LIST_FIELDS for i in content.get(f, []) if i["id"] == item_id), None)


# --- what changed between two versions -----------------------------------------------------------


@dataclass
class FieldDiff:
    label: str
    segments: list[tuple[str, str]] = field(default_factory=list)  # ("equal"|"insert"|"delete", text)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = old.split(" ") if old else [], new.split(" ") if new else []
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("equal", " ".join(a[i1:i2])))
        else:
            if i2 > i1:
                segments.append(("delete", " ".join(a[i1:i2])))
            if j2 > j1:
                segments.append(("insert", " ".join(b[j1:j2])))
    return segments


def _item_fields(list_field: str) -> tuple[tuple[str, str], ...]:
    if list_field == "action_items":
        return (
            ("what_en", _("English")),
            ("what_th", _("Thai")),
            ("owner", _("Owner")),
            ("due", _("Due")),
            ("status", _("Status")),
            ("focus_areas", _("Focus areas")),
            ("dimensions", _("Dimensions")),
        )
    return (
        ("text_en", _("English")),
        ("text_th", _("Thai")),
        ("focus_areas", _("Focus areas")),
        ("dimensions", _("Dimensions")),
    )


def _as_text(value) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    return value or ""


def diff_content(old: dict, new: dict) -> list[FieldDiff]:
    """Per field, the words removed and added from `old` to `new`; unchanged fields are left out."""
    list_names = {
        "key_messages": _("Key message"),
        "recommendations": _("Recommendation"),
        "action_items": _("Action item"),
    }
    diffs = []
    for key, label in (("summary_en", _("Summary (English)")), ("summary_th", _("Summary (Thai)"))):
        if old.get(key, "") != new.get(key, ""):
            diffs.append(FieldDiff(label, word_diff(old.get(key, ""), new.get(key, ""))))
    for list_field in LIST_FIELDS:
        before = {i["id"]: i for i in old.get(list_field, [])}
        after = {i["id"]: i for i in new.get(list_field, [])}
        for _position, item_id in enumerate(list(after) + [k for k in before if k not in after], start=1):
            a, b = before.get(item_id, {}), after.get(item_id, {})
            if a == b:
                continue
            state = _("added") if not a else _("removed") if not b else _("changed")
            for key, field_label in _item_fields(list_field):
                if _as_text(a.get(key)) != _as_text(b.get(key)):
                    diffs.append(
                        FieldDiff(
                            f"{list_names[list_field]} {item_id} ({state}): {field_label}",
                            word_diff(_as_text(a.get(key)), _as_text(b.get(key))),
                        )
                    )
    return diffs
