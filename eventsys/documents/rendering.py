"""Documents as PDF: an event's layout (the organizers' own HTML/CSS, or the default shipped in
templates/documents/layouts/) rendered in a Jinja sandbox, then through eventsys.pdf's one renderer
(static files only, exact Thai text, tagged PDF/UA).

An organizer's layout is data, not code: it runs in `jinja2.sandbox.SandboxedEnvironment` with
`StrictUndefined`, over plain dicts and strings built here, so `{{ ''.__class__ }}`, `config`, or a
name that is not in the context stops the rendering with `LayoutError` (a form error on the editor),
never reaching Python internals or the app's settings. Its images can only be the data: URIs given
here (logo, signature, QR) or the app's static files: the PDF fetcher refuses anything else.

Letters are made on demand from the document and the request's encrypted passport details; no PDF
with passport data is ever stored. Rendering the same document twice gives the same text.
"""

from __future__ import annotations

import base64
import datetime as dt

from flask_babel import force_locale
from flask_babel import gettext as _
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup
from sqlalchemy import select

from eventsys.badges.rendering import qr_svg_data_uri
from eventsys.config import PROJECT_ROOT
from eventsys.db import db
from eventsys.documents import facts, services
from eventsys.documents.models import Document, DocumentKind, DocumentLayout, DocumentSettings
from eventsys.i18n import country_name, format_day
from eventsys.pdf import render_html_to_pdf
from eventsys.pdf.tagging import DocumentWithoutLanguage

LAYOUTS = PROJECT_ROOT / "templates" / "documents" / "layouts"
LAYOUT_MAX_CHARS = 100_000


class LayoutError(ValueError):
    """The layout cannot be rendered; the message says where and why, for the editor's form."""


def default_layout(kind: DocumentKind) -> str:
    return (LAYOUTS / f"{kind.value}.html").read_text(encoding="utf-8")


def layout_source(event_id: int, kind: DocumentKind) -> str:
    own = db.session.scalar(
        select(DocumentLayout).where(DocumentLayout.event_id == event_id, DocumentLayout.kind == kind)
    )
    return own.source if own is not None and own.source.strip() else default_layout(kind)


def script_of(text: str) -> str:
    return "th" if any("\u0e00" <= char <= "\u0e7f" for char in text or "") else "en"


def _environment(language: str) -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)

    def lang(text) -> Markup:
        """` lang="xx"` for text in the other script than the document's (fonts, PDF tags follow)."""
        script = script_of(str(text))
        return Markup(f' lang="{script}"') if script != language else Markup("")

    env.globals["lang"] = lang
    return env


def data_uri(content_type: str, data: bytes | None) -> str:
    if not data:
        return ""
    return f"data:{content_type};base64," + base64.b64encode(data).decode("ascii")


def render_layout(source: str, context: dict, language: str) -> str:
    """The layout's HTML, or LayoutError with a message an organizer can act on."""
    if len(source) > LAYOUT_MAX_CHARS:
        raise LayoutError(_("The layout is too long: at most %(count)s characters.", count=LAYOUT_MAX_CHARS))
    try:
        return _environment(language).from_string(source).render(**context)
    except TemplateError as exc:  # SecurityError and UndefinedError are TemplateErrors too
        line = getattr(exc, "lineno", None)
        where = _(" (line %(line)s)", line=line) if line else ""
        return _raise(_("The layout cannot be used%(where)s: %(reason)s", where=where, reason=exc.message or exc))
    except (ArithmeticError, TypeError, ValueError, OverflowError) as exc:
        return _raise(_("The layout cannot be used: %(reason)s", reason=exc))


def _raise(message: str):
    raise LayoutError(message)


# --- the context a layout sees ---------------------------------------------------------------------


def _texts(kind: DocumentKind) -> dict:
    """The fixed wording, in the current locale (the document's: rendering runs in force_locale)."""
    common = {
        "verify_note": _("Check this document at the address below or by scanning the code:"),
        "code_label": _("Verification code"),
        "issued_on_label": _("Issued on"),
        "qr_alt": _("QR code linking to this document's verification page"),
        "logo_alt": _("Letterhead logo"),
        "signature_alt": _("Signature"),
    }
    if kind == DocumentKind.CERTIFICATE:
        return {
            **common,
            "title": _("Certificate of attendance"),
            "certify": _("This is to certify that"),
            "attended": _("attended"),
            "held": _("held at %(place)s, %(dates)s", place="{place}", dates="{dates}"),
            "days_label": _("Days attended"),
            "sessions_label": _("Sessions attended"),
        }
    return {
        **common,
        "title": _("Invitation letter for a visa application"),
        "to": _("To the Embassy or Consulate concerned"),
        "subject": _("Invitation letter for a visa application"),
        "dear": _("Dear Sir or Madam,"),
        "closing": _("Yours faithfully,"),
        "name_label": _("Full name (as in passport)"),
        "nationality_label": _("Nationality"),
        "passport_label": _("Passport number"),
        "expiry_label": _("Passport valid until"),
        "birth_label": _("Date of birth"),
        "reference_label": _("Reference"),
    }


def _letter_paragraphs(shown: dict, host_country: str) -> list[str]:
    body = [
        _(
            "We are pleased to invite the person named below to attend %(event)s, held at %(place)s "
            "on %(dates)s, as a delegate of the meeting.",
            event=shown["event_name"],
            place=shown["place"] or host_country,
            dates=shown["dates"],
        ),
        _(
            "The purpose of the visit is to take part in the meeting and its official programme. "
            "We kindly ask you to grant the visa needed for the dates of the meeting."
        ),
    ]
    return body


