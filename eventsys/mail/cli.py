"""`flask mail send [--watch]` and `flask mail retry`: the outbox sender."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from eventsys.db import db
from eventsys.mail.services import deliver_due, retry_failed

mail_cli = AppGroup("mail", help="Deliver the outbox.")


@mail_cli.command("send")
@click.option("--watch", is_flag=True, help="Keep running, checking the outbox every few seconds.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between checks with --watch.")
def send_command(watch: bool, interval: float) -> None:
    """Send every queued mail that is due."""
    while True:
        counts = deliver_due()
        if counts["sent"] or counts["failed"] or not watch:
            click.echo(f"sent {counts['sent']}, failed {counts['failed']}")
        if not watch:
            return
        db.session.remove()
        time.sleep(interval)


@mail_cli.command("retry")
def retry_command() -> None:
    """Queue again every mail that gave up after its last attempt."""
    click.echo(f"requeued {retry_failed()} mail(s)")
