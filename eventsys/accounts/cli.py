"""`flask create-admin EMAIL` and `flask create-token EMAIL`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from eventsys.accounts import services
from eventsys.accounts.models import User


@click.command("create-admin")
@click.argument("email")
@click.option("--name", default="", help="Display name for a new account.")
@with_appcontext
def create_admin_command(email: str, name: str) -> None:
    """Create a site admin, or reset that account's password; prints the new password."""
    user, password = services.create_or_reset_admin(email, name)
    click.echo(f"Admin: {user.email}")
    click.echo(f"Password: {password}")


@click.command("create-token")
@click.argument("email")
@click.option("--name", default="command line", help="What the token is for.")
@with_appcontext
def create_token_command(email: str, name: str) -> None:
    """Print a new API bearer token for an existing account (shown once)."""
    user = User.by_email(email)
    if user is None:
        raise click.ClickException(f"No account for {email}. Create it first (e.g. flask create-admin).")
    _, secret = services.create_api_token(user, name)
    click.echo(secret)
