"""Which stored files a backup carries, and putting them back.

Everything under the storage folder (STORAGE_PATH, by default the instance folder: proceedings books,
badge sheets, the development mail folder when it is the instance folder, and whatever an area keeps
there later), except:
- the SQLite database itself and its journal files: the database travels as data, not as a file;
- `first-admin.txt`: the first admin's password in clear, which no backup should carry;
- `registration-imports/`: uploads waiting (two hours at most) for their import;
- half-written `*.part` files, a restore's own staging folder, the backup being written;
- symbolic links (never followed).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from flask import current_app

from eventsys.db import db

STAGING_PREFIX = ".restore-"
SKIPPED_FILES = {"first-admin.txt"}
SKIPPED_FOLDERS = {"registration-imports"}
SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def _database_files() -> set[Path]:
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return set()
    base = Path(url.database).resolve()
    return {base.with_name(base.name + suffix) for suffix in SQLITE_SUFFIXES}


def _kept(relative: Path, path: Path, skip: set[Path]) -> bool:
    if relative.parts[0] in SKIPPED_FOLDERS or relative.parts[0].startswith(STAGING_PREFIX):
        return False
    if relative.as_posix() in SKIPPED_FILES or path.name.endswith(".part"):
        return False
    return path.resolve() not in skip


def backed_up_files(skip: list[Path] = ()) -> list[tuple[str, Path]]:
    """(path relative to the storage folder, absolute path) of every file a backup carries."""
    root = Path(current_app.config["STORAGE_PATH"])
    if not root.is_dir():
        return []
    skipped = _database_files() | {Path(p).resolve() for p in skip}
    found = []
    for folder, folders, names in os.walk(root, followlinks=False):
        folders.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(root)
            if _kept(relative, path, skipped):
                found.append((relative.as_posix(), path))
    return found


def replace_files(staged: Path, relatives: list[str]) -> int:
    """Remove the stored files a backup would carry, then move the restored ones in."""
    root = Path(current_app.config["STORAGE_PATH"])
    for _relative, path in backed_up_files():
        path.unlink(missing_ok=True)
    for relative in relatives:
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staged / relative), str(target))
    return len(relatives)
