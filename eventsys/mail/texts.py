"""Mail texts organizers may edit per event and language, with named {placeholders}.

Each area registers the kinds of mail it sends (`register_kind`), with default wording that is
translated like any other string. An event may override a kind's subject and body per language
(`EventMailText`); what is saved is checked here first.

The placeholder language is deliberately tiny: `{name}` and nothing else. No attribute access, no
indexing, no format specs, no conversions, so a text typed into a web form can neither reach into
Python objects nor run code (str.format on user text can do both: "{registration.__class__}"). It
is its own renderer, not Jinja's sandbox: there is nothing in it to escape from. `{{` and `}}` are
literal braces.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from eventsys.db import db, utcnow
from eventsys.mail.models import EventMailText

EXTENSION_KEY = "eventsys_mail_kinds"
PLACEHOLDER_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")
SUBJECT_MAX = 300
BODY_MAX = 20_000


@dataclass(frozen=True)
class MailKind:
    key: str  # "<area>.<name>", e.g. "registration.confirmed"
    label: object  # lazy strings: rendered in the reader's language when used
    subject: object
    body: object
    placeholders: tuple[str, ...]
    description: object = ""


class PlaceholderError(ValueError):
    """A text that cannot be saved; the message names each problem."""

    def __init__(self, errors: list[str]):
        super().__init__(" ".join(errors))
        self.errors = errors


def register_kind(app, kind: MailKind) -> None:
    app.extensions.setdefault(EXTENSION_KEY, {})[kind.key] = kind


def kinds(app=None) -> list[MailKind]:
    registry = (app or current_app).extensions.get(EXTENSION_KEY, {})
    return list(registry.values())


def kind(key: str) -> MailKind:
    return current_app.extensions.get(EXTENSION_KEY, {})[key]


def _parse(text: str):
    """string.Formatter's parser: (literal, field, format_spec, conversion) tuples; raises ValueError
    on unbalanced braces."""
    return list(string.Formatter().parse(text))


def check_template(text: str, allowed) -> list[str]:
    """What is wrong with `text` as a mail text with `allowed` placeholders ([] if nothing)."""
    allowed = set(allowed)
    try:
        parts = _parse(text)
    except ValueError:
        return [_("A brace is not closed or not opened. Write {{ or }} for a brace itself.")]
    errors: list[str] = []
    for _literal, field, spec, conversion in parts:
        if field is None:
            continue
        if not PLACEHOLDER_NAME.match(field):
            errors.append(_("“{%(field)s}” is not a placeholder: use a name such as {first_name}.", field=field))
        elif field not in allowed:
            errors.append(_("Unknown placeholder {%(field)s}.", field=field))
        elif spec or conversion:
            errors.append(_("Placeholder {%(field)s} takes no format: write it as {%(field)s}.", field=field))
    # One message per problem, in the order they appear.
    return list(dict.fromkeys(errors))


def render_placeholders(text: str, values: dict[str, str]) -> str:
    """`text` with each {name} replaced by values[name] (as text). Raises PlaceholderError when a
    placeholder has no value: a checked text never does, so this only guards against a bug."""
    out: list[str] = []
    try:
        parts = _parse(text)
    except ValueError:
        raise PlaceholderError([_("A brace is not closed or not opened.")]) from None
    for literal, field, spec, conversion in parts:
        out.append(literal)
        if field is None:
            continue
        if field not in values or spec or conversion or not PLACEHOLDER_NAME.match(field):
            raise PlaceholderError([_("Unknown placeholder {%(field)s}.", field=field)])
        out.append(str(values[field]))
    return "".join(out)


def _override(event_id: int, key: str, language: str) -> EventMailText | None:
    return db.session.scalar(
        select(EventMailText).where(
            EventMailText.event_id == event_id, EventMailText.kind == key, EventMailText.language == language
        )
    )


def default_text(key: str, language: str) -> tuple[str, str]:
    mail_kind = kind(key)
    with force_locale(language):
        return str(mail_kind.subject), str(mail_kind.body)


def text_for(event_id: int, key: str, language: str) -> tuple[str, str, bool]:
    """(subject, body, customised) of a kind of mail for an event, in `language`."""
    override = _override(event_id, key, language)
    if override is not None:
        return override.subject, override.body, True
    subject, body = default_text(key, language)
    return subject, body, False


def customised_texts(event_id: int) -> set[tuple[str, str]]:
    """(kind, language) pairs the event has its own text for."""
    rows = db.session.execute(
        select(EventMailText.kind, EventMailText.language).where(EventMailText.event_id == event_id)
    )
    return {(k, lang) for k, lang in rows}


def validate_text(key: str, subject: str, body: str) -> list[str]:
    allowed = kind(key).placeholders
    errors = []
    if not subject.strip():
        errors.append(_("The subject cannot be empty."))
    if "\n" in subject or "\r" in subject:
        errors.append(_("The subject must be one line."))
    if len(subject) > SUBJECT_MAX:
        errors.append(_("The subject is longer than %(max)d characters.", max=SUBJECT_MAX))
    if not body.strip():
        errors.append(_("The text cannot be empty."))
    if len(body) > BODY_MAX:
        errors.append(_("The text is longer than %(max)d characters.", max=BODY_MAX))
    errors += check_template(subject, allowed) + check_template(body, allowed)
    return errors


def save_text(event_id: int, key: str, language: str, subject: str, body: str, *, user=None) -> EventMailText:
    """Store the event's own text (in the caller's transaction); raises PlaceholderError."""
    errors = validate_text(key, subject, body)
    if errors:
        raise PlaceholderError(errors)
    text = _override(event_id, key, language)
    if text is None:
        text = EventMailText(event_id=event_id, kind=key, language=language)
        db.session.add(text)
    text.subject = subject.strip()
    text.body = body.replace("\r\n", "\n").strip() + "\n"
    text.updated_at = utcnow()
    text.updated_by_id = getattr(user, "id", None)
    db.session.flush()
    return text


def reset_text(event_id: int, key: str, language: str) -> bool:
    """Back to the default wording; False if the event had none of its own."""
    text = _override(event_id, key, language)
    if text is None:
        return False
    db.session.delete(text)
    db.session.flush()
    return True


def render_kind(event_id: int, key: str, language: str, values: dict[str, str]) -> tuple[str, str]:
    subject, body, _customised = text_for(event_id, key, language)
    return render_placeholders(subject, values), render_placeholders(body, values)
