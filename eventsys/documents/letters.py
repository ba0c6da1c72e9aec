"""Visa invitation letters, from the registration area's requests, and what the documents area plugs
into the other areas: the approval listener, the mail attachment, the manage panel, the erasure step.

When an organizer approves a request (registration/visa.py), `on_visa_approved` runs inside that
decision's transaction: it issues the letter (a Document holding the name as in the passport and no
other passport data) and queues the mail to the delegate in their language with the letter attached,
built when the mail is delivered (the PDF is never stored: it holds passport data).
"""

from __future__ import annotations

import contextlib

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from eventsys.db import db
from eventsys.documents import rendering, services
from eventsys.documents.models import REASON_HOLDER_ERASED, Document, DocumentKind
from eventsys.mail.attachments import Attachment
from eventsys.registration.extras import ManagePanel
from eventsys.registration.models import Registration, VisaLetterRequest, VisaLetterStatus


def on_visa_approved(request: VisaLetterRequest, actor) -> None:
    """Issue the letter of an approved request and mail it (the listener of registration/visa.py)."""
    details = request.details
    if details is None:  # erased before approval: nothing to put in a letter
        return
    document = services.issue_letter(request.registration, details.name_in_passport, actor=actor)
    # A withdrawn or rejected registration: the letter stands on the organizers' page, but mailing
    # it would invite someone who is not coming; the approval itself goes through.
    with contextlib.suppress(services.DocumentError):
        services.mail_document(document, actor=actor)


def can_reissue(revoked: Document) -> bool:
    """A revoked letter may be followed by a new one (a mistake, or the event's dates, letterhead or
    signatory changed since): while its request stays approved, the passport details are still held,
    the delegate's registration is active, and no other letter is current or replaced it."""
    registration = revoked.registration
    request = getattr(registration, "visa_letter_request", None) if registration is not None else None
    return (
        revoked.kind == DocumentKind.LETTER
        and revoked.is_revoked
        and revoked.superseded_by_id is None
        and request is not None
        and request.status == VisaLetterStatus.APPROVED
        and request.details_encrypted is not None
        and not registration.is_erased
        and services.current_document(registration, DocumentKind.LETTER) is None
    )


def reissue_letter(revoked: Document, *, actor) -> Document:
    """A new letter for the request of `revoked`, with today's facts (audited as an issue that
    replaces it), mailed to the delegate as the first was; the caller commits."""
    if not can_reissue(revoked):
        raise services.DocumentError(
            _(
                "A new letter can follow only a revoked letter whose request is still approved, with "
                "the passport details held and no other letter current."
            )
        )
    registration = revoked.registration
    document = services.issue_letter(
        registration, registration.visa_letter_request.details.name_in_passport, actor=actor, replaces=revoked
    )
    revoked.superseded_by_id = document.id
    with contextlib.suppress(services.DocumentError):  # a registration no longer active: not mailed
        services.mail_document(document, actor=actor)
    return document


# --- the mail attachment, built at delivery --------------------------------------------------------


def build_document_pdf(spec: dict) -> list[Attachment]:
    """{"kind": "document_pdf", "document_id": N}: the document's PDF; nothing once it was revoked,
    or for a letter whose passport details were erased since the mail was queued."""
    document_id = spec.get("document_id")
    document = db.session.get(Document, document_id) if isinstance(document_id, int) else None
    if document is None or document.is_revoked or not rendering.letter_available(document):
        return []
    return [
        Attachment(services.document_filename(document), "application/pdf", rendering.render_document_pdf(document))
    ]


# --- the delegate's manage page ------------------------------------------------------------------


def manage_panel(registration: Registration, token: str) -> ManagePanel | None:
    """The delegate's certificate and letter (and their visa request's status), with downloads."""
    request = getattr(registration, "visa_letter_request", None)
    certificate = services.current_document(registration, DocumentKind.CERTIFICATE)
    letter = services.current_document(registration, DocumentKind.LETTER)
    if request is None and certificate is None and letter is None:
        return None
    slug = registration.event.slug

    def link(document):
        if document is None or not rendering.letter_available(document):
            return None
        return url_for("documents_personal.download", slug=slug, token=token, code=document.code)

    return ManagePanel(
        template="documents/_manage_panel.html",
        context={
            "documents_panel": {
                "certificate": certificate,
                "certificate_url": link(certificate),
                "letter": letter,
                "letter_url": link(letter),
                "visa_request": request,
            }
        },
        order=30,
    )


# --- erasure ---------------------------------------------------------------------------------------


def erase_holder(person) -> tuple[str, list, list] | None:
    """An erased delegate's documents: certificates stay valid as issued (the attendance happened)
    but no longer name the holder; letters are revoked (erasing withdraws the registration, so the
    invitation no longer stands, and the passport details a letter is made from are gone)."""
    documents = list(db.session.scalars(select(Document).where(Document.registration_id == person.registration_id)))
    if not documents:
        return None
    for document in documents:
        document.facts = {**(document.facts or {}), "holder": "", "holder_local": "", "holder_erased": True}
        if document.kind == DocumentKind.LETTER and not document.is_revoked:
            services.mark_revoked(document, REASON_HOLDER_ERASED, person.actor)
    return "documents", [document.id for document in documents], []
