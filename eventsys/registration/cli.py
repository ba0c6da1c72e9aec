"""`flask seed-synthetic <slug> --delegates N`: fill an event with believable delegates."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext


@click.command("seed-synthetic")
@click.argument("slug")
@click.option(
    "--delegates",
    type=click.IntRange(min=1, max=200_000),
    default=500,
    show_default=True,
    help="How many registrations to add.",
)
@click.option("--seed", type=int, default=None, help="Random seed, for the same delegates every time.")
@with_appcontext
def seed_synthetic_command(slug: str, delegates: int, seed: int | None) -> None:
    """Add N synthetic delegates to event SLUG (bulk inserts; for benchmarks and demos)."""
    from eventsys.demo.synthetic import generate
    from eventsys.events.services import EventNotFound, get_event

    try:
        event = get_event(slug, include_unpublished=True)
    except EventNotFound:
        raise click.ClickException(f"No event with slug '{slug}'.") from None
    started = time.perf_counter()
    created = generate(event, delegates, seed=seed)
    click.echo(f"{created} synthetic delegate(s) added to {slug} in {time.perf_counter() - started:.1f} s.")
