"""The delegate's e-ticket: the badge's own signed code as a QR code, on the manage page, in a
phone-sized PDF and in the confirmation mail.

The ticket holds exactly the badge code (`services.ensure_badge` then `services.code_for`), so the
scanner at the door needs nothing new: a phone screen and a printed badge check in alike. Printing
the badge again keeps the code; a badge an organizer replaces (lost, wrong) revokes the old code,
and from then on the ticket shows the new one.

Only confirmed registrations have a ticket. What the other areas see of it are the providers at the
end of this module, which `badges.init_app` plugs into the registration area (manage page, mails)
and the mail area (attachments built at delivery).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape
from qrcode.image.pure import PyPNGImage
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eventsys.badges import services
from eventsys.badges.models import Badge, BadgeKey
from eventsys.badges.rendering import fit_font_size, qr_code, qr_matrix, qr_svg_data_uri
from eventsys.db import db
from eventsys.i18n import LOCALES, current_language, format_date_range
from eventsys.mail.attachments import Attachment
from eventsys.mail.layout import brand_colour, text_colour_on
from eventsys.pdf import render_pdf
from eventsys.registration.extras import MailExtra, ManagePanel
from eventsys.registration.models import Registration, RegistrationStatus
from eventsys.registration.tokens import manage_url

MAILS_WITH_TICKET = ("confirmed", "promoted")  # a promotion from the waitlist confirms too
QR_CONTENT_ID = "ticket-qr"
QR_PNG_MODULE_PX = 8  # 53 modules (quiet zone included) make a 424 px image: sharp in any mail program
PT_PER_MM = 72 / 25.4
# The ticket page (phone-sized) and its text column, for fitting names on one line.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM, PADDING_MM = 90, 160, 7
# Names are fitted to one line with the badges' font metrics (rendering.fit_font_size).
NAME_MAX_PT, LOCAL_NAME_MAX_PT = 19.0, 16.0


def has_ticket(registration: Registration) -> bool:
    return registration.status == RegistrationStatus.CONFIRMED


def mail_language(registration: Registration) -> str:
    return registration.language if registration.language in LOCALES else "en"


# --- the code ----------------------------------------------------------------------------------


def _issue_in_savepoint(registration: Registration) -> tuple[Badge, str]:
    """The current badge and its code, issuing the badge (and the event's key) if needed.

    Inside a savepoint: two first requests at once (the manage page and the mail worker) may both
    try to issue serial 1 or create the event's key; the loser's savepoint rolls back and it reads
    what the winner wrote, without undoing the rest of its transaction (a mail being delivered)."""
    try:
        with db.session.begin_nested():
            badge = services.ensure_badge(registration)
            return badge, services.code_for(badge)
    except IntegrityError:
        with db.session.begin_nested():  # the other request's badge and key are there now
            badge = services.ensure_badge(registration)
            return badge, services.code_for(badge)


def current_code(registration: Registration) -> str:
    """The ticket's code, issuing the badge if there is none yet, without committing: for the
    attachment builders, whose caller (mail delivery) commits."""
    return _issue_in_savepoint(registration)[1]


def ticket_code(registration: Registration) -> str:
    """The ticket's code for a page the delegate opens, the badge issued and committed first.

    Why a GET commits here: the first place a delegate sees the code may be the manage page or
    ticket.pdf, and the scanner admits a code only if its badge row exists. Showing the code of a
    badge that was never committed would turn the delegate away at the door, so the issue (the
    badge, and on first use the event's signing key) is committed before the code is shown. Once
    issued, this only reads, and nothing is committed."""
    already = services.current_badge(registration)
    if already is not None and db.session.scalar(select(BadgeKey.id).filter_by(event_id=registration.event_id)):
        return services.code_for(already)
    code = current_code(registration)
    db.session.commit()
    return code


# --- what the ticket shows ---------------------------------------------------------------------


@dataclass
class TicketView:
    """The ticket's text, in the reader's language, and its code."""

    name: str
    local_name: str
    organisation: str
    category_label: str
    event_title: str
    dates: str
    venue: str
    address: str
    code: str
    serial_label: str
    colour: str
    colour_text: str


def ticket_view(registration: Registration, code: str) -> TicketView:
    event = registration.event
    badge = services.current_badge(registration)
    colour = brand_colour(event)
    return TicketView(
        name=registration.full_name.strip(),
        local_name=(registration.local_name or "").strip(),
        organisation=(registration.organisation or "").strip(),
        category_label=services.category_label(registration.category),
        event_title=event.title,
        dates=format_date_range(event.start_date, event.end_date),
        venue=event.venue,
        address=(event.address or "").strip(),
        code=code,
        serial_label=f"{registration.id}·{badge.serial}" if badge is not None else str(registration.id),
        colour=colour,
        colour_text=text_colour_on(colour),
    )


def size_class(pt: float) -> str:
    return f"s{round(pt * 4)}"


def script_language(text: str) -> str:
    """The language a piece of the ticket's text is in, by its script: names, organisations and
    addresses are typed in one script, and an event title falls back to English without a Thai one."""
    return "th" if any("\u0e00" <= char <= "\u0e7f" for char in text) else "en"


def render_ticket_pdf(registration: Registration, code: str) -> bytes:
    """The one-page, phone-sized ticket (90 x 160 mm), in the current language (?lang=, else the
    interface's; the mail's for an attachment). Text in the other language carries its own lang,
    so the PDF's tags (and a screen reader) switch language for it."""
    view = ticket_view(registration, code)
    available = (PAGE_WIDTH_MM - 2 * PADDING_MM) * PT_PER_MM
    name_pt = fit_font_size(view.name, available, NAME_MAX_PT)
    local_pt = fit_font_size(view.local_name, available, LOCAL_NAME_MAX_PT) if view.local_name else 0.0
    sizes = sorted({name_pt, local_pt} - {0.0})
    return render_pdf(
        "badges/ticket_pdf.html",
        ticket=view,
        qr=qr_svg_data_uri(code),
        language=current_language(),
        name_class=size_class(name_pt),
        local_class=size_class(local_pt),
        size_rules=[(size_class(pt), pt) for pt in sizes],
    )


def ticket_filename(registration: Registration) -> str:
    return f"ticket-{registration.event.slug}.pdf"


def ticket_url(registration: Registration) -> str:
    """The absolute address of ticket.pdf: the manage link's, plus /ticket.pdf."""
    return manage_url(registration) + "/ticket.pdf"


def qr_svg(code: str, label: str) -> Markup:
    """The badge code's QR symbol (the printed badge's: version 7, level Q, mask 2) as inline SVG:
    one path of unit squares on a white ground with a quiet zone of four modules. Screens scale it
    without blur; role="img" and the label give screen readers what it is."""
    matrix = qr_matrix(code)
    border, size = 4, len(matrix) + 8
    path = "".join(
        f"M{x + border},{y + border}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" aria-label="{label}" '
        'class="d-block w-100 h-auto es-ticket-qr" shape-rendering="crispEdges"><title>{label}</title>'
        '<rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>'
    ).format(size=size, label=escape(label), path=path)


def qr_png(code: str, module_px: int = QR_PNG_MODULE_PX) -> bytes:
    """The QR symbol as a 1-bit PNG, `module_px` pixels a module: mail programs scale images with
    smoothing, so the image is sent large enough to need no scaling up."""
    qr = qr_code(code)
    qr.box_size = module_px
    out = io.BytesIO()
    qr.make_image(image_factory=PyPNGImage).save(out)
    return out.getvalue()


# --- providers: the manage page, mails, attachments --------------------------------------------


def manage_panel(registration: Registration, token: str) -> ManagePanel | None:
    """The ticket on the manage page, for confirmed registrations.

    `ticket_code` commits a badge issued on this first view (see there): the manage page is a GET
    that has written nothing else, and the code it shows must already admit the delegate."""
    if not has_ticket(registration):
        return None
    code = ticket_code(registration)
    view = ticket_view(registration, code)
    event = registration.event
    return ManagePanel(
        template="badges/_ticket_panel.html",
        context={
            "ticket": {
                "view": view,
                "svg": qr_svg(code, _("QR code of your e-ticket for %(event)s", event=event.title)),
                "pdf_url": url_for("tickets.ticket_pdf", slug=event.slug, token=token),
            }
        },
        order=10,
    )


def mail_extra(registration: Registration, mail_name: str) -> MailExtra | None:
    """The ticket in the confirmation and promotion mails: a PDF and an inline QR image, both
    built at delivery (nothing is rendered or issued here), and {ticket_url} for the text. Mail to
    participants ("announcement") gets only {ticket_url}, for organizers who put it in their text."""
    if not has_ticket(registration):
        return None
    if mail_name == "announcement":
        return MailExtra(placeholders={"ticket_url": ticket_url(registration)})
    if mail_name not in MAILS_WITH_TICKET:
        return None
    spec = {"registration_id": registration.id}
    # In the caller's locale: the mail's language (it renders the mail inside force_locale).
    alt = _("QR code of your e-ticket for %(event)s", event=registration.event.title)
    return MailExtra(
        attachments=[{"kind": "ticket_pdf", **spec}, {"kind": "ticket_qr", **spec}],
        inline_images=[(QR_CONTENT_ID, alt)],
        placeholders={"ticket_url": ticket_url(registration)},
    )


def _spec_registration(spec: dict) -> Registration | None:
    registration_id = spec.get("registration_id")
    if not isinstance(registration_id, int):
        return None
    registration = db.session.get(Registration, registration_id)
    return registration if registration is not None and has_ticket(registration) else None


def build_ticket_pdf(spec: dict) -> list[Attachment]:
    """{"kind": "ticket_pdf", "registration_id": N}: the ticket PDF in the delegate's mail language;
    nothing once the registration is no longer confirmed."""
    registration = _spec_registration(spec)
    if registration is None:
        return []
    code = current_code(registration)
    with force_locale(mail_language(registration)):
        pdf = render_ticket_pdf(registration, code)
    return [Attachment(ticket_filename(registration), "application/pdf", pdf)]


def build_ticket_qr(spec: dict) -> list[Attachment]:
    """{"kind": "ticket_qr", "registration_id": N}: the QR code as a PNG shown inside the mail."""
    registration = _spec_registration(spec)
    if registration is None:
        return []
    return [Attachment("ticket-qr.png", "image/png", qr_png(current_code(registration)), content_id=QR_CONTENT_ID)]
