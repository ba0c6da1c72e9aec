"""The rules of the documents area: issuing, superseding, revoking, verifying, mailing.

Views, the API, the command and the jobs all call these; each writes in the caller's transaction
(the caller commits), and every issue, revocation and mailing is in the audit log beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.documents import codes, facts
from eventsys.documents.models import REASON_REPLACED, Document, DocumentKind, DocumentSettings
from eventsys.events.models import Event
from eventsys.i18n import LOCALES
from eventsys.mail.services import queue_mail
from eventsys.registration.models import Registration, RegistrationStatus
from eventsys.registration.tokens import absolute_url, manage_url

REVOKE_REASON_MAX = 500


class DocumentError(Exception):
    """A rule refused the action; the message says why, in the reader's language."""


def actor_label(actor) -> str:
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor.email
    return actor if isinstance(actor, str) and actor else "command line"


def _actor_id(actor) -> int | None:
    return actor.id if actor is not None and getattr(actor, "is_authenticated", False) else None


def language_of(registration: Registration) -> str:
    return registration.language if registration.language in LOCALES else "en"


def verify_url(code: str) -> str:
    """The absolute address printed on a document and in its QR: BASE_URL + /verify/<code>."""
    return absolute_url(f"/verify/{code}")


# --- settings --------------------------------------------------------------------------------------


def get_settings(event: Event) -> DocumentSettings | None:
    return db.session.scalar(select(DocumentSettings).where(DocumentSettings.event_id == event.id))


def settings_or_defaults(event: Event) -> DocumentSettings:
    """The event's settings, or unsaved defaults (the first host as the organisation) to show."""
    settings = get_settings(event)
    if settings is None:
        host = facts.host_organisation(event)
        settings = DocumentSettings(event_id=event.id, organisation_en=host["en"], organisation_th=host["th"])
    return settings


def settings_for_edit(event: Event) -> DocumentSettings:
    """The event's settings row, made (not committed) on first use, its organisation the first host's."""
    settings = get_settings(event)
    if settings is None:
        host = facts.host_organisation(event)
        settings = DocumentSettings(event_id=event.id, organisation_en=host["en"], organisation_th=host["th"])
        db.session.add(settings)
    return settings


# --- issuing ---------------------------------------------------------------------------------------


def _new_document(kind: DocumentKind, registration: Registration, snapshot: dict, actor) -> Document:
    """A document with a fresh code, in a savepoint: a code already taken (one chance in 2^40 per
    issued document) is drawn again instead of failing the caller's transaction."""
    for _attempt in range(5):
        document = Document(
            event_id=registration.event_id,
            registration_id=registration.id,
            kind=kind,
            code=codes.new_code(),
            facts=snapshot,
            language=language_of(registration),
            created_by_id=_actor_id(actor),
            created_by=actor_label(actor),
        )
        try:
            with db.session.begin_nested():
                db.session.add(document)
        except IntegrityError:
            continue
        return document
    raise RuntimeError("could not draw an unused document code")  # pragma: no cover (2^-200)


def current_documents(registration: Registration, kind: DocumentKind) -> list[Document]:
    return list(
        db.session.scalars(
            select(Document)
            .where(
                Document.registration_id == registration.id,
                Document.kind == kind,
                Document.revoked_at.is_(None),
            )
            .order_by(Document.id)
        )
    )


def current_document(registration: Registration, kind: DocumentKind) -> Document | None:
    found = current_documents(registration, kind)
    return found[-1] if found else None


@dataclass
class Issued:
    document: Document | None
    outcome: str  # "issued", "replaced", "unchanged"


