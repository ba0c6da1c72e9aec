"""Hostile input stops at the door: a clear 4xx with a reason, never a 500.

Set up first in `create_app` (before any route is added), this module makes every request meet
the same limits, on SQLite and PostgreSQL alike:

- Ids in URLs: the `int` converter of every route accepts 0 to 2**31 - 1 (PostgreSQL's `integer`),
  so `/x/2147483648` or `/x/9223372036854775808` is a 404 like any unknown id, not a database error.
  `db_id` is the same rule for ids read from a query string or a form (`request.args.get(..., type=db_id)`).
- Query strings and paths: a NUL or another C0 control character (tab, line feed and carriage return
  aside) is refused with a 400 (a 404 in a path). PostgreSQL refuses NUL in text; no address needs one.
- JSON bodies, on every route: a body nested deeper than `MAX_JSON_DEPTH`, a lone surrogate (not
  Unicode, and not storable), NUL or another C0 control character in a string, a number beyond 64 bits,
  NaN or Infinity, or text that is not JSON at all is refused with a 400 whose JSON body gives the reason,
  before any view reads it (also those that read with `get_json(silent=True)`).
- Form fields are checked by the forms themselves (eventsys/forms_base.py), so the person sees which
  field to correct.
- What still slips through to the database (a number out of range of its column, NUL in a value a
  view reads without a form) is answered 404 (a read) or 400 (a write) after a rollback, and logged.
"""

from __future__ import annotations

import json
import logging
import re

from flask import Flask, abort, request
from flask_babel import gettext as _
from sqlalchemy.exc import DataError
from werkzeug.routing import IntegerConverter

log = logging.getLogger(__name__)

MAX_ID = 2**31 - 1  # PostgreSQL's `integer`; SQLite's goes to 2**63 - 1
MAX_JSON_INT = 2**63 - 1  # the widest integer either database stores
MAX_JSON_DEPTH = 32

# C0 control characters but tab, line feed and carriage return, which text may hold.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The same and line breaks and tabs: what a one-line field never holds.
CONTROL_OR_LINE_BREAK = re.compile(r"[\x00-\x1f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")


def has_control_characters(text: str, *, multiline: bool = True) -> bool:
    """Whether `text` holds a C0 control character (on one line: tabs and line breaks count too) or a
    lone surrogate, which no text typed by a person holds."""
    pattern = CONTROL if multiline else CONTROL_OR_LINE_BREAK
    return bool(pattern.search(text) or SURROGATE.search(text))


def db_id(value) -> int:
    """An id as the database stores it: 0 to MAX_ID. Raises ValueError otherwise, so that
    `request.args.get(name, type=db_id)` gives None for an id no row can have."""
    number = int(value)
    if not 0 <= number <= MAX_ID:
        raise ValueError(f"{number} is not a valid id")
    return number


def db_ids(values) -> list[int]:
    """The values that are ids (`db_id`), in order; the others left out."""
    ids = []
    for value in values:
        try:
            ids.append(db_id(value))
        except (TypeError, ValueError):
            continue
    return ids


def digits_at_most(limit: int) -> str:
    """A regular expression of the decimal numbers from 0 to `limit` (leading zeros allowed), so that
    a larger one matches no route at all (a 404 for every method, where a check after matching
    would make it a 405 for a method another route at that address takes)."""
    text = str(limit)
    shorter = [f"[1-9]\\d{{0,{len(text) - 2}}}"] if len(text) > 1 else []
    same_length = []
    for i, digit in enumerate(text):
        low = 1 if i == 0 else 0
        if int(digit) > low:
            range_ = f"[{low}-{int(digit) - 1}]" if int(digit) - 1 > low else str(low)
            same_length.append(text[:i] + range_ + "\\d" * (len(text) - i - 1))
    return "0*(?:" + "|".join(["0", *shorter, *same_length, text]) + ")"


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` with the database's range: a larger number matches no route (a 404)."""

    regex = digits_at_most(MAX_ID)

    def __init__(self, url_map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


# --- JSON bodies ---------------------------------------------------------------------------------


class HostileJSON(ValueError):
    """A JSON body refused, with the reason the client is told."""


def _refuse_constant(name: str):
    raise HostileJSON(f"{name} is not a JSON number.")


def strict_json_loads(data: bytes | str):
    """Parse a request body, refusing what no client of this app sends (see the module's doc)."""
    try:
        value = json.loads(data, parse_constant=_refuse_constant)
    except RecursionError:
        raise HostileJSON(f"The JSON body is nested too deeply (at most {MAX_JSON_DEPTH} levels).") from None
    except UnicodeDecodeError:
        raise HostileJSON("The JSON body is not UTF-8 text.") from None
    except HostileJSON:
        raise
    except ValueError as exc:  # json.JSONDecodeError, and integers of more than 4300 digits
        raise HostileJSON(f"The body is not valid JSON: {exc}") from None
    _check(value)
    return value


def _check(value) -> None:
    """Walk the parsed body without recursion: depth, strings (keys too) and numbers."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise HostileJSON(f"The JSON body is nested too deeply (at most {MAX_JSON_DEPTH} levels).")
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(item, str):
            if SURROGATE.search(item):
                raise HostileJSON(
                    "A string in the JSON body holds a lone surrogate (\\ud800-\\udfff), which is not text."
                )
            if CONTROL.search(item):
                raise HostileJSON("A string in the JSON body holds a control character (such as \\u0000).")
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_JSON_INT:
            raise HostileJSON("A number in the JSON body is too large.")


def _check_json_body() -> None:
    if not request.is_json:
        return
    data = request.get_data(cache=True)
    if not data:
        return
    try:
        strict_json_loads(data)
    except HostileJSON as exc:
        abort(400, description=str(exc))


# --- query strings and paths ----------------------------------------------------------------------


def _check_address() -> None:
    if has_control_characters(request.path, multiline=False):
        abort(404)
    for key, values in request.args.lists():
        if any(has_control_characters(text) for text in (key, *values)):
            abort(400, description=_("The address holds a control character (such as NUL). Remove it and try again."))


# --- the last line: what reached the database anyway --------------------------------------------


def _refused_by_the_database(exc: Exception):
    from eventsys.db import db
    from eventsys.errors import render_error

    log.warning("input refused by the database on %s %s: %s", request.method, request.path, str(exc).splitlines()[0])
    db.session.rollback()
    if request.method in ("GET", "HEAD"):
        return render_error(404)
    return render_error(400, _("A value sent is out of the range this application stores (too large a number?)."))


def init_app(app: Flask) -> None:
    """Call before any blueprint is registered: rules take their converters when they are added."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(_check_address)
    app.before_request(_check_json_body)
    app.register_error_handler(DataError, _refused_by_the_database)
    app.register_error_handler(OverflowError, _refused_by_the_database)
