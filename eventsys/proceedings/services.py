"""Proceedings: build the book (collect, lay out, write), keep its versions, publish one.

A build is skipped when a READY build of the same event has the same options hash and content
hash (the collected data and the layout's fingerprint) and its file is intact: the book would
come out the same.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from flask_babel import gettext
from sqlalchemy import func, select

from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.events.models import Event
from eventsys.jobs.services import report_progress, start_job
from eventsys.pdf import assembly
from eventsys.proceedings import render, storage, typeset
from eventsys.proceedings.collect import collect_book, content_hash
from eventsys.proceedings.models import BuildStatus, Foreword, ProceedingsBuild
from eventsys.proceedings.options import BookOptions
from eventsys.proceedings.render import render_book_pdf
from eventsys.registration.models import ERASED_DOMAIN, Registration

JOB_KIND = "proceedings"
JOB_FUNCTION = "eventsys.proceedings.jobs:build_proceedings_job"


class ProceedingsError(Exception):
    """A user-facing reason why a proceedings action cannot be done."""


@functools.cache
def layout_fingerprint() -> str:
    """What the book's look depends on besides its content: its templates, styles, fonts' CSS,
    the code that lays it out, and WeasyPrint. A new release that changes any of them makes the
    next build a new version instead of serving the book laid out the old way."""
    from importlib.metadata import version

    from eventsys.config import PROJECT_ROOT

    sources = sorted((PROJECT_ROOT / "templates" / "proceedings").rglob("*.html"))
    sources += [
        PROJECT_ROOT / "static" / "css" / "pdf.css",
        Path(typeset.__file__),
        Path(render.__file__),
        Path(assembly.__file__),
        Path(assembly.__file__).with_name("thai_text.py"),
    ]
    digest = hashlib.sha256(version("weasyprint").encode())
    for path in sources:
        digest.update(path.read_bytes())
    digest.update(_thai_wording())
    return digest.hexdigest()


def _thai_wording() -> bytes:
    """The Thai catalogue's words only: its source locations move whenever code moves, which must
    not make a new version of a book whose words did not change."""
    from babel.messages.pofile import read_po

    from eventsys.config import PROJECT_ROOT

    path = PROJECT_ROOT / "eventsys" / "translations" / "th" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        catalog = read_po(f)
    pairs = sorted((repr(m.context), repr(m.id), repr(m.string)) for m in catalog if m.id and not m.fuzzy)
    return repr(pairs).encode()


def book_digest(book: dict) -> str:
    """The content hash of a build: the collected data and the layout it was built with."""
    return hashlib.sha256(f"{content_hash(book)}:{layout_fingerprint()}".encode()).hexdigest()


def get_foreword(event: Event) -> Foreword:
    row = db.session.scalar(select(Foreword).where(Foreword.event_id == event.id))
    return row or Foreword(event_id=event.id, text_en="", text_th="", signed_by="")


def save_foreword(event: Event, *, text_en: str, text_th: str, signed_by: str) -> Foreword:
    row = get_foreword(event)
    row.text_en, row.text_th, row.signed_by = text_en.strip(), text_th.strip(), signed_by.strip()
    db.session.add(row)
    db.session.commit()
    return row


def builds(event: Event) -> list[ProceedingsBuild]:
    return list(
        db.session.scalars(
            select(ProceedingsBuild).where(ProceedingsBuild.event_id == event.id).order_by(ProceedingsBuild.id.desc())
        )
    )


def is_intact(build: ProceedingsBuild) -> bool:
    """A READY build, not retired, whose file is there with exactly the size recorded when it was written."""
    if build.status != BuildStatus.READY or not build.file_path or build.retired_at is not None:
        return False
    path = storage.absolute(build.file_path)
    return path.is_file() and path.stat().st_size == build.size


def current_build(event: Event, options: BookOptions, digest: str) -> ProceedingsBuild | None:
    candidates = db.session.scalars(
        select(ProceedingsBuild)
        .where(
            ProceedingsBuild.event_id == event.id,
            ProceedingsBuild.status == BuildStatus.READY,
            ProceedingsBuild.options_hash == options.hash,
            ProceedingsBuild.content_hash == digest,
        )
        .order_by(ProceedingsBuild.id.desc())
    )
    return next((b for b in candidates if is_intact(b)), None)


def is_up_to_date(event: Event, options: BookOptions) -> ProceedingsBuild | None:
    """The READY build that already has exactly this content and these options, if any."""
    return current_build(event, options, book_digest(collect_book(event.id)))


def request_build(event: Event, options: BookOptions, user=None):
    """Start a build job unless the book is up to date; returns (up-to-date build, job)."""
    existing = is_up_to_date(event, options)
    if existing is not None:
        return existing, None
    job = start_job(
        JOB_KIND,
        JOB_FUNCTION,
        user=user,
        event=event,
        retries=2,
        on_abandon="eventsys.proceedings.services:settle_abandoned_build",
        event_id=event.id,
        options=options.as_dict(),
    )
    return None, job


def settle_abandoned_build(job_id: str, reason: str, final: bool) -> None:
    """The job building a book lost its worker (eventsys.jobs.lease.reap): its attempt is FAILED
    with the reason, never left "building" (a retry makes a new attempt). Its file, if any, was only
    ever a temporary `.part` (storage.write_atomically), which the next build removes. In the
    reaper's transaction: no commit here."""
    attempts = db.session.scalars(
        select(ProceedingsBuild).where(
            ProceedingsBuild.job_id == job_id, ProceedingsBuild.status == BuildStatus.BUILDING
        )
    )
    for attempt in attempts:
        attempt.status, attempt.error, attempt.finished_at, attempt.version = BuildStatus.FAILED, reason, utcnow(), None


