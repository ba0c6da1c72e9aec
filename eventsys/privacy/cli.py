"""`flask retention [--dry-run]`: anonymise the registrations of events past their retention."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from eventsys.privacy.retention import apply_retention, summary_lines
from eventsys.registration.visa import purge_visa_details


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Print what would be anonymised, and change nothing.")
@with_appcontext
def retention_command(dry_run: bool) -> None:
    """Anonymise every registration of the events past their retention period (Event.retention_days)."""
    for line in summary_lines(apply_retention(dry_run=dry_run), dry_run=dry_run):
        click.echo(line)
    erased = 0 if dry_run else purge_visa_details()  # as the daily run: passport details 30 days after the event
    if erased:
        click.echo(f"Erased the passport details of {erased} visa letter request(s).")
