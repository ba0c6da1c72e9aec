"""The one HTML layout of every mail: the hosts' colour and logo, readable in Thai, accessible.

Mail programs ignore stylesheets and strip scripts, so the layout is tables with inline styles, the
way every mail that renders in Outlook and Gmail alike is built. Text is the source: organizers
write plain text (mail/texts.py), and this module turns it into the HTML part, so the two parts
always say the same thing.
"""

from __future__ import annotations

import re

from flask import render_template
from flask_babel import force_locale
from markupsafe import Markup, escape

DEFAULT_COLOUR = "#1452b8"
LOGO_CID = "logo@eventsys"
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\Z")
_URL = re.compile(r"""(https?://[^\s<>"'()]+[^\s<>"'().,;:!?])""")
# Thai first where the mail is Thai: Noto Sans Thai if installed, then the system Thai fonts of
# Windows (Leelawadee UI, Tahoma), macOS and iOS (Thonburi) and Android (Sarabun ships with many).
FONT_STACKS = {
    "th": "'Noto Sans Thai', 'Leelawadee UI', Leelawadee, Thonburi, Tahoma, Sarabun, sans-serif",
    "en": "-apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans Thai', Tahoma, sans-serif",
}


def brand_colour(event) -> str:
    colour = getattr(event, "brand_colour", None) or DEFAULT_COLOUR
    return colour if _COLOUR.match(colour) else DEFAULT_COLOUR


def _luminance(colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour_on(colour: str) -> str:
    """Black or white, whichever contrasts more with `colour` (an organizer may pick a light one)."""
    lum = _luminance(colour)
    on_white = (1.05) / (lum + 0.05)
    on_black = (lum + 0.05) / 0.05
    return "#ffffff" if on_white >= on_black else "#111111"


def linkify(line: str) -> Markup:
    """One line of plain text as HTML, its web addresses clickable."""
    out = []
    last = 0
    for match in _URL.finditer(line):
        out.append(escape(line[last : match.start()]))
        url = match.group(1)
        out.append(Markup('<a href="{0}" style="color:inherit;word-break:break-all">{0}</a>').format(url))
        last = match.end()
    out.append(escape(line[last:]))
    return Markup("").join(out)


def paragraphs(text: str) -> list[Markup]:
    """Blank lines separate paragraphs; single line breaks stay line breaks."""
    blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    return [Markup("<br>\n").join(linkify(line) for line in block.split("\n")) for block in blocks]


def text_with_links(body_text: str, links=()) -> str:
    """The plain-text part: the body, then each link as "label:" and the address on its own line."""
    text = body_text.rstrip("\n") + "\n"
    for label, url in links:
        text += f"\n{label}:\n{url}\n"
    return text


def render_html(
    body_text: str,
    *,
    language: str,
    event=None,
    links=(),
    inline_images=(),
    footer_text: str = "",
    preheader: str = "",
    subject: str = "",
) -> str:
    colour = brand_colour(event)
    with force_locale(language):
        return render_template(
            "mail/layout.html",
            language=language,
            direction="ltr",
            font_stack=FONT_STACKS.get(language, FONT_STACKS["en"]),
            colour=colour,
            on_colour=text_colour_on(colour),
            event=event,
            subject=subject,
            preheader=preheader,
            paragraphs=paragraphs(body_text),
            links=list(links),
            inline_images=list(inline_images),
            footer=paragraphs(footer_text) if footer_text else [],
            logo_cid=LOGO_CID,
        )
