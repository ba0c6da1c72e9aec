"""`flask backup -o FILE` and `flask restore FILE [--yes] [--force-other-key]`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from eventsys.backup.services import BackupError, create_backup, restore_backup


@click.command("backup")
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The .tar.gz to write."
)
@with_appcontext
def backup_command(output: Path) -> None:
    """Back up the database (every table, portable between SQLite and PostgreSQL) and the instance files."""
    report = create_backup(output)
    manifest = report.manifest
    click.echo(
        f"Backup written to {report.path}: {report.rows} row(s) in {len(manifest['tables'])} table(s), "
        f"{len(manifest['files'])} file(s)."
    )
    click.echo(
        f"Schema revision {manifest['schema_revision']}; SECRET_KEY fingerprint {manifest['secret_key_fingerprint']}."
    )
    click.echo(
        "It holds personal data and password hashes: keep it encrypted and access-controlled, and keep "
        "SECRET_KEY with it (separately): a restore under another key voids printed badges and mailed links."
    )


@click.command("restore")
@click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="The database holds data: delete it, and the instance files, first.")
@click.option(
    "--force-other-key",
    is_flag=True,
    help="Restore a backup made under another SECRET_KEY (printed badges and mailed links stop working).",
)
@with_appcontext
def restore_command(backup: Path, yes: bool, force_other_key: bool) -> None:
    """Restore a backup made by `flask backup` into an empty database (or, with --yes, in place of its data)."""
    try:
        report = restore_backup(backup, force_other_key=force_other_key, wipe=yes)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    made = report.manifest
    click.echo(
        f"Restored {report.rows} row(s) in {len(made['tables'])} table(s) and {report.files} file(s) "
        f"from the backup of {made['created_at']} (schema revision {made['schema_revision']})."
    )
    if report.wiped:
        click.echo("The data the database held before was deleted.")
    if report.rekeyed_events:
        click.echo(
            f"Made under another SECRET_KEY: the badge keys of {len(report.rekeyed_events)} event(s) were derived "
            "again. Badges printed before do not verify any more: reprint them. Mailed manage links stopped working."
        )
