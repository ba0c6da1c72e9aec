"""The layout editor's preview: the rendered PDF's pages as PNG images shown on the page (the site
refuses to be framed, so a PDF cannot be shown inline). Rasterised by poppler's pdftoppm where it is
installed; without it the editor offers the preview PDF as a download only."""

from __future__ import annotations

import base64
import shutil
import subprocess
import tempfile
from pathlib import Path

PREVIEW_DPI = 60
MAX_PAGES = 3


def page_images(pdf: bytes, dpi: int = PREVIEW_DPI) -> list[str]:
    """data: URIs of the first pages as PNG, or [] when pdftoppm is not installed or fails."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "preview.pdf"
        source.write_bytes(pdf)
        try:
            subprocess.run(
                [tool, "-r", str(dpi), "-png", "-l", str(MAX_PAGES), str(source), str(Path(tmp) / "page")],
                check=True,
                capture_output=True,
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError):
            return []
        return [
            "data:image/png;base64," + base64.b64encode(page.read_bytes()).decode("ascii")
            for page in sorted(Path(tmp).glob("page*.png"))
        ]
