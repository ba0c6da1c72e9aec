"""A delegate's own documents, under their manage link: the signed manage token is the permission,
as for every page under that link."""

from __future__ import annotations

from flask import Response, abort
from sqlalchemy import select

from eventsys.accounts.permissions import public
from eventsys.db import db
from eventsys.documents import rendering, services
from eventsys.documents.models import Document
from eventsys.documents.views import personal
from eventsys.registration.tokens import registration_from_manage_token


@personal.route("/events/<slug>/registration/<token>/documents/<code>.pdf")
@public
def download(slug: str, token: str, code: str):
    registration = registration_from_manage_token(token)
    if registration is None or registration.event.slug != slug:
        abort(404)
    document = db.session.scalar(
        select(Document).where(Document.code == code, Document.registration_id == registration.id)
    )
    if document is None or document.is_revoked or not rendering.letter_available(document):
        abort(404)
    return Response(
        rendering.render_document_pdf(document),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{services.document_filename(document)}"',
            # A letter holds passport data: no shared cache keeps a copy.
            "Cache-Control": "private, no-store",
        },
    )
