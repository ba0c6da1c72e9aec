"""A delegate's choices about their registration, beyond its details: to be listed in the published
participant list and proceedings (an explicit opt-in), the language of their mails, and whether
they receive the organizers' announcements (mail to many). The manage page, the edit page, the
unsubscribe link and the API all change them here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import current_app

from eventsys.db import db, utcnow
from eventsys.registration.models import Registration

UNLISTING_STEPS = "eventsys_registration_unlisting_steps"


UnlistingStep = Callable[[Registration], list[Path] | None]


def register_unlisting_step(app, step: UnlistingStep) -> None:
    """An area above registration retires what lists a person who no longer wants to be listed (a
    published proceedings book): `step(registration)` runs in the change's transaction and returns
    the files to delete once it has committed."""
    app.extensions.setdefault(UNLISTING_STEPS, []).append(step)


def set_listed(registration: Registration, listed: bool) -> list[Path]:
    """Opt in to, or out of, the published participant list and proceedings (no commit). Returns
    the files the unlisting steps retired: delete them after the commit (`remove_files`)."""
    was_listed = registration.listed_as_participant
    registration.listed_as_participant = listed
    files: list[Path] = []
    if was_listed and not listed:
        db.session.flush()
        for step in current_app.extensions.get(UNLISTING_STEPS, []):
            files.extend(step(registration) or [])
    return files


def remove_files(files: list[Path]) -> None:
    for path in files:
        path.unlink(missing_ok=True)


def set_preferences(
    registration: Registration,
    *,
    listed: bool | None = None,
    language: str | None = None,
    announcements: bool | None = None,
) -> Registration:
    """The delegate's choices on their manage page; None leaves one as it is. Commits."""
    files = set_listed(registration, listed) if listed is not None else []
    if language in ("en", "th"):
        registration.language = language
    if announcements is not None:
        set_announcements(registration, announcements, commit=False)
    db.session.commit()
    remove_files(files)
    return registration


def set_announcements(registration: Registration, wanted: bool, *, commit: bool = True) -> Registration:
    """Receive the organizers' announcements (mail to many) or not. Mails about the registration
    itself (confirmation, waiting list...) go out either way."""
    if wanted:
        registration.announcements_opt_out_at = None
    elif registration.announcements_opt_out_at is None:
        registration.announcements_opt_out_at = utcnow()
    if commit:
        db.session.commit()
    return registration
