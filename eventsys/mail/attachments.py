"""Attachments built when a mail is delivered, not when it is queued.

A queued mail names its attachments as small JSON specs ({"kind": "ticket_pdf", "registration_id": 12});
the area that owns the kind registers a builder for it. Delivery (a worker) calls the builders, so a
registration request never waits for a PDF, and a mail retried tomorrow carries tomorrow's ticket.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import current_app

EXTENSION_KEY = "eventsys_mail_attachments"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # e.g. "application/pdf"
    data: bytes
    content_id: str | None = None  # set: an inline part the HTML shows as <img src="cid:...">


Builder = Callable[[dict], list[Attachment]]


class UnknownAttachment(LookupError):
    """A spec names a kind no area registered (a deployment that lost an area): the mail fails loudly."""


def register_attachment(app, kind: str, builder: Builder) -> None:
    app.extensions.setdefault(EXTENSION_KEY, {})[kind] = builder


def build_attachments(specs: Iterable[dict] | None) -> list[Attachment]:
    builders: dict[str, Builder] = current_app.extensions.get(EXTENSION_KEY, {})
    built: list[Attachment] = []
    for spec in specs or ():
        builder = builders.get(spec.get("kind"))
        if builder is None:
            raise UnknownAttachment(f"No builder for mail attachments of kind {spec.get('kind')!r}.")
        built.extend(builder(spec))
    return built
