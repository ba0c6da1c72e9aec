"""Where a `next` parameter may send the browser after sign-in or a language switch."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, fallback: str) -> str:
    """Only same-site paths are followed, so a crafted link cannot turn us into an open redirect."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target