def _file_name(event: Event, version: int, options: BookOptions) -> str:
    stamp = utcnow().strftime("%Y%m%d")
    return f"{storage.FOLDER}/{event.slug}/{event.slug}-proceedings-v{version}-{stamp}-{options.language}.pdf"


def build_book(event: Event, options: BookOptions, job_id: str | None = None) -> ProceedingsBuild:
    """Build (or reuse) the book. Stages for the progress bar: collecting, laying out, writing.

    The new file is only recorded as READY once it is completely on disk under its final name;
    on any failure the attempt is marked FAILED and the error re-raised (RQ then retries)."""
    report_progress(job_id, 5, "collecting")
    book = collect_book(event.id)
    digest = book_digest(book)
    existing = current_build(event, options, digest)
    if existing is not None:
        report_progress(job_id, 100, "writing")
        return existing
    attempt = ProceedingsBuild(
        event_id=event.id,
        options=options.as_dict(),
        options_hash=options.hash,
        content_hash=digest,
        job_id=job_id,
        status=BuildStatus.BUILDING,
        registration_ids=listed_registrations(book, options),
    )
    db.session.add(attempt)
    db.session.commit()
    attempt_id = attempt.id
    try:
        if _erased_since_collected(attempt.registration_ids):
            # An erasure committed between collecting and recording this attempt, so it could not
            # retire it: the book would show the person. Fail; a retry collects again.
            raise ProceedingsError(gettext("Personal data was erased while the book was being built: build it again."))
        # The layout reads nothing from the database: end the transaction first, so that on SQLite
        # (one lock for the whole database) the progress pages and everyone else can go on meanwhile.
        db.session.commit()
        report_progress(job_id, 20, "laying out")
        typeset = render_book_pdf(
            book, options, progress=lambda percent, stage: report_progress(job_id, percent, stage)
        )
        pdf = typeset.pdf
        report_progress(job_id, 95, "writing")
        storage.remove_stale_parts(f"{storage.FOLDER}/{event.slug}")
        version = (
            db.session.scalar(select(func.max(ProceedingsBuild.version)).where(ProceedingsBuild.event_id == event.id))
            or 0
        ) + 1
        relative = _file_name(event, version, options)
        storage.write_atomically(relative, pdf)
        attempt.version, attempt.file_path = version, relative
        attempt.size, attempt.pages, attempt.draft = len(pdf), typeset.pages, typeset.draft
        attempt.status, attempt.finished_at = BuildStatus.READY, utcnow()
        db.session.commit()
        db.session.refresh(attempt)
        if attempt.retired_at is not None:  # an erasure retired it while it was being written
            storage.absolute(relative).unlink(missing_ok=True)
    except Exception as exc:
        db.session.rollback()
        failed = db.session.get(ProceedingsBuild, attempt_id)
        failed.status, failed.error, failed.finished_at = BuildStatus.FAILED, f"{type(exc).__name__}: {exc}", utcnow()
        failed.version = None
        db.session.commit()
        raise
    report_progress(job_id, 100, "writing")
    return attempt


def latest_ready(event: Event) -> ProceedingsBuild | None:
    return next((b for b in builds(event) if is_intact(b)), None)


