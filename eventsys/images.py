"""Uploaded images checked by their content, for every area that takes one (an exhibitor's logo, a
letterhead, a signature).

An upload's name and Content-Type are the browser's word; Pillow reads the bytes, and only an image
of an accepted format that opens and decodes passes, at most MAX_BYTES and MAX_PIXELS (a small file
can declare a huge image). SVG is refused on its own: it is a document that can fetch and run
things, not a picture. The refusal carries a reason code; each area words it for its form.
"""

from __future__ import annotations

import io

MAX_BYTES = 1024 * 1024
MAX_PIXELS = 4000 * 4000


class ImageRefused(ValueError):
    """`reason`: "empty", "too_large", "svg", "kind" (a format not accepted), "pixels", "unreadable"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def image_format(data: bytes, accepted: frozenset[str] | set[str]) -> str:
    """Pillow's name for the format of `data` ("PNG", "JPEG", "WEBP"...), one of `accepted`, once the
    image decoded; else ImageRefused."""
    if not data:
        raise ImageRefused("empty")
    if len(data) > MAX_BYTES:
        raise ImageRefused("too_large")
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in head:
        raise ImageRefused("svg")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            width, height = image.size
            if kind not in accepted:
                raise ImageRefused("kind")
            if width * height > MAX_PIXELS:
                raise ImageRefused("pixels")
            image.load()  # decodes it: a truncated or corrupt file fails here
    except ImageRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageRefused("unreadable") from exc
    return kind
