"""The badge QR code read back from its PNG with tools nobody here wrote (Pillow, zbarimg): it holds
the signed code and is the fixed symbol the badges rely on (version 7, error correction Q, mask 2)."""

import base64
import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from eventsys.badges import tokens
from eventsys.badges.rendering import qr_matrix, qr_png_data_uri

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend

FORMAT_MASK = 0b101010000010010  # ISO/IEC 18004: the 15 format bits are stored XORed with this
ERROR_LEVELS = {0b01: "L", 0b00: "M", 0b11: "Q", 0b10: "H"}


def signed_code(registration_id: int = 42) -> str:
    key = tokens.derive_private_key("qr-test-secret", b"qr-test-salt-016")
    return tokens.sign_code(key, 7, registration_id, 1)


def png_of(code: str) -> Image.Image:
    uri = qr_png_data_uri(code)
    assert uri.startswith("data:image/png;base64,")
    return Image.open(io.BytesIO(base64.b64decode(uri.removeprefix("data:image/png;base64,"))))


def zbar(image: Image.Image) -> list[str]:
    """What a scanner reads: the image at 4 px a module, as a scan of a printed badge would be."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "qr.png"
        image.convert("L").resize((image.width * 4, image.height * 4), Image.Resampling.NEAREST).save(path)
        out = subprocess.run(["zbarimg", "-q", "--raw", str(path)], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line]


def modules(image: Image.Image, quiet_zone: int = 4) -> list[list[bool]]:
    """The symbol's modules from the pixels (one per module; dark is True), quiet zone dropped."""
    grey = image.convert("L")
    size = image.width - 2 * quiet_zone
    return [[grey.getpixel((quiet_zone + col, quiet_zone + row)) < 128 for col in range(size)] for row in range(size)]


def format_information(matrix: list[list[bool]]) -> tuple[str, int, bool]:
    """Error correction level and mask from the format bits beside the finder patterns, and whether
    the two copies of those bits agree."""
    n = len(matrix)
    first = [matrix[8][c] for c in (0, 1, 2, 3, 4, 5, 7, 8)] + [matrix[r][8] for r in (7, 5, 4, 3, 2, 1, 0)]
    second = [matrix[r][8] for r in range(n - 1, n - 8, -1)] + [matrix[8][c] for c in range(n - 8, n)]

    def value(bits):
        return int("".join("1" if bit else "0" for bit in bits), 2) ^ FORMAT_MASK

    bits = value(first)
    return ERROR_LEVELS[bits >> 13], (bits >> 10) & 0b111, bits == value(second)


def test_a_badge_code_scans_back_from_its_png():
    code = signed_code()
    image = png_of(code)
    assert zbar(image) == [code]


def test_the_symbol_has_the_fixed_version_error_level_and_mask():
    for registration_id in (1, 42, 99_999):
        image = png_of(signed_code(registration_id))
        # Version 7 is 45 x 45 modules; the PNG adds a quiet zone of 4 on each side, one pixel a module.
        assert image.size == (53, 53)
        assert format_information(modules(image)) == ("Q", 2, True)


def test_the_png_is_a_small_one_bit_image():
    uri = qr_png_data_uri(signed_code())
    png = base64.b64decode(uri.removeprefix("data:image/png;base64,"))
    assert Image.open(io.BytesIO(png)).mode == "1"
    assert png[24] == 1  # IHDR bit depth: one bit a pixel
    assert len(png) < 500


def test_the_matrix_is_the_symbol_on_the_badge():
    """bench/badges.py draws the ReportLab reference from qr_matrix: the same modules as the PNG."""
    code = signed_code()
    matrix = qr_matrix(code)
    assert len(matrix) == 45 and all(len(row) == 45 for row in matrix)
    assert [[bool(dark) for dark in row] for row in matrix] == modules(png_of(code))


def test_text_longer_than_a_badge_code_gets_a_larger_symbol_that_still_scans():
    text = "https://example.org/events/ascn-annual-meeting/registrations/" + "x" * 140
    image = png_of(text)
    assert image.width > 53
    assert zbar(image) == [text]
    assert format_information(modules(image))[:2] == ("Q", 2)
