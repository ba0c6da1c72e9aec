"""Every user-facing string has reviewed Thai, checked read-only.

The strings are extracted as `make extract-translations` extracts them (the same babel.cfg, the
keywords read from the Makefile) into a temporary folder, and merged in memory with the tracked
Thai catalogue. Nothing under eventsys/translations is written, so other test workers can read the
catalogue while this runs. Entries the code no longer uses (obsolete) are not a failure.
"""

from __future__ import annotations

import copy
import re
import shlex
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import PYTHON_FORMAT, Catalog, Message
from babel.messages.pofile import read_po

from eventsys.config import PROJECT_ROOT

THAI_PO = PROJECT_ROOT / "eventsys" / "translations" / "th" / "LC_MESSAGES" / "messages.po"


def babel_keywords() -> list[str]:
    """The -k options of `make extract-translations`: pybabel reads keywords from its command line
    only, so the Makefile is where they live and this test takes them from there."""
    match = re.search(r"^BABEL_KEYWORDS\s*:=(.*)$", (PROJECT_ROOT / "Makefile").read_text(), re.MULTILINE)
    assert match, "the Makefile has no `BABEL_KEYWORDS :=` line"
    return shlex.split(match.group(1))


def extract(source: Path, output: Path) -> Catalog:
    """The template catalogue of `source`, written to `output` (never to the tracked messages.pot)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(PROJECT_ROOT / "babel.cfg"),
            *babel_keywords(),
            "--omit-header",
            "-o",
            str(output),
            ".",
        ],
        cwd=source,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with output.open("rb") as f:
        return read_po(f)


def read_thai() -> Catalog:
    with THAI_PO.open("rb") as f:
        return read_po(f)


def _named_placeholders(text: str) -> set[str]:
    return {match.group(1) for match in PYTHON_FORMAT.finditer(text) if match.group(1)}


def _label(message: Message) -> str:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    context = f"[{message.context}] " if message.context else ""
    where = " ".join(f"{path}:{line}" for path, line in message.locations[:3])
    return f"{context}{msgid!r} ({where})" if where else f"{context}{msgid!r}"


def problems(template: Catalog, thai: Catalog) -> list[str]:
    """What stops `thai` from covering `template`: strings with no Thai, fuzzy (unreviewed) Thai, and
    Thai whose placeholders do not match the English."""
    catalog = copy.deepcopy(thai)
    # No fuzzy matching here: a string missing from the .po is reported as missing, and "fuzzy"
    # means a fuzzy entry that really is in the tracked .po.
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    found = []
    if catalog.fuzzy:
        found.append("the catalogue's header is marked fuzzy: pybabel compile would leave out every string")
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if not all(strings):
            found.append(f"no Thai: {_label(message)}")
            continue
        if message.fuzzy:
            found.append(f"fuzzy: {_label(message)}")
        # Babel's checkers (babel.messages.checkers): number of plural forms, and placeholders the
        # English does not have or of another kind or type.
        for error in message.check(catalog):
            found.append(f"{error}: {_label(message)}")
        # Babel's python_format accepts a translation that leaves out a named placeholder; here
        # that would silently drop a name or number from the Thai page. Thai has one plural form,
        # used for every count, so it needs the placeholders of both English forms.
        if "python-format" in message.flags:
            msgids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
            wanted = set().union(*map(_named_placeholders, msgids))
            for text in strings:
                if lost := wanted - _named_placeholders(text):
                    found.append(f"Thai leaves out {', '.join(sorted(lost))}: {_label(message)}")
    return found


def test_every_string_in_the_code_has_reviewed_thai(tmp_path):
    found = problems(extract(PROJECT_ROOT, tmp_path / "messages.pot"), read_thai())
    assert not found, (
        "Run `make update-translations`, give these Thai in eventsys/translations/th/LC_MESSAGES/messages.po "
        "(and drop their fuzzy flag), then `make translations`:\n" + "\n".join(found)
    )


def test_new_strings_in_python_and_templates_are_reported_without_thai(tmp_path):
    # A scratch tree laid out like the project, so the real babel.cfg and keywords apply to it.
    (tmp_path / "eventsys").mkdir()
    (tmp_path / "eventsys" / "scratch.py").write_text(
        "from flask_babel import gettext as _, lazy_gettext as _l, lazy_pgettext\n"
        "TITLE = _l('A scratch title nobody has translated')\n"
        "KNOWN = _('Password')\n"
        "ROLE = lazy_pgettext('scratch context', 'Password')\n"
    )
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "scratch.html").write_text(
        "{% do items.append(1) %}<p>{{ _('A scratch paragraph') }}</p>\n"
    )
    (tmp_path / "templates" / "scratch.txt").write_text("{{ _('A scratch mail line for %(name)s', name=n) }}\n")
    output = tmp_path / "out"
    output.mkdir()

    found = problems(extract(tmp_path, output / "messages.pot"), read_thai())

    assert found == [
        "no Thai: 'A scratch title nobody has translated' (eventsys/scratch.py:2)",
        "no Thai: [scratch context] 'Password' (eventsys/scratch.py:4)",
        "no Thai: 'A scratch paragraph' (templates/scratch.html:1)",
        "no Thai: 'A scratch mail line for %(name)s' (templates/scratch.txt:1)",
    ]


def test_fuzzy_entries_and_placeholder_mismatches_are_reported():
    template = Catalog()
    thai = Catalog(locale="th", fuzzy=False)
    entries = [
        # (English, Thai, flags)
        ("Save", "บันทึก", ()),
        ("Cancel", "ยกเลิก", ("fuzzy",)),
        ("Hello %(name)s", "สวัสดี %(nmae)s", ("python-format",)),
        ("Welcome %(name)s to %(city)s", "ยินดีต้อนรับสู่ %(city)s", ("python-format",)),
        ("%(done)d of %(total)d", "%d จาก %d", ("python-format",)),
        (("One session", "%(num)d sessions"), ("ช่วงการประชุม",), ("python-format",)),
        ("Not translated yet", "", ()),
    ]
    for line, (english, text, flags) in enumerate(entries, start=1):
        template.add(english, locations=[("eventsys/demo.py", line)], flags=flags)
        thai.add(english, text, flags=flags)
    thai.add("Removed from the code", "ลบออกจากโค้ดแล้ว")  # obsolete: fine

    assert problems(template, thai) == [
        "fuzzy: 'Cancel' (eventsys/demo.py:2)",
        "unknown named placeholder 'nmae': 'Hello %(name)s' (eventsys/demo.py:3)",
        "Thai leaves out name: 'Hello %(name)s' (eventsys/demo.py:3)",
        "Thai leaves out name: 'Welcome %(name)s to %(city)s' (eventsys/demo.py:4)",
        "the format strings are of different kinds: '%(done)d of %(total)d' (eventsys/demo.py:5)",
        "Thai leaves out done, total: '%(done)d of %(total)d' (eventsys/demo.py:5)",
        "Thai leaves out num: 'One session' (eventsys/demo.py:6)",
        "no Thai: 'Not translated yet' (eventsys/demo.py:7)",
    ]


def test_a_fuzzy_header_is_reported():
    thai = Catalog(locale="th", fuzzy=True)
    assert problems(Catalog(), thai) == [
        "the catalogue's header is marked fuzzy: pybabel compile would leave out every string"
    ]
