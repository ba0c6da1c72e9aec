"""`flask create-admin EMAIL`, `flask create-token EMAIL` and `flask create-user EMAIL`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from eventsys.accounts import services, staff, tokens
from eventsys.accounts.models import TOKEN_SCOPES, User
from eventsys.db import db


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
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    type=click.Choice(TOKEN_SCOPES),
    help="What it may do; repeat for several. Default: read plus what the account's roles allow.",
)
@click.option(
    "--expires-days",
    type=click.IntRange(1, tokens.MAX_EXPIRY_DAYS),
    default=tokens.DEFAULT_EXPIRY_DAYS,
    show_default=True,
    help="Days until it stops working.",
)
@with_appcontext
def create_token_command(email: str, name: str, scopes: tuple[str, ...], expires_days: int) -> None:
    """Print a new API bearer token for an existing account (shown once). It opens /api/v1 only."""
    user = User.by_email(email)
    if user is None:
        raise click.ClickException(f"No account for {email}. Create it first (e.g. flask create-admin).")
    try:
        token, secret = tokens.create(user, name, list(scopes) or None, expires_days=expires_days)
    except tokens.TokenError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(secret)
    click.echo(f"Scopes: {', '.join(token.scope_list)}; expires {token.expires_at:%Y-%m-%d %H:%M} UTC.", err=True)


@click.command("create-user")
@click.argument("email")
@click.option("--name", default="", help="Display name (default: the part of the address before @).")
@click.option(
    "--language", type=click.Choice(["en", "th"]), default="en", show_default=True, help="The account's language."
)
@with_appcontext
def create_user_command(email: str, name: str, language: str) -> None:
    """Create a staff account without a password; prints a single-use link (24 hours) where its owner
    chooses one. Give roles with `grant` or on an event's team page."""
    try:
        user, secret = staff.create_account(email, name=name, language=language, actor=None)
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Account: {user.email}")
    click.echo(f"Sign-in link (works once, for {staff.link_hours()} hours): {staff.sign_in_url(secret)}")
