"""The letterhead logo and the signature image: PNG or JPEG only, checked by their content with
eventsys/images.py (which says why), and refused in this area's words."""

from __future__ import annotations

from flask_babel import gettext as _

from eventsys import images

IMAGE_MAX_BYTES = images.MAX_BYTES
KINDS = {"PNG": "image/png", "JPEG": "image/jpeg"}


class ImageRefused(ValueError):
    pass


def _reasons() -> dict[str, str]:
    return {
        "empty": _("The file is empty."),
        "too_large": _("The image is too large: at most 1 MB."),
        "svg": _("SVG images are not accepted: upload a PNG or JPEG image."),
        "kind": _("Only PNG and JPEG images are accepted."),
        "pixels": _("The image has too many pixels: at most 4000 × 4000."),
        "unreadable": _("This file is not a PNG or JPEG image that can be read."),
    }


def check_image(data: bytes) -> str:
    """The content type of an acceptable image, else ImageRefused with the reason."""
    try:
        return KINDS[images.image_format(data, set(KINDS))]
    except images.ImageRefused as refused:
        raise ImageRefused(_reasons()[refused.reason]) from None