def context_for(document: Document, settings: DocumentSettings | None, details=None, *, sample: bool = False) -> dict:
    """Plain values only (dicts, strings, lists): what a sandboxed layout may read."""
    language = document.language
    shown = facts.shown(document, language)
    event = document.event
    host_country = country_name(event.city.member_state_code, language) if event and event.city else ""
    code = document.code
    url = services.verify_url(code)
    holder = {"name": shown["holder"], "local_name": shown["holder_local"], "erased": shown["holder_erased"]}
    if document.kind == DocumentKind.LETTER:
        holder.update(
            nationality=country_name(details.nationality, language) if details else "",
            passport_number=details.passport_number if details else "",
            passport_expiry=format_day(details.passport_expiry, language) if details else "",
            date_of_birth=format_day(details.date_of_birth, language) if details else "",
        )
    texts = _texts(document.kind)
    if document.kind == DocumentKind.CERTIFICATE:
        texts["held"] = texts["held"].replace("{place}", shown["place"]).replace("{dates}", shown["dates"])
    else:
        texts["paragraphs"] = _letter_paragraphs(shown, host_country)
        if host_country:
            texts["to"] = _("To the Embassy or Consulate of %(country)s", country=host_country)
    return {
        "document": {
            "kind": document.kind.value,
            "code": code,
            "verify_url": url,
            "qr": qr_svg_data_uri(url),
            "language": language,
            "issued_on": shown["issued_on"],
            "title": texts["title"],
            "sample": sample,
        },
        "holder": holder,
        "event": {
            "name": shown["event_name"],
            "name_en": shown["event_name_en"],
            "name_th": shown["event_name_th"],
            "dates": shown["dates"],
            "place": shown["place"],
            "address": (document.facts.get("event", {}).get("place", {}) or {}).get("address", ""),
            "host_country": host_country,
        },
        "attended": {"days": shown["days"], "sessions": shown["sessions"]},
        "issuer": {
            "organisation": shown["organisation"],
            "organisation_en": document.facts.get("issued_by", {}).get("organisation", {}).get("en", ""),
            "organisation_th": document.facts.get("issued_by", {}).get("organisation", {}).get("th", ""),
            "signatory_name": shown["signatory_name"],
            "signatory_title": shown["signatory_title"],
            "logo": data_uri(settings.logo_type, settings.logo) if settings is not None else "",
            "signature": data_uri(settings.signature_type, settings.signature) if settings is not None else "",
        },
        "text": texts,
    }


def letter_details(document: Document):
    """The passport details of the letter's request (decrypted now, never stored), or None."""
    registration = document.registration
    request = getattr(registration, "visa_letter_request", None) if registration is not None else None
    return request.details if request is not None else None


def render_document_html(document: Document, *, source: str | None = None, details=None, sample=False) -> str:
    settings = services.get_settings(document.event)
    if document.kind == DocumentKind.LETTER and details is None and not sample:
        details = letter_details(document)
    with force_locale(document.language):
        context = context_for(document, settings, details, sample=sample)
        return render_layout(source or layout_source(document.event_id, document.kind), context, document.language)


def render_document_pdf(document: Document, **options) -> bytes:
    html = render_document_html(document, **options)
    try:
        return render_html_to_pdf(html)
    except DocumentWithoutLanguage:
        # Every PDF is tagged with its language (issue 17); an organizer's layout may have dropped it.
        raise LayoutError(
            _('The layout must say its language, as the default one does: <html lang="{{ document.language }}">.')
        ) from None


def letter_available(document: Document) -> bool:
    """A letter renders only while the passport details are kept (erased 30 days after the event)."""
    return document.kind != DocumentKind.LETTER or letter_details(document) is not None


# --- a sample for the layout editor's preview ------------------------------------------------------


def sample_document(event, kind: DocumentKind, language: str, registration=None) -> tuple[Document, object]:
    """An unsaved document for the preview: a real delegate's (their check-ins) or a sample one."""
    from eventsys.registration.models import VisaDetails

    settings = services.get_settings(event)
    name = registration.full_name if registration is not None else "Somchai Jaidee"
    attended = facts.attendance(registration) if registration is not None else None
    if not attended or not attended["days"]:
        attended = {"days": [event.start_date.isoformat(), event.end_date.isoformat()], "sessions": []}
    snapshot = {
        "holder": name.upper() if kind == DocumentKind.LETTER else name,
        "holder_local": (registration.local_name if registration is not None else "สมชาย ใจดี"),
        "event": facts.event_facts(event),
        "issued_by": facts.issued_by(event, settings),
        "issued_on": event.end_date.isoformat(),
    }
    if kind == DocumentKind.CERTIFICATE:
        snapshot["attended"] = attended
    document = Document(kind=kind, code="SAMP-LE00-0000", facts=snapshot, language=language)
    document.event = event
    details = VisaDetails(
        name_in_passport=name.upper(),
        nationality=(registration.country_code if registration is not None else "") or "TH",
        passport_number="AA0000000",
        passport_expiry=event.end_date + dt.timedelta(days=3 * 365),
        date_of_birth=dt.date(1985, 1, 1),
    )
    return document, details
