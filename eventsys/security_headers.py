"""Security headers on every response (pages, JSON, files, error pages), and the trusted proxies.

A small `after_request`, not flask-talisman: every script the pages run is a static file under
static/ (data reaches them through data-* attributes and <script type="application/json"> blocks,
which browsers never execute), so no per-request nonce is needed, and what Talisman adds besides
headers (redirecting to HTTPS, its own cookie flags) belongs to nginx and config.py here. One more
dependency would buy a dozen lines.

The Content-Security-Policy allows scripts, styles, images, fonts and connections from this site
only: no inline script, no inline event handler, no `javascript:` URL, no plug-ins, no framing by
any site (`frame-ancestors 'none'`, and X-Frame-Options for old browsers), forms posting only here.

`style-src` keeps 'unsafe-inline': pages set `style` attributes from data (a track's colour, a
progress bar's width, a badge category's colour) and the badge preview embeds the design's generated
CSS in a <style> block. Styles cannot run code; scripts stay strictly 'self'.

HSTS only in production (HSTS_ENABLED), where the README requires HTTPS: a development server on
http://127.0.0.1 must not teach the browser to refuse plain HTTP for that host for a year.

ProxyFix (TRUSTED_PROXIES > 0): behind that many reverse proxies the app believes their
X-Forwarded-For, -Proto and -Host, so the rate limits, the audit log and url_for see the real
client and scheme. With 0 (the default) those headers are ignored: anyone can forge them.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # style attributes and the badge preview's CSS; see above
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"
# The scanner needs the camera; nothing needs the rest of what a page could ask for.
PERMISSIONS_POLICY = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Manage links carry a signed token in their path: no other site gets it as a Referer.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
}


def init_app(app: Flask) -> None:
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    hsts = bool(app.config.get("HSTS_ENABLED"))

    @app.after_request
    def add_security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if hsts:
            response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
        return response