def get_build(event: Event, build_id: int) -> ProceedingsBuild:
    build = db.session.get(ProceedingsBuild, build_id)
    if build is None or build.event_id != event.id:
        raise ProceedingsError(gettext("No such proceedings build."))
    return build


def publish(event: Event, build_id: int, *, actor=None) -> ProceedingsBuild:
    """Make this build the one the public downloads in its language: it replaces the published
    book of the same language ("en", "th" or "both"); books in other languages stay published, so
    each reader gets the book in theirs (published_build)."""
    build = get_build(event, build_id)
    if build.retired_at is not None:
        raise ProceedingsError(
            gettext(
                "Version %(version)s was withdrawn: it showed a person whose personal data has since been "
                "erased, and its file was deleted. Build the book again, then publish the new version.",
                version=build.version,
            )
        )
    if not is_intact(build):
        raise ProceedingsError(gettext("Only a finished book can be published."))
    for other in builds(event):
        if other.language == build.language:
            other.published = other.id == build.id
    record(
        "proceedings.publish",
        actor=actor,
        event=event,
        target_type="proceedings_build",
        targets=[build.id],
        version=build.version,
        draft=build.draft,
    )
    db.session.commit()
    return build


def unpublish(event: Event, *, actor=None, build_id: int | None = None) -> None:
    """Withdraw the published book `build_id` (one language), or without it every published book
    of the event (an entry in the audit log if some were public)."""
    withdrawn = [build for build in builds(event) if build.published and build_id in (None, build.id)]
    for build in withdrawn:
        build.published = False
    if withdrawn:
        record(
            "proceedings.unpublish",
            actor=actor,
            event=event,
            target_type="proceedings_build",
            targets=[build.id for build in withdrawn],
            version=withdrawn[0].version,
        )
    db.session.commit()


def published_builds(event: Event) -> list[ProceedingsBuild]:
    """The published books of the event that can be served, at most one per language."""
    found = db.session.scalars(
        select(ProceedingsBuild)
        .where(ProceedingsBuild.event_id == event.id, ProceedingsBuild.published.is_(True))
        .order_by(ProceedingsBuild.version.desc())
    ).all()
    return [build for build in found if is_intact(build)]


def published_build(event: Event, language: str | None = None) -> ProceedingsBuild | None:
    """The published book for a reader of `language`: the book in that language, else the
    bilingual one, else the newest published in another language (a book in the other language
    beats none)."""
    candidates = published_builds(event)
    preference = {language: 0, "both": 1}
    return min(candidates, key=lambda build: preference.get(build.language, 2), default=None)


def download_name(build: ProceedingsBuild) -> str:
    return build.file_path.rsplit("/", 1)[-1]


# --- erasure: a book that shows an erased person is retired ------------------------------------


def listed_registrations(book: dict, options: BookOptions) -> list[int]:
    """The registrations a book with these options prints (its participants list, if it has one)."""
    if not options.has("participants"):
        return []
    return sorted(row["registration_id"] for row in book["participants"])


def _erased_since_collected(registration_ids: list[int] | None) -> bool:
    if not registration_ids:
        return False
    found = db.session.scalar(
        select(Registration.id)
        .where(Registration.id.in_(registration_ids), Registration.email.endswith("@" + ERASED_DOMAIN))
        .limit(1)
    )
    return found is not None


def retire_builds_showing(event_id: int, registration_id: int, *, actor=None) -> tuple[list[int], list[Path]]:
    """Retire every book of the event that shows this registration (or may: built before books
    recorded whom they list), in the caller's transaction: never served or published again, and
    withdrawn from the public if it was published. Returns the retired ids and the files to delete
    once the caller has committed."""
    candidates = db.session.scalars(
        select(ProceedingsBuild).where(
            ProceedingsBuild.event_id == event_id,
            ProceedingsBuild.retired_at.is_(None),
            ProceedingsBuild.status.in_((BuildStatus.READY, BuildStatus.BUILDING)),
        )
    ).all()
    retired, files, withdrawn = [], [], []
    now = utcnow()
    for build in candidates:
        if build.registration_ids is not None and registration_id not in build.registration_ids:
            continue
        build.retired_at = now
        if build.published:
            build.published = False
            withdrawn.append(build)
        retired.append(build.id)
        if build.file_path:
            files.append(storage.absolute(build.file_path))
    if withdrawn:
        record(
            "proceedings.unpublish",
            actor=actor,
            event=db.session.get(Event, event_id),
            target_type="proceedings_build",
            targets=[build.id for build in withdrawn],
            version=withdrawn[0].version,
            reason="personal data erased",
        )
    return retired, files
