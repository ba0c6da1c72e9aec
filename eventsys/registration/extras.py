"""What the areas above registration add to a delegate's mails and manage page.

Registration sits below badges and agenda, so it cannot ask them for a ticket or an agenda link;
they register providers here instead (in their `init_app`), the way erasure steps plug into
`erasure.py`. Providers run inside the caller's transaction and must not commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app

from eventsys.registration.models import Registration

MAIL_KEY = "eventsys_registration_mail_extras"
PANEL_KEY = "eventsys_registration_manage_panels"


@dataclass
class MailExtra:
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url): buttons in the HTML
    attachments: list[dict] = field(default_factory=list)  # mail attachment specs (mail/attachments.py)
    inline_images: list[tuple[str, str]] = field(default_factory=list)  # (content id, alt text)
    placeholders: dict[str, str] = field(default_factory=dict)  # values for the mail's {placeholders}

    def merge(self, other: MailExtra) -> None:
        self.links.extend(other.links)
        self.attachments.extend(other.attachments)
        self.inline_images.extend(other.inline_images)
        self.placeholders.update(other.placeholders)


@dataclass
class ManagePanel:
    template: str  # included on the manage page with `context` added
    context: dict
    order: int = 100


MailProvider = Callable[[Registration, str], MailExtra | None]
PanelProvider = Callable[[Registration, str], ManagePanel | None]


def register_mail_extra(app, provider: MailProvider) -> None:
    app.extensions.setdefault(MAIL_KEY, []).append(provider)


def register_manage_panel(app, provider: PanelProvider) -> None:
    app.extensions.setdefault(PANEL_KEY, []).append(provider)


def mail_extras(registration: Registration, mail_name: str) -> MailExtra:
    """Everything the other areas add to the mail `mail_name` ("confirmed", "promoted"...)."""
    merged = MailExtra()
    for provider in current_app.extensions.get(MAIL_KEY, []):
        extra = provider(registration, mail_name)
        if extra is not None:
            merged.merge(extra)
    return merged


def manage_panels(registration: Registration, token: str) -> list[ManagePanel]:
    panels = [p for p in (provider(registration, token) for provider in current_app.extensions.get(PANEL_KEY, [])) if p]
    return sorted(panels, key=lambda panel: panel.order)
