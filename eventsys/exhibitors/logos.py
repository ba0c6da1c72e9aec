"""Exhibitors' logos: PNG, JPEG or WebP, checked by their content with eventsys/images.py (which
says why), kept under STORAGE_PATH. The file is stored under a name the app makes (never the
upload's) and served with the content type Pillow found, so a browser never sniffs it into
something else."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from eventsys import images

LOGO_MAX_BYTES = images.MAX_BYTES
KINDS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg"), "WEBP": ("image/webp", "webp")}
FOLDER = "exhibitors"


class LogoRefused(ValueError):
    pass


def _reasons() -> dict[str, str]:
    return {
        "empty": _("The file is empty."),
        "too_large": _("The image is too large: at most 1 MB."),
        "svg": _("SVG images are not accepted: upload a PNG, JPEG or WebP image."),
        "kind": _("Only PNG, JPEG and WebP images are accepted."),
        "pixels": _("The image has too many pixels: at most 4000 × 4000."),
        "unreadable": _("This file is not a PNG, JPEG or WebP image that can be read."),
    }


def check_logo(data: bytes) -> tuple[str, str]:
    """(content type, file extension) of an acceptable logo, else LogoRefused with the reason."""
    try:
        return KINDS[images.image_format(data, set(KINDS))]
    except images.ImageRefused as refused:
        raise LogoRefused(_reasons()[refused.reason]) from None


def root() -> Path:
    return Path(current_app.config["STORAGE_PATH"])


def store(event_id: int, data: bytes, extension: str) -> str:
    """Write the logo under a fresh random name; returns its path relative to STORAGE_PATH."""
    relative = f"{FOLDER}/{event_id}/{secrets.token_hex(12)}.{extension}"
    path = root() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".part")
    temporary.write_bytes(data)
    temporary.replace(path)
    return relative


def path_of(relative: str) -> Path | None:
    """The stored file, if it is there and inside the storage folder."""
    base = (root() / FOLDER).resolve()
    path = (root() / relative).resolve()
    if base not in path.parents or not path.is_file():
        return None
    return path


def remove(relative: str | None) -> None:
    if relative:
        path = path_of(relative)
        if path is not None:
            path.unlink(missing_ok=True)
