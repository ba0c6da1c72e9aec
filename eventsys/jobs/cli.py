"""`flask jobs reap`: find jobs abandoned by their worker now, retry or fail them."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from eventsys.jobs import lease

jobs_cli = AppGroup("jobs", help="Background jobs.")


@jobs_cli.command("reap")
def reap_command() -> None:
    """Jobs whose worker stopped renewing its lease (JOBS_LEASE_SECONDS): retried while they have
    attempts left, else failed. The workers and the web process's runner do this every
    JOBS_REAP_SECONDS; this runs it once, now."""
    actions = lease.reap()
    for action in actions:
        click.echo(f"{action['job']} ({action['kind']}): {action['error']}")
    click.echo(f"{len(actions)} abandoned job(s)")
