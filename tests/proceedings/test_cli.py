"""`flask --app wsgi proceedings <slug> -o book.pdf`."""

from __future__ import annotations

from tests.pdftext import pdfinfo


def test_cli_writes_the_book(app, book_event, tmp_path):
    out = tmp_path / "book.pdf"
    result = app.test_cli_runner().invoke(args=["proceedings", book_event.slug, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{out}: version 1, 10 pages, {out.stat().st_size:,} bytes.\n"
    assert pdfinfo(out.read_bytes())["Pages"] == "10"


def test_cli_unknown_event(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["proceedings", "nope", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and "No event with slug 'nope'." in result.output
