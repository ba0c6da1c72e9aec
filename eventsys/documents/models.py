"""Official documents of an event: visa invitation letters and certificates of attendance.

A `Document` is what was issued, as a snapshot of the facts it states (`facts`, JSON): the holder's
name as on the document, the event, the place, who issued it, when, and for a certificate the days
and sessions attended. The public /verify/<code> page shows exactly these facts, so they hold no
passport data and no e-mail. The PDF is rendered on demand from the row (and, for a letter, from the
request's encrypted passport details, which never sit in a stored file).

A document is never deleted or edited: revoking sets `revoked_*` (the verify page says so at once);
a certificate re-issued because the attendance grew revokes the old one with the reason "replaced"
and points `superseded_by_id` at the new one.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.db import UTCDateTime, db, enum_column, utcnow

REASON_REPLACED = "replaced"
REASON_HOLDER_ERASED = "the holder's registration was erased"


class DocumentKind(str, enum.Enum):
    LETTER = "letter"
    CERTIFICATE = "certificate"


class Document(db.Model):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    # SET NULL: a deleted registration leaves what was issued verifiable.
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, 20))
    # "XXXX-XXXX-XXXX", Crockford base32 upper case (codes.py).
    code: Mapped[str] = mapped_column(String(14), unique=True)
    facts: Mapped[dict] = mapped_column(JSON, default=dict)
    language: Mapped[str] = mapped_column(String(5), default="en")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by: Mapped[str] = mapped_column(String(254), default="")  # the e-mail, or "command line"
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_by: Mapped[str | None] = mapped_column(String(254))
    revoke_reason: Mapped[str | None] = mapped_column(String(500))
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))

    event = relationship("Event")
    registration = relationship("Registration")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class DocumentSettings(db.Model):
    """Who issues an event's documents: the organisation, the signatory, the letterhead logo and the
    signature image (PNG or JPEG bytes, checked by content when uploaded)."""

    __tablename__ = "document_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    organisation_en: Mapped[str] = mapped_column(String(200), default="")
    organisation_th: Mapped[str] = mapped_column(String(200), default="")
    signatory_name_en: Mapped[str] = mapped_column(String(200), default="")
    signatory_name_th: Mapped[str] = mapped_column(String(200), default="")
    signatory_title_en: Mapped[str] = mapped_column(String(200), default="")
    signatory_title_th: Mapped[str] = mapped_column(String(200), default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_type: Mapped[str] = mapped_column(String(20), default="")
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    signature_type: Mapped[str] = mapped_column(String(20), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class DocumentLayout(db.Model):
    """An organizer's own HTML/CSS layout of one kind of document for one event (a sandboxed Jinja
    template, rendering.py); none: the default layout shipped in templates/documents/layouts/."""

    __tablename__ = "document_layouts"
    __table_args__ = (UniqueConstraint("event_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, 20))
    source: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(254), default="")
