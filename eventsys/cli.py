"""Commands that belong to no single area: seeding, first-run admin, the RQ worker."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

DEFAULT_ADMIN = "admin@ascn.example.org"


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Load the ASCN 2019-2020 demo series (once; a second run changes nothing)."""
    from eventsys.demo.seed import seed_demo

    created = seed_demo()
    click.echo(f"Demo data: {created} new row(s)." if created else "Demo data already loaded; nothing changed.")


@click.command("ensure-admin")
@with_appcontext
def ensure_admin_command() -> None:
    """First run: create the admin and print its login. Later runs print it again while unchanged."""
    from eventsys.accounts.models import User
    from eventsys.accounts.services import create_or_reset_admin
    from eventsys.db import db

    remembered = Path(current_app.instance_path) / "first-admin.txt"
    admin = db.session.query(User).filter_by(is_admin=True).order_by(User.id).first()
    if admin is None:
        admin, password = create_or_reset_admin(DEFAULT_ADMIN, "ASCN Secretariat")
        remembered.write_text(f"{admin.email}\n{password}\n")
        remembered.chmod(0o600)
    elif remembered.exists():
        email, password = remembered.read_text().split("\n")[:2]
        if not (email == admin.email and admin.check_password(password)):
            password = None
    else:
        password = None
    line = "=" * 64
    click.echo(line)
    click.echo("  eventsys admin login")
    click.echo(f"  e-mail:   {admin.email}")
    if password:
        click.echo(f"  password: {password}")
    else:
        click.echo("  password: (changed since first run; reset it with")
        click.echo(f"            flask --app wsgi create-admin {admin.email})")
    click.echo(line)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run an RQ worker for background jobs (needs REDIS_URL), with RQ's scheduler and the periodic
    work every worker shares (each task once per period across all of them): the reaper of abandoned
    jobs, the retry of mail whose delivery failed, the daily retention of personal data."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException(
            "REDIS_URL is not set: without Redis, jobs run in the web process and need no worker."
        )
    from eventsys.jobs.worker import Periodic, run_worker
    from eventsys.privacy.jobs import schedule_retention

    mail_retry = Periodic(
        "mail-retry", "eventsys.mail.services:deliver_due", current_app.config.get("MAIL_RETRY_SECONDS", 30)
    )
    run_worker(current_app._get_current_object(), burst=burst, tasks=[mail_retry], on_start=[schedule_retention])


def register_commands(app) -> None:
    from eventsys.jobs.cli import jobs_cli
    from eventsys.mail.cli import mail_cli

    for command in (seed_demo_command, ensure_admin_command, worker_command, mail_cli, jobs_cli):
        app.cli.add_command(command)