def issue_certificate(registration: Registration, *, actor, today: dt.date | None = None) -> Issued:
    """The delegate's certificate of attendance: a new one when there is none, or when their
    attendance grew since (the old one is then superseded: revoked with the reason "replaced");
    else the current one, unchanged. Refused without any check-in, or for an erased registration."""
    if registration.is_erased:
        raise DocumentError(_("This registration's personal data was erased: no certificate can be issued."))
    attended = facts.attendance(registration)
    if not attended["days"]:
        raise DocumentError(_("This delegate was never checked in: there is no attendance to certify."))
    existing = current_document(registration, DocumentKind.CERTIFICATE)
    if existing is not None and (existing.facts or {}).get("attended") == attended:
        return Issued(existing, "unchanged")
    snapshot = facts.snapshot(
        DocumentKind.CERTIFICATE,
        registration,
        get_settings(registration.event),
        holder=registration.full_name,
        issued_on=today or registration.event.local_today(),
        attended=attended,
    )
    document = _new_document(DocumentKind.CERTIFICATE, registration, snapshot, actor)
    if existing is not None:
        mark_revoked(existing, REASON_REPLACED, actor)
        existing.superseded_by_id = document.id
    record(
        "document.issue",
        actor=actor,
        event=registration.event,
        target_type="document",
        targets=[document.id],
        kind="certificate",
        code=document.code,
        registration_id=registration.id,
        replaces=existing.code if existing is not None else None,
    )
    return Issued(document, "replaced" if existing is not None else "issued")


def issue_letter(
    registration: Registration, holder: str, *, actor, today: dt.date | None = None, replaces: Document | None = None
) -> Document:
    """The visa invitation letter for an approved request: `holder` is the name as in the passport.
    An approved request has one current letter; approving again returns it. `replaces`: the revoked
    letter this one follows (letters.reissue_letter), named in the audit entry."""
    existing = current_document(registration, DocumentKind.LETTER)
    if existing is not None:
        return existing
    snapshot = facts.snapshot(
        DocumentKind.LETTER,
        registration,
        get_settings(registration.event),
        holder=holder,
        issued_on=today or registration.event.local_today(),
    )
    document = _new_document(DocumentKind.LETTER, registration, snapshot, actor)
    record(
        "document.issue",
        actor=actor,
        event=registration.event,
        target_type="document",
        targets=[document.id],
        kind="letter",
        code=document.code,
        registration_id=registration.id,
        replaces=replaces.code if replaces is not None else None,
    )
    return document


def attendees(event: Event) -> list[Registration]:
    """The event's registrations with at least one check-in, not erased, in name order."""
    from eventsys.checkin.models import Checkin

    ids = select(Checkin.registration_id).distinct()
    return [
        registration
        for registration in db.session.scalars(
            select(Registration)
            .where(Registration.event_id == event.id, Registration.id.in_(ids))
            .order_by(Registration.last_name, Registration.first_name, Registration.id)
        )
        if not registration.is_erased
    ]


def issue_certificates(
    event: Event, *, actor, mail: bool = False, progress: Callable[[int, int], None] | None = None
) -> dict:
    """A certificate for everyone checked in so far who has no current one or whose attendance
    grew; with `mail`, each new one mailed to its holder. Returns the counts."""
    people = attendees(event)
    counts = {"issued": 0, "replaced": 0, "unchanged": 0, "mailed": 0, "total": len(people)}
    for done, registration in enumerate(people, start=1):
        issued = issue_certificate(registration, actor=actor)
        counts[issued.outcome] += 1
        if mail and issued.outcome != "unchanged":
            mail_document(issued.document, actor=actor, audit=False)
            counts["mailed"] += 1
        if progress is not None:
            progress(done, len(people))
    if counts["issued"] + counts["replaced"]:
        record(
            "document.issue",
            actor=actor,
            event=event,
            target_type="event",
            targets=[event.id],
            kind="certificates",
            issued=counts["issued"],
            replaced=counts["replaced"],
            mailed=counts["mailed"],
        )
    return counts


# --- revoking --------------------------------------------------------------------------------------


def mark_revoked(document: Document, reason: str, actor) -> None:
    document.revoked_at = utcnow()
    document.revoked_by_id = _actor_id(actor)
    document.revoked_by = actor_label(actor)
    document.revoke_reason = reason[:REVOKE_REASON_MAX]


