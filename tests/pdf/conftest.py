"""Every kind of PDF the app makes, made once per test session and shared by the modules that read
them back: the extractors (test_every_kind.py) and the structure tree (test_tagging_every_kind.py)."""

import pytest

from tests.documents.pdf_cases import render_documents
from tests.extractors import extract_all
from tests.pdf.documents import ROUNDTABLE, render_every_kind

CASES = [
    ("agenda", "en"),
    ("agenda", "th"),
    ("ticket", "en"),
    ("ticket", "th"),
    ("report", "en"),
    ("report", "th"),
    ("book", "en"),
    ("book", "th"),
    ("badge", "en"),
    ("badge-sheet", "en"),
    ("certificate", "en"),
    ("certificate", "th"),
    ("letter", "en"),
    ("letter", "th"),
]


def _roundtable():
    """The demo event render_every_kind seeded: the letter and certificate are of its delegates."""
    from sqlalchemy import select

    from eventsys.db import db
    from eventsys.events.models import Event

    return db.session.scalar(select(Event).where(Event.slug == ROUNDTABLE))


_DOCUMENTS: dict[tuple[str, str], tuple[bytes, list[list[str]]]] = {}
_READ_BACK: dict[tuple[str, str], tuple[list[list[str]], dict[str, str]]] = {}


@pytest.fixture
def every_kind(request, database):
    """{(kind, language): (PDF bytes, the data's strings it shows)}, made on first use. Only that
    first test asks for an app (a fresh database each), so the others cost no set-up."""
    if not _DOCUMENTS:
        app, client, admin_user, make = (
            request.getfixturevalue(name) for name in ("app", "client", "admin_user", "make")
        )
        _DOCUMENTS.update(render_every_kind(app, client, admin_user, make))
        _DOCUMENTS.update(render_documents(app, client, make, _roundtable()))
    return _DOCUMENTS


@pytest.fixture
def read_back(every_kind):
    """{(kind, language): (expected strings, {extractor: text})}, read on first use."""
    if not _READ_BACK:
        texts = extract_all([every_kind[case][0] for case in CASES])
        for case, text in zip(CASES, texts, strict=True):
            _READ_BACK[case] = (every_kind[case][1], text)
    return _READ_BACK
