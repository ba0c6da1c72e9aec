"""`flask backup` and `flask restore`: the whole database and the instance files in one tar.gz.

The archive holds `manifest.json` (format, created_at, the schema's Alembic revision, the source
database, a fingerprint of SECRET_KEY, each table's row count and checksum, each file's size and
checksum), `data/NNN-<table>.jsonl` (backup/tables.py: portable between SQLite and PostgreSQL) and
`files/...` (the storage folder, STORAGE_PATH: proceedings books, badge sheets; by default the
instance folder, development mails included).

A restore checks everything before it changes anything: the archive's checksums, the key (another
SECRET_KEY voids every printed badge and mailed link: refused unless forced), the schema revision
(must be the database's), and that the database is empty (or `--yes` to wipe it). The database is
then written in one transaction and counted against the manifest before it commits; the files are
moved into place after.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from eventsys.backup import files as instance_files
from eventsys.backup import tables as table_io
from eventsys.db import db, utcnow

FORMAT = "eventsys-backup"
FORMAT_VERSION = 1
FINGERPRINT_LABEL = b"eventsys backup: SECRET_KEY fingerprint v1"


class BackupError(Exception):
    """Why a backup or restore cannot go ahead, for the person who ran it."""


def key_fingerprint(secret_key: str | None = None) -> str:
    """HMAC-SHA256 of a fixed label under SECRET_KEY: equal keys, equal fingerprints; the key
    itself cannot be read back from it."""
    key = (secret_key or current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, FINGERPRINT_LABEL, hashlib.sha256).hexdigest()


def schema_revision(conn: sa.Connection) -> str | None:
    from alembic.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class BackupReport:
    path: Path
    manifest: dict

    @property
    def rows(self) -> int:
        return sum(t["rows"] for t in self.manifest["tables"])


def create_backup(output: Path) -> BackupReport:
    """Write the backup to `output` (atomically, readable by its owner only)."""
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="eventsys-backup-") as work:
        work_dir = Path(work)
        (work_dir / "data").mkdir()
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": utcnow().isoformat(),
            "database": db.engine.dialect.name,
            "secret_key_fingerprint": key_fingerprint(),
            "tables": [],
            "files": [],
        }
        connection = db.engine.connect()
        if connection.dialect.name == "postgresql":  # one consistent snapshot of every table
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection as conn, conn.begin():
            manifest["schema_revision"] = schema_revision(conn)
            for number, table in enumerate(table_io.tables(), 1):
                name = f"data/{number:03d}-{table.name}.jsonl"
                count = 0
                with (work_dir / name).open("w", encoding="utf-8") as out:
                    for row in table_io.read_rows(conn, table):
                        out.write(table_io.to_line(row))
                        count += 1
                manifest["tables"].append(
                    {"name": table.name, "rows": count, "file": name, "sha256": _sha256(work_dir / name)}
                )
        kept = instance_files.backed_up_files(skip=[output])
        for relative, source in kept:
            manifest["files"].append({"path": relative, "size": source.stat().st_size, "sha256": _sha256(source)})
        (work_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        partial = output.with_name(output.name + ".part")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                archive.add(work_dir / "manifest.json", arcname="manifest.json")
                for entry in manifest["tables"]:
                    archive.add(work_dir / entry["file"], arcname=entry["file"])
                for relative, source in kept:
                    archive.add(source, arcname=f"files/{relative}", recursive=False)
            os.replace(partial, output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupReport(path=output, manifest=manifest)


# --- restore -------------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    manifest: dict
    rows: int = 0
    files: int = 0
    wiped: bool = False
    rekeyed_events: list[int] = field(default_factory=list)


def other_key_message(manifest: dict) -> str:
    return (
        "This backup was made under a different SECRET_KEY (fingerprint "
        f"{manifest.get('secret_key_fingerprint', '?')[:16]}…; this installation's is {key_fingerprint()[:16]}…). "
        "Restored under this key, every printed badge's QR code stops verifying (each event's badge key "
        "is derived from SECRET_KEY: reprint the badges), every mailed manage link and personal-agenda link, "
        "team invitation and password-reset link stops working, and everyone is signed out. Set SECRET_KEY "
        "to the key the backup was made with, or pass --force-other-key to restore anyway."
    )


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember("manifest.json")
        manifest = json.loads(archive.extractfile(member).read().decode("utf-8"))
    except (KeyError, AttributeError, ValueError) as exc:
        raise BackupError(f"Not an eventsys backup: no readable manifest.json ({exc}).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("Not an eventsys backup: its manifest is of another format.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"This backup is of format version {manifest.get('format_version')}; "
            f"this release reads version {FORMAT_VERSION}."
        )
    return manifest


def _prepare_schema() -> None:
    """A database without any table is migrated to this release's schema first."""
    with db.engine.connect() as conn:
        present = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
        conn.rollback()
    if present:
        return
    from flask_migrate import upgrade

    from eventsys.config import PROJECT_ROOT

    upgrade(directory=str(PROJECT_ROOT / "migrations"))


