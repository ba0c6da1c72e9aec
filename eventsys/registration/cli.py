"""`flask seed-synthetic <slug> --delegates N`: fill an event with believable delegates.
`flask rotate-data-key`: encrypt the visa letter requests' passport details again under the first key."""

from __future__ import annotations

import time
from pathlib import Path

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


@click.command("import-registrations")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--no-mail", is_flag=True, help="Do not e-mail the new delegates.")
@with_appcontext
def import_registrations_command(slug: str, file: Path, no_mail: bool) -> None:
    """Import event SLUG's registrations from FILE (CSV in UTF-8, or XLSX), matched by e-mail.

    The same rules as the import page: new delegates are confirmed while seats remain, then
    waitlisted; existing ones are updated; invalid rows are refused and listed. Consent is recorded
    as given on the delegates' behalf by whoever runs the command. Exits non-zero only for an
    unknown event or a file that cannot be read at all."""
    from eventsys.events.services import EventNotFound, get_event
    from eventsys.registration.import_files import ImportFileError, read_file
    from eventsys.registration.importing import run_import

    try:
        event = get_event(slug, include_unpublished=True)
    except EventNotFound:
        raise click.ClickException(f"No event with slug '{slug}'.") from None
    try:
        plan = run_import(event, read_file(file.read_bytes()), actor=None, mail=not no_mail, filename=file.name)
    except OSError as exc:
        raise click.ClickException(f"Cannot read {file}: {exc.strerror or exc}.") from None
    except ImportFileError as exc:
        raise click.ClickException(f"{file}: {exc.message}") from None
    counts = plan.counts
    click.echo(f"Created: {counts['created']} ({counts['confirmed']} confirmed, {counts['waitlisted']} waitlisted)")
    click.echo(f"Waitlisted: {counts['waitlisted']}")
    click.echo(f"Updated: {counts['updated']}")
    click.echo(f"Unchanged: {counts['unchanged']}")
    click.echo(f"Refused: {counts['refused']}")
    for row in plan.rows:
        if row.action == "refused":
            click.echo(f"  line {row.line}: {'; '.join(row.problems)}")
    click.echo("E-mails queued for the new delegates." if not no_mail and counts["created"] else "No e-mails sent.")


@click.command("rotate-data-key")
@with_appcontext
def rotate_data_key_command() -> None:
    """Encrypt every visa letter request's passport details again under the first DATA_ENCRYPTION_KEYS
    key; afterwards the keys after it may be removed."""
    from eventsys.registration.visa import rotate_visa_details

    click.echo(f"Encrypted again under the first key: {rotate_visa_details()} visa letter request(s).")
