"""The messages area's figure on each event's hub (events/hub.py): the event's mails that could not
be delivered, leading to its outbox filtered to them. One GROUP BY count (services.outbox_counts)."""

from __future__ import annotations

from flask_babel import gettext as _

from eventsys.events.dashboard import Figure
from eventsys.events.models import Event
from eventsys.mail.models import MailStatus
from eventsys.messages.services import outbox_counts


def mail_figures(event: Event) -> Figure:
    return Figure(
        "failed-mails",
        _("Failed mails"),
        outbox_counts(event)[MailStatus.FAILED.value],
        "messages.outbox",
        {"slug": event.slug, "status": MailStatus.FAILED.value},
        attention=True,
    )
