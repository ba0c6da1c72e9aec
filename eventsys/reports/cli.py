"""`flask summit-report <slug> -o report.pdf`: write a summit report's PDF from the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext


@click.command("summit-report")
@click.argument("slug")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Where to write the PDF (default: <slug>.pdf).",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice(["en", "th"]),
    default="en",
    show_default=True,
    help="Language of the headings.",
)
@click.option("--draft", is_flag=True, help="Allow an unpublished report.")
@with_appcontext
def summit_report_command(slug: str, output: Path | None, language: str, draft: bool) -> None:
    """Write the summit report SLUG as a print-ready PDF."""
    from sqlalchemy import select

    from eventsys.db import db
    from eventsys.reports.models import SummitReport
    from eventsys.reports.pdf import report_pdf
    from eventsys.reports.services import ReportNotFound, get_report

    try:
        report = get_report(slug)
    except ReportNotFound:
        report = db.session.scalar(select(SummitReport).where(SummitReport.slug == slug)) if draft else None
        if report is None:
            hint = "" if draft else " (or it is not published: add --draft)"
            raise click.ClickException(f"No report with slug '{slug}'{hint}.") from None
    pdf = report_pdf(report, language)
    target = output or Path(f"{slug}.pdf")
    target.write_bytes(pdf)
    click.echo(f"Wrote {target} ({len(pdf):,} bytes).")
