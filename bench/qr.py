"""CPU time per badge QR code (qrcode: symbol, PNG data URI, SVG), and what a PNG or an SVG costs WeasyPrint.

Badges draw the SVG since issue 17 (a 1-pixel-per-module PNG blurs at 150 dpi); the PNG stays for
comparison and for places that want a bitmap.

    .venv/bin/python bench/qr.py [--count 2000] [--badges 40]

Signs `count` real badge codes (Ed25519, as eventsys.badges.services.code_for does) and times, per
code: the symbol with the fixed version, mask and error correction (qr_matrix), the badge's PNG
data URI (qr_png_data_uri, qrcode's pure-Python PNG factory), and for comparison, on a tenth of
the codes: the same PNG from qrcode's PIL factory, qrcode's SVG path image (what an SVG badge would
embed) and the symbol with qrcode choosing the mask itself (what the fixed mask saves).
Times are CPU time of this process (time.process_time), best of 3 rounds, so that other work on the
machine matters less.
Then lays out `badges` A6 badges with WeasyPrint twice, once with the PNG and once with the SVG in
the same place, and reads a sample of the PNGs back with zbarimg.
Prints the figures and writes them to bench/results/qr.json.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import qrcode
from qrcode.image.pil import PilImage
from qrcode.image.svg import SvgPathImage

from eventsys.badges import tokens
from eventsys.badges.layouts import get_layout
from eventsys.badges.rendering import (
    CATEGORY_COLOURS,
    QR_ERROR_CORRECTION,
    QR_QUIET_ZONE,
    BadgeData,
    qr_code,
    qr_matrix,
    qr_png_data_uri,
    qr_svg_data_uri,
    sheet_html,
)
from eventsys.pdf import render_html_to_pdf

DECODED_SAMPLE = 50
ROUNDS = 3


def signed_codes(count: int) -> list[str]:
    key = tokens.derive_private_key("bench-secret", os.urandom(16))
    return [tokens.sign_code(key, 1 + n % 3, 1 + n, 1 + n % 4) for n in range(count)]


def per_code_ms(variants: dict[str, tuple], rounds: int = ROUNDS) -> tuple[dict[str, float], dict[str, list]]:
    """Best of `rounds` for each variant (function, codes); the variants take turns in each round,
    so a burst of other work on the machine does not land on one of them only."""
    best: dict[str, float] = {}
    outputs: dict[str, list] = {}
    for _ in range(rounds):
        for name, (function, codes) in variants.items():
            started = time.process_time()
            outputs[name] = [function(code) for code in codes]
            elapsed = (time.process_time() - started) * 1000 / len(codes)
            best[name] = min(best.get(name, elapsed), elapsed)
    return best, outputs


def pil_png(code: str) -> bytes:
    out = io.BytesIO()
    qr_code(code).make_image(image_factory=PilImage).save(out)
    return out.getvalue()


def svg_data_uri(code: str) -> str:
    svg = qr_code(code).make_image(image_factory=SvgPathImage).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def automatic_mask(code: str) -> qrcode.QRCode:
    qr = qrcode.QRCode(error_correction=QR_ERROR_CORRECTION, box_size=1, border=QR_QUIET_ZONE)
    qr.add_data(code, optimize=0)
    qr.make()
    return qr


def decoded(codes: list[str], uris: list[str]) -> int:
    """How many of these PNGs zbarimg reads back as their code (at 4 px a module)."""
    from PIL import Image

    count = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, (code, uri) in enumerate(zip(codes, uris, strict=True)):
            image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
            path = Path(tmp) / f"{n}.png"
            image.convert("L").resize((image.width * 4, image.height * 4), Image.Resampling.NEAREST).save(path)
            out = subprocess.run(["zbarimg", "-q", "--raw", str(path)], capture_output=True, text=True).stdout
            count += out.split() == [code]
    return count


def weasyprint_ms_per_badge(codes: list[str]) -> tuple[float, float]:
    """The same A6 badges laid out with the PNG QR, then with the SVG in its place: ms per badge."""
    layout = get_layout("a6")
    data = [
        BadgeData(
            first_name="Nuttapon",
            last_name="Nimmanphatcharin",
            local_name="ณัฐพล นิมมานพัชรินทร์",
            organisation="Digital Economy Promotion Agency (depa)",
            place="Bangkok, Thailand",
            category="speaker",
            category_label="Speaker",
            event_title="ASCN Annual Meeting",
            serial_label=f"{n}·1",
            code=code,
        )
        for n, code in enumerate(codes)
    ]
    # Badges draw the vector QR (rendering.qr_svg_data_uri); the PNG sheet swaps in the bitmap.
    svg_html = sheet_html(data, layout, CATEGORY_COLOURS)
    png_html = svg_html
    for code in codes:
        png_html = png_html.replace(qr_svg_data_uri(code), qr_png_data_uri(code))
    assert "image/svg+xml" not in png_html and "image/png" not in svg_html
    render_html_to_pdf(png_html[:2000] + "</body></html>")  # warm up fonts and imports
    figures = []
    for html in (png_html, svg_html):
        started = time.process_time()
        render_html_to_pdf(html)
        figures.append((time.process_time() - started) * 1000 / len(codes))
    return figures[0], figures[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--badges", type=int, default=40)
    args = parser.parse_args()

    codes = signed_codes(args.count)
    some = codes[: max(1, args.count // 10)]  # the slow alternatives on a tenth of the codes
    qr_matrix(codes[0])  # warm up imports and qrcode's cached blank version-7 symbol
    ms, outputs = per_code_ms(
        {
            "matrix": (qr_matrix, codes),
            "png": (qr_png_data_uri, codes),
            "pil": (pil_png, some),
            "svg": (svg_data_uri, some),
            "auto": (automatic_mask, some),
        }
    )
    matrix_ms, png_ms, pil_ms, svg_ms, auto_ms = (ms[name] for name in ("matrix", "png", "pil", "svg", "auto"))
    matrices, uris, svgs = outputs["matrix"], outputs["png"], outputs["svg"]
    readable = decoded(codes[:DECODED_SAMPLE], uris[:DECODED_SAMPLE])
    png_bytes = [len(base64.b64decode(uri.split(",", 1)[1])) for uri in uris]
    svg_bytes = [len(base64.b64decode(uri.split(",", 1)[1])) for uri in svgs]
    weasy_png_ms, weasy_svg_ms = weasyprint_ms_per_badge(codes[: args.badges])

    results = {
        "codes": args.count,
        "rounds_best_of": ROUNDS,
        "code_length": len(codes[0]),
        "qr_versions": sorted({(len(m) - 17) // 4 for m in matrices}),
        "ms_per_code": {
            "qr_matrix": round(matrix_ms, 3),
            "qr_png_data_uri": round(png_ms, 3),
            f"pil_image_png (over {len(some)})": round(pil_ms, 3),
            f"svg_path_image (over {len(some)})": round(svg_ms, 3),
            f"automatic_mask (over {len(some)})": round(auto_ms, 3),
        },
        "bytes_per_code": {"png": [min(png_bytes), max(png_bytes)], "svg": [min(svg_bytes), max(svg_bytes)]},
        "png_decoded_by_zbarimg": f"{readable}/{DECODED_SAMPLE}",
        "weasyprint_ms_per_a6_badge": {
            "badges": args.badges,
            "png_qr": round(weasy_png_ms, 1),
            "svg_qr": round(weasy_svg_ms, 1),
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "qrcode": qrcode_version(),
            "load_average_1m": round(os.getloadavg()[0], 2),
        },
    }
    versions = ", ".join(str(v) for v in results["qr_versions"])
    print(f"{args.count} signed codes of {len(codes[0])} characters, QR version {versions}")
    print(f"qr_matrix        {matrix_ms:6.2f} ms/code")
    print(
        f"qr_png_data_uri  {png_ms:6.2f} ms/code  {min(png_bytes)}-{max(png_bytes)} bytes, "
        f"{readable}/{DECODED_SAMPLE} read back by zbarimg"
    )
    print(f"PIL factory PNG  {pil_ms:6.2f} ms/code  (not used by badges)")
    print(f"SVG path image   {svg_ms:6.2f} ms/code  {min(svg_bytes)}-{max(svg_bytes)} bytes (not used by badges)")
    print(f"automatic mask   {auto_ms:6.2f} ms/code  (what the fixed mask saves)")
    print(
        f"WeasyPrint, {args.badges} A6 badges: {weasy_png_ms:.1f} ms/badge with the PNG, "
        f"{weasy_svg_ms:.1f} ms/badge with the SVG"
    )
    out = ROOT / "bench" / "results" / "qr.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {out.relative_to(ROOT)}")


def qrcode_version() -> str:
    from importlib.metadata import version

    return version("qrcode")


if __name__ == "__main__":
    main()
