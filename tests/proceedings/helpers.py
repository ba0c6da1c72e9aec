"""Building a book in a test and reading its bytes."""

from __future__ import annotations

from eventsys.proceedings import storage
from eventsys.proceedings.options import BookOptions
from eventsys.proceedings.services import build_book


def build_pdf(event, **options) -> bytes:
    build = build_book(event, BookOptions(**options))
    return storage.absolute(build.file_path).read_bytes()
