"""What organizers set for their event's documents: who issues and signs them, the letterhead logo
and signature image, and their own layouts (checked by rendering a sample before they are saved)."""

from __future__ import annotations

from sqlalchemy import select

from eventsys.audit.services import record
from eventsys.db import db
from eventsys.documents import images, rendering, services
from eventsys.documents.models import DocumentKind, DocumentLayout

TEXT_FIELDS = (
    "organisation_en",
    "organisation_th",
    "signatory_name_en",
    "signatory_name_th",
    "signatory_title_en",
    "signatory_title_th",
)


def save_settings(
    event,
    values: dict,
    *,
    actor,
    logo: bytes | None = None,
    signature: bytes | None = None,
    remove_logo: bool = False,
    remove_signature: bool = False,
):
    """Save the signatory and images; an image is checked (images.check_image) before anything is
    written, so a refused upload changes nothing. Raises images.ImageRefused."""
    logo_type = images.check_image(logo) if logo else None
    signature_type = images.check_image(signature) if signature else None
    settings = services.settings_for_edit(event)
    for name in TEXT_FIELDS:
        setattr(settings, name, " ".join((values.get(name) or "").split()))
    if logo_type:
        settings.logo, settings.logo_type = logo, logo_type
    elif remove_logo:
        settings.logo, settings.logo_type = None, ""
    if signature_type:
        settings.signature, settings.signature_type = signature, signature_type
    elif remove_signature:
        settings.signature, settings.signature_type = None, ""
    record(
        "settings.change",
        actor=actor,
        event=event,
        target_type="document_settings",
        targets=[event.id],
        area="documents",
        logo="replaced" if logo_type else ("removed" if remove_logo else None),
        signature="replaced" if signature_type else ("removed" if remove_signature else None),
    )
    return settings


def get_layout(event, kind: DocumentKind) -> DocumentLayout | None:
    return db.session.scalar(
        select(DocumentLayout).where(DocumentLayout.event_id == event.id, DocumentLayout.kind == kind)
    )


def check_layout(event, kind: DocumentKind, source: str) -> None:
    """Render a sample document with `source` in both languages, to the PDF (a layout the template
    engine takes may still be refused by the PDF's tagging): LayoutError if it cannot be used."""
    for language in ("en", "th"):
        document, details = rendering.sample_document(event, kind, language)
        rendering.render_document_pdf(document, source=source, details=details, sample=True)


def save_layout(event, kind: DocumentKind, source: str, *, actor) -> DocumentLayout:
    source = source.replace("\r\n", "\n")
    check_layout(event, kind, source)
    layout = get_layout(event, kind)
    if layout is None:
        layout = DocumentLayout(event_id=event.id, kind=kind, source=source, version=1)
        db.session.add(layout)
    else:
        layout.source, layout.version = source, layout.version + 1
    layout.updated_by = services.actor_label(actor)
    record(
        "settings.change",
        actor=actor,
        event=event,
        target_type="document_layout",
        targets=[event.id],
        area="documents",
        layout=kind.value,
    )
    return layout


def reset_layout(event, kind: DocumentKind, *, actor) -> None:
    layout = get_layout(event, kind)
    if layout is not None:
        db.session.delete(layout)
        record(
            "settings.change",
            actor=actor,
            event=event,
            target_type="document_layout",
            targets=[event.id],
            area="documents",
            layout=kind.value,
            reset=True,
        )
