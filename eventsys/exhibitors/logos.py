"""Exhibitors' logos: PNG, JPEG or WebP, checked by their content, kept under STORAGE_PATH.

An upload's name and Content-Type are the browser's word; Pillow reads the bytes, and only an image
that opens and decodes is kept, at most LOGO_MAX_BYTES and LOGO_MAX_PIXELS (a small file can declare
a huge image). SVG is refused with its own message: it is a document that can run scripts, not a
picture. The file is stored under a name the app makes (never the upload's) and served with the
content type Pillow found, so a browser never sniffs it into something else.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4000 * 4000
KINDS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg"), "WEBP": ("image/webp", "webp")}
FOLDER = "exhibitors"


class LogoRefused(ValueError):
    pass


def check_logo(data: bytes) -> tuple[str, str]:
    """(content type, file extension) of an acceptable logo, else LogoRefused with the reason."""
    if not data:
        raise LogoRefused(_("The file is empty."))
    if len(data) > LOGO_MAX_BYTES:
        raise LogoRefused(_("The image is too large: at most 1 MB."))
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in head:
        raise LogoRefused(_("SVG images are not accepted: upload a PNG, JPEG or WebP image."))
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            width, height = image.size
            if kind not in KINDS:
                raise LogoRefused(_("Only PNG, JPEG and WebP images are accepted."))
            if width * height > LOGO_MAX_PIXELS:
                raise LogoRefused(_("The image has too many pixels: at most 4000 × 4000."))
            image.load()  # decodes it: a truncated or corrupt file fails here
    except LogoRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise LogoRefused(_("This file is not a PNG, JPEG or WebP image that can be read.")) from exc
    return KINDS[kind]


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
