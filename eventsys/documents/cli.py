"""`flask certificates SLUG [--mail]`: certificates of attendance for everyone checked in so far."""

from __future__ import annotations

import click


@click.command("certificates")
@click.argument("slug")
@click.option("--mail", is_flag=True, help="Mail each new certificate to its holder, in their language.")
def certificates_command(slug: str, mail: bool):
    """Issue a certificate of attendance to everyone checked in at event SLUG who has none yet, or
    whose attendance grew since (the old one is then revoked as replaced). Prints how many."""
    from eventsys.db import db
    from eventsys.documents import services
    from eventsys.events import services as events

    try:
        event = events.get_event(slug, include_unpublished=True)
    except events.EventNotFound:
        raise click.ClickException(f"No event with slug '{slug}'.") from None
    counts = services.issue_certificates(event, actor=None, mail=mail)
    db.session.commit()
    issued = counts["issued"] + counts["replaced"]
    click.echo(
        f"{issued} certificate{'s' if issued != 1 else ''} issued "
        f"({counts['issued']} new, {counts['replaced']} replacing an earlier one; "
        f"{counts['unchanged']} already current; {counts['total']} checked in)."
    )
    if mail:
        click.echo(f"{counts['mailed']} mailed.")
