"""Where built books live: under the storage folder (STORAGE_PATH), written crash-safely.

A book is written to a temporary file next to its final name, flushed to disk, and only then
renamed into place (`os.replace` is atomic on one filesystem). A crash mid-write leaves at most
a stray `.part` file that nothing points to; the final path either does not exist or is complete.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import current_app

FOLDER = "proceedings"


def books_root() -> Path:
    return Path(current_app.config["STORAGE_PATH"]) / FOLDER


def absolute(relative: str) -> Path:
    path = (books_root().parent / relative).resolve()
    if books_root().resolve() not in path.parents:
        raise ValueError(f"not a proceedings file: {relative!r}")
    return path


def write_atomically(relative: str, data: bytes) -> Path:
    final = absolute(relative)
    final.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=final.parent, prefix=final.name + ".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            write_bytes(out, data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, final)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return final


def write_bytes(out, data: bytes) -> None:
    """The write itself, in pieces (a separate function so a test can crash it half-way)."""
    step = 1 << 20
    for start in range(0, len(data), step):
        out.write(data[start : start + step])


def remove_stale_parts(folder_relative: str) -> None:
    """Temporary files left by a worker that died mid-write."""
    folder = absolute(folder_relative + "/x").parent
    if folder.is_dir():
        for stray in folder.glob("*.part"):
            stray.unlink(missing_ok=True)
