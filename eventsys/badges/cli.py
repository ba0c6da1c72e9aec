"""`flask badges <slug> -o badges.pdf [--layout a6-4up]`: all confirmed delegates' badges."""

from __future__ import annotations

import time
from pathlib import Path

import click

from eventsys.badges.layouts import LAYOUT_NAMES


@click.command("badges")
@click.argument("slug")
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the PDF.",
)
@click.option(
    "--layout", type=click.Choice(LAYOUT_NAMES), default=None, help="Sheet layout (default: the event's badge design)."
)
@click.option("--category", "categories", multiple=True, help="Only these categories (repeatable).")
@click.option("--only-unprinted", is_flag=True, help="Only registrations whose badge was never printed.")
@click.option("--workers", type=int, default=2, show_default=True, help="Rendering processes.")
def badges_command(
    slug: str, output: Path, layout: str | None, categories: tuple[str, ...], only_unprinted: bool, workers: int
):
    """Print the badges of every confirmed delegate of event SLUG into one PDF."""
    from eventsys.badges import services
    from eventsys.events import services as events

    try:
        event = events.get_event(slug)
    except events.EventNotFound:
        raise click.ClickException(f"No event with slug '{slug}'.") from None
    started = time.perf_counter()
    try:
        registrations = services.select_registrations(
            event, services.Selection(categories=categories, only_unprinted=only_unprinted)
        )
        pdf, run = services.print_badges(
            event,
            registrations,
            layout_name=layout,
            actor="cli",
            scope="selection" if categories or only_unprinted else "all",
            workers=workers,
        )
    except (services.BadgeError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    output.write_bytes(pdf)
    elapsed = time.perf_counter() - started
    click.echo(
        f"{run.badge_count} badge(s) ({run.reprint_count} reprinted) on layout {run.layout} "
        f"-> {output} in {elapsed:.1f}s"
    )


@click.command("badge-replace")
@click.argument("slug")
@click.argument("registration_id", type=int)
@click.option(
    "--reason", required=True, help="Why (lost, wrong name...): kept with the revoked code and in the audit log."
)
def badge_replace_command(slug: str, registration_id: int, reason: str):
    """Replace one delegate's badge (lost or wrong): its code stops admitting anyone, a new one is
    issued for the next print. Printing again with `flask badges` never voids a code."""
    from eventsys.badges import replacement, services
    from eventsys.db import db
    from eventsys.events import services as events
    from eventsys.registration.models import Registration

    try:
        event = events.get_event(slug)
    except events.EventNotFound:
        raise click.ClickException(f"No event with slug '{slug}'.") from None
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        raise click.ClickException(f"No registration {registration_id} in event '{slug}'.")
    try:
        badge = replacement.replace_badge(registration, reason, actor="cli")
    except services.BadgeError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"Badge of registration {registration.id} replaced: serial {badge.serial - 1} revoked, "
        f"serial {badge.serial} issued. Print it with: flask badges {slug} -o badge.pdf"
    )