def revoke(document: Document, reason: str, *, actor) -> Document:
    """Revoke at once (the verify page says so from the next request), with the reason; in the log."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise DocumentError(_("Say why the document is revoked: the verify page shows the reason."))
    if document.is_revoked:
        raise DocumentError(_("This document was already revoked."))
    mark_revoked(document, reason, actor)
    record(
        "document.revoke",
        actor=actor,
        event=document.event,
        target_type="document",
        targets=[document.id],
        kind=document.kind.value,
        code=document.code,
        reason=document.revoke_reason,
    )
    return document


# --- verifying -------------------------------------------------------------------------------------


@dataclass
class Verification:
    state: str  # "malformed", "altered", "unknown", "valid", "revoked"
    code: str
    document: Document | None = None


def verify(text: str) -> Verification:
    state, code = codes.parse(text)
    if state != codes.CodeState.WELL_FORMED:
        return Verification(state.value, code)
    document = db.session.scalar(select(Document).where(Document.code == code))
    if document is None:
        return Verification("unknown", code)
    return Verification("revoked" if document.is_revoked else "valid", code, document)


# --- listing and mailing ---------------------------------------------------------------------------


def event_documents(event: Event, kind: str = "", query: str = "") -> list[Document]:
    stmt = (
        select(Document).where(Document.event_id == event.id).order_by(Document.created_at.desc(), Document.id.desc())
    )
    if kind in {k.value for k in DocumentKind}:
        stmt = stmt.where(Document.kind == DocumentKind(kind))
    found = list(db.session.scalars(stmt.limit(2000)))
    query = query.strip().casefold()
    if query:
        found = [d for d in found if query in (d.facts.get("holder") or "").casefold() or query in d.code.casefold()]
    return found


def document_filename(document: Document) -> str:
    kind = "certificate" if document.kind == DocumentKind.CERTIFICATE else "invitation-letter"
    return f"{kind}-{document.event.slug}-{document.code}.pdf"


def mail_document(document: Document, *, actor, audit: bool = True):
    """Queue the document to its holder, in their language, the PDF built at delivery."""
    registration = document.registration
    if registration is None or registration.is_erased or document.is_revoked:
        raise DocumentError(_("This document cannot be mailed: it is revoked, or its holder's data was erased."))
    if registration.status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING) and (
        document.kind == DocumentKind.LETTER
    ):
        raise DocumentError(_("The delegate's registration is no longer active: the letter is not mailed."))
    language = language_of(registration)
    template = "documents/mail/certificate" if document.kind == DocumentKind.CERTIFICATE else "documents/mail/letter"
    with force_locale(language):
        mail = queue_mail(
            to=registration.email,
            template=template,
            language=language,
            context={
                "event": registration.event,
                "name": registration.local_name
                if language == "th" and registration.local_name
                else registration.full_name,
                "code": document.code,
                "verify_url": verify_url(document.code),
                "manage_url": manage_url(registration),
            },
            event=registration.event,
            attachments=[{"kind": "document_pdf", "document_id": document.id}],
            kind=f"documents.{document.kind.value}",
            registration_id=registration.id,
        )
    if audit:
        record(
            "document.mail",
            actor=actor,
            event=document.event,
            target_type="document",
            targets=[document.id],
            kind=document.kind.value,
            code=document.code,
        )
    return mail


def mail_certificates(event: Event, *, actor) -> int:
    """Mail every current certificate of the event to its holder, one mail each in their language."""
    documents = [
        document
        for document in db.session.scalars(
            select(Document).where(
                Document.event_id == event.id,
                Document.kind == DocumentKind.CERTIFICATE,
                Document.revoked_at.is_(None),
            )
        )
        if document.registration is not None and not document.registration.is_erased
    ]
    for document in documents:
        mail_document(document, actor=actor, audit=False)
    if documents:
        record(
            "document.mail",
            actor=actor,
            event=event,
            target_type="event",
            targets=[event.id],
            kind="certificates",
            count=len(documents),
        )
    return len(documents)
