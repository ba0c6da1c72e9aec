"""The letterhead logo and the signature image: PNG or JPEG only, checked by their content.

A browser says what an upload is (its name, its Content-Type), but a file named logo.png may hold
anything. Pillow reads the bytes: only a PNG or JPEG that opens and decodes is kept, at most
IMAGE_MAX_BYTES and IMAGE_MAX_PIXELS (a small file can declare a huge image). SVG is refused with its
own message: it is a document that can fetch and run things, not a picture.
"""

from __future__ import annotations

import io

from flask_babel import gettext as _

IMAGE_MAX_BYTES = 1024 * 1024
IMAGE_MAX_PIXELS = 4000 * 4000
KINDS = {"PNG": "image/png", "JPEG": "image/jpeg"}


class ImageRefused(ValueError):
    pass


def check_image(data: bytes) -> str:
    """The content type of an acceptable image, else ImageRefused with the reason."""
    if not data:
        raise ImageRefused(_("The file is empty."))
    if len(data) > IMAGE_MAX_BYTES:
        raise ImageRefused(_("The image is too large: at most 1 MB."))
    head = data[:512].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) or b"<svg" in head:
        raise ImageRefused(_("SVG images are not accepted: upload a PNG or JPEG image."))
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            width, height = image.size
            if kind not in KINDS:
                raise ImageRefused(_("Only PNG and JPEG images are accepted."))
            if width * height > IMAGE_MAX_PIXELS:
                raise ImageRefused(_("The image has too many pixels: at most 4000 × 4000."))
            image.load()  # decodes it: a truncated or corrupt file fails here
    except ImageRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageRefused(_("This file is not a PNG or JPEG image that can be read.")) from exc
    return KINDS[kind]
