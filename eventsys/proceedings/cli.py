"""`flask --app wsgi proceedings <slug> -o book.pdf`: build the book from the command line."""

from __future__ import annotations

import shutil

import click
from flask.cli import with_appcontext

from eventsys.proceedings.options import LANGUAGES, PARTS, WATERMARKS, BookOptions


@click.command("proceedings")
@click.argument("slug")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True, help="Where to write the PDF."
)
@click.option("--language", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option(
    "--part",
    "parts",
    multiple=True,
    type=click.Choice(PARTS),
    help="A part to include (repeat it); all parts when none is given.",
)
@click.option("--watermark", type=click.Choice(WATERMARKS), default="until_approved", show_default=True)
@with_appcontext
def proceedings_command(slug: str, output: str, language: str, parts: tuple[str, ...], watermark: str) -> None:
    """Build the proceedings of event SLUG (reusing the last build when nothing changed)."""
    from eventsys.events.services import EventNotFound, get_event
    from eventsys.proceedings import storage
    from eventsys.proceedings.services import build_book

    try:
        event = get_event(slug, include_unpublished=True)
    except EventNotFound:
        raise click.ClickException(f"No event with slug {slug!r}.") from None
    options = BookOptions(language=language, parts=parts or PARTS, watermark=watermark)
    build = build_book(event, options)
    shutil.copyfile(storage.absolute(build.file_path), output)
    click.echo(f"{output}: version {build.version}, {build.pages} pages, {build.size:,} bytes.")