def _check_schema(manifest: dict) -> None:
    with db.engine.connect() as conn:
        current = schema_revision(conn)
        conn.rollback()
    if current != manifest.get("schema_revision"):
        raise BackupError(
            f"The backup's schema is at revision {manifest.get('schema_revision')}; this database is at "
            f"{current}. Restore it into a database at the backup's revision (with the eventsys release "
            "that made it, or `flask --app wsgi db downgrade <revision>` on an empty database), then "
            "run `flask --app wsgi db upgrade`."
        )


def _has_rows(conn: sa.Connection, all_tables: list[sa.Table]) -> bool:
    return any(conn.execute(sa.select(sa.literal(1)).select_from(t).limit(1)).first() for t in all_tables)


def _extract(archive: tarfile.TarFile, manifest: dict, staging: Path) -> None:
    """Unpack the data and files the manifest lists, checking each against its checksum."""
    expected = {entry["file"]: entry["sha256"] for entry in manifest["tables"]}
    expected.update({f"files/{entry['path']}": entry["sha256"] for entry in manifest["files"]})
    for name in expected:
        parts = Path(name).parts
        if name.startswith("/") or ".." in parts or parts[0] not in ("data", "files"):
            raise BackupError(f"The backup's manifest names a file outside the backup: {name!r}.")
    for member in archive.getmembers():
        if member.name == "manifest.json":
            continue
        if member.name not in expected or not member.isfile():
            raise BackupError(f"The backup holds {member.name!r}, which its manifest does not list.")
        try:
            archive.extract(member, staging, filter="data")
        except tarfile.TarError as exc:
            raise BackupError(f"The backup is damaged: {member.name}: {exc}") from None
    for name, digest in expected.items():
        path = staging / name
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"The backup is damaged: {name} is missing or does not match its checksum.")


def restore_backup(path: Path, *, force_other_key: bool = False, wipe: bool = False) -> RestoreReport:
    """Restore the backup at `path` into this app's database and instance folder."""
    try:
        archive = tarfile.open(path, mode="r:gz")  # noqa: SIM115  (closed by the `with` below; open errors reported first)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Cannot read {path}: {exc}") from None
    with archive:
        manifest = read_manifest(archive)
        other_key = manifest.get("secret_key_fingerprint") != key_fingerprint()
        if other_key and not force_other_key:
            raise BackupError(other_key_message(manifest))
        _prepare_schema()
        _check_schema(manifest)
        all_tables = table_io.tables()
        if [t["name"] for t in manifest["tables"]] != [t.name for t in all_tables]:
            raise BackupError("The backup's tables are not this schema's tables, although the revisions agree.")
        with db.engine.connect() as conn:
            has_rows = _has_rows(conn, all_tables)
            conn.rollback()
        if has_rows and not wipe:
            raise BackupError(
                "This database already holds data. Restore into an empty database, or pass --yes to "
                "delete everything in it (and the instance files) and restore the backup in its place."
            )
        db.session.remove()
        root = Path(current_app.config["STORAGE_PATH"])
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=instance_files.STAGING_PREFIX, dir=root))
        try:
            _extract(archive, manifest, staging)
            report = RestoreReport(manifest=manifest, wiped=has_rows)
            _write_database(manifest, staging, all_tables, report, rekey=other_key)
            report.files = instance_files.replace_files(staging / "files", [e["path"] for e in manifest["files"]])
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return report


def _write_database(manifest: dict, staging: Path, all_tables: list, report: RestoreReport, *, rekey: bool) -> None:
    by_name = {t.name: t for t in all_tables}
    deferred = table_io.Deferred()
    with db.engine.connect() as conn, conn.begin():
        table_io.wipe(conn, all_tables)
        for entry in manifest["tables"]:
            try:
                with (staging / entry["file"]).open(encoding="utf-8") as lines:
                    written = table_io.write_rows(conn, by_name[entry["name"]], lines, deferred)
            except sa.exc.DBAPIError as exc:
                raise BackupError(
                    f"Table {entry['name']}: the database refused the backup's rows ({exc.orig}); nothing was restored."
                ) from None
            if written != entry["rows"] or table_io.count_rows(conn, by_name[entry["name"]]) != entry["rows"]:
                raise BackupError(f"Table {entry['name']}: the backup lists {entry['rows']} rows, {written} were read.")
            report.rows += written
        deferred.write(conn)
        table_io.reset_sequences(conn, all_tables)
        if rekey:
            report.rekeyed_events = _rederive_badge_keys(conn)


def _rederive_badge_keys(conn: sa.Connection) -> list[int]:
    """Under another SECRET_KEY each event's badge private key is another key: store its public key,
    so badges printed from now on verify (those printed before cannot)."""
    from eventsys.badges.models import BadgeKey
    from eventsys.badges.tokens import derive_private_key, public_key_bytes

    table = BadgeKey.__table__
    secret = current_app.config["SECRET_KEY"]
    events = []
    for key_id, event_id, salt in conn.execute(sa.select(table.c.id, table.c.event_id, table.c.salt)).all():
        public = public_key_bytes(derive_private_key(secret, salt))
        conn.execute(table.update().where(table.c.id == key_id).values(public_key=public))
        events.append(event_id)
    return events
