"""What the outcomes area does: rapporteurs save and submit, approvers approve or return, the
public reads approved outcomes. Every save is a new version; nothing is overwritten silently."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventsys.agenda.models import AgendaSession, SessionPerson
from eventsys.db import db, lock_for_update
from eventsys.outcomes import notify, permissions
from eventsys.outcomes.content import InvalidContent, diff_content, normalise
from eventsys.outcomes.models import Outcome, OutcomeReview, OutcomeStatus, OutcomeVersion, ReviewAction


class OutcomeError(Exception):
    """A domain error of this area; its message is shown to the person."""

    status = 400


class SessionNotFound(OutcomeError):
    status = 404


class NotAllowed(OutcomeError):
    status = 403


class EditConflict(OutcomeError):
    """Someone saved a newer version since this editor loaded the page."""

    status = 409

    def __init__(self, message: str, current_number: int):
        super().__init__(message)
        self.current_number = current_number


class WrongState(OutcomeError):
    status = 409


class SelfApproval(OutcomeError):
    """Separation of duties: the approver wrote a version awaiting approval."""

    status = 403


__all__ = [
    "EditConflict",
    "InvalidContent",
    "NotAllowed",
    "OutcomeError",
    "SelfApproval",
    "SessionNotFound",
    "WrongState",
]


def get_session(session_id: int, *, public: bool = False) -> AgendaSession:
    session = db.session.scalar(
        select(AgendaSession)
        .where(AgendaSession.id == session_id)
        .options(
            selectinload(AgendaSession.people).selectinload(SessionPerson.person), selectinload(AgendaSession.event)
        )
    )
    if session is None or (public and not session.event.is_published):
        raise SessionNotFound(_("No such session."))
    return session


def outcome_for(session_id: int) -> Outcome | None:
    return db.session.scalar(
        select(Outcome)
        .where(Outcome.session_id == session_id)
        .options(selectinload(Outcome.versions), selectinload(Outcome.reviews))
    )


def approved_content(session_id: int) -> tuple[Outcome, OutcomeVersion] | None:
    """The public view of a session's outcome: its last approved version, or None."""
    outcome = db.session.scalar(
        select(Outcome).where(Outcome.session_id == session_id).options(selectinload(Outcome.approved_version))
    )
    if outcome is None or outcome.approved_version is None:
        return None
    return outcome, outcome.approved_version


def _locked_outcome(session: AgendaSession, *, create: bool) -> Outcome | None:
    outcome = db.session.scalar(lock_for_update(select(Outcome).where(Outcome.session_id == session.id)))
    if outcome is None and create:
        outcome = Outcome(session_id=session.id, status=OutcomeStatus.DRAFT, current_number=0)
        db.session.add(outcome)
        db.session.flush()
    return outcome


def _check_base(outcome: Outcome, base_number: int | None) -> None:
    if base_number is not None and base_number != outcome.current_number:
        raise EditConflict(
            _(
                "Someone else saved version %(number)s while you were editing. Nothing was overwritten: "
                "your text is still in the form. Compare it with the latest version, then save again.",
                number=outcome.current_number,
            ),
            outcome.current_number,
        )


def save_draft(session: AgendaSession, user, raw_content: dict, base_number: int | None) -> Outcome:
    """Save what a rapporteur wrote as a new version. `base_number` is the version the editor
    started from (0 for a new outcome); a save based on an older one raises EditConflict."""
    if not permissions.can_edit(user, session):
        raise NotAllowed(_("Only this session's rapporteurs can edit its outcomes."))
    content = normalise(raw_content)
    try:
        outcome = _locked_outcome(session, create=True)
        _check_base(outcome, base_number)
        if outcome.status in (OutcomeStatus.SUBMITTED, OutcomeStatus.RESUBMITTED):
            raise WrongState(
                _("These outcomes are waiting for approval; they can be edited again once approved or returned.")
            )
        latest = outcome.current_version
        if latest is not None and latest.content == content:
            db.session.rollback()
            return outcome
        outcome.current_number += 1
        outcome.versions.append(OutcomeVersion(number=outcome.current_number, content=content, author_id=user.id))
        if outcome.status == OutcomeStatus.APPROVED:
            outcome.status = OutcomeStatus.DRAFT  # a revision; the public keeps the approved version
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return outcome


def _transition(
    session: AgendaSession, user, base_number: int | None, allowed: tuple[OutcomeStatus, ...], wrong_state: str
) -> Outcome:
    outcome = _locked_outcome(session, create=False)
    if outcome is None or not outcome.versions:
        db.session.rollback()
        raise WrongState(_("Nothing has been written for this session yet."))
    try:
        _check_base(outcome, base_number)
        if outcome.status not in allowed:
            raise WrongState(wrong_state)
    except OutcomeError:
        db.session.rollback()
        raise
    return outcome


def _review(outcome: Outcome, action: ReviewAction, user, comment: str = "") -> None:
    outcome.reviews.append(
        OutcomeReview(action=action, version_number=outcome.current_number, comment=comment, user_id=user.id)
    )
    notify.mail_review(outcome, action, user, comment)  # in this transaction: no step, no mail
    db.session.commit()


def submit(session: AgendaSession, user, base_number: int | None = None) -> Outcome:
    if not permissions.can_edit(user, session):
        raise NotAllowed(_("Only this session's rapporteurs can submit its outcomes."))
    outcome = _transition(
        session,
        user,
        base_number,
        (OutcomeStatus.DRAFT, OutcomeStatus.RETURNED),
        _("Only a draft or returned outcome can be submitted."),
    )
    resubmitting = outcome.status == OutcomeStatus.RETURNED
    outcome.status = OutcomeStatus.RESUBMITTED if resubmitting else OutcomeStatus.SUBMITTED
    _review(outcome, ReviewAction.RESUBMITTED if resubmitting else ReviewAction.SUBMITTED, user)
    return outcome


def pending_authors(outcome: Outcome) -> set[int]:
    """Who wrote the versions awaiting approval: every version since the last approved one (a
    co-rapporteur's small edit does not make the first writer's text someone else's)."""
    approved = next((v.number for v in outcome.versions if v.id == outcome.approved_version_id), 0)
    return {v.author_id for v in outcome.versions if v.number > approved and v.author_id is not None}


def approval_blocked(session: AgendaSession, outcome: Outcome | None, user) -> bool:
    """Separation of duties, on unless the event turned it off for a small meeting: whoever wrote a
    version awaiting approval cannot approve it, site admins included."""
    if outcome is None or not session.event.separation_of_duties:
        return False
    return getattr(user, "id", None) in pending_authors(outcome)


def approve(session: AgendaSession, user, base_number: int | None = None) -> Outcome:
    if not permissions.can_approve(user, session):
        raise NotAllowed(_("Only the event's organizers and the session's chair can approve outcomes."))
    outcome = _transition(
        session,
        user,
        base_number,
        (OutcomeStatus.SUBMITTED, OutcomeStatus.RESUBMITTED),
        _("Only submitted outcomes can be approved."),
    )
    if approval_blocked(session, outcome, user):
        db.session.rollback()
        raise SelfApproval(_("You wrote this version; another approver must approve it."))
    outcome.status = OutcomeStatus.APPROVED
    outcome.approved_version = outcome.current_version
    outcome.return_comment = ""
    _review(outcome, ReviewAction.APPROVED, user)
    return outcome


def return_to_rapporteurs(session: AgendaSession, user, comment: str, base_number: int | None = None) -> Outcome:
    if not permissions.can_approve(user, session):
        raise NotAllowed(_("Only the event's organizers and the session's chair can return outcomes."))
    comment = (comment or "").strip()
    if not comment:
        raise InvalidContent([_("Say what should change: a comment is required when returning outcomes.")])
    outcome = _transition(
        session,
        user,
        base_number,
        (OutcomeStatus.SUBMITTED, OutcomeStatus.RESUBMITTED),
        _("Only submitted outcomes can be returned."),
    )
    outcome.status = OutcomeStatus.RETURNED
    outcome.return_comment = comment
    _review(outcome, ReviewAction.RETURNED, user, comment)
    return outcome


def changes_between(outcome: Outcome, old_number: int, new_number: int):
    old, new = outcome.version(old_number), outcome.version(new_number)
    if old is None or new is None:
        raise OutcomeError(_("No such version."))
    return diff_content(old.content, new.content)


def sessions_for_user(user) -> list[AgendaSession]:
    """Sessions whose outcomes this user writes or approves, for their dashboard."""
    from eventsys.accounts.models import Role
    from eventsys.events.models import Person

    person_ids = select(Person.id).where(Person.user_id == user.id)
    by_person = select(SessionPerson.session_id).where(SessionPerson.person_id.in_(person_ids))
    stmt = select(AgendaSession).options(
        selectinload(AgendaSession.event), selectinload(AgendaSession.people).selectinload(SessionPerson.person)
    )
    if not user.is_admin:
        organised = user.events_with_role(Role.ORGANIZER)
        stmt = stmt.where(AgendaSession.id.in_(by_person) | AgendaSession.event_id.in_(organised))
    sessions = db.session.scalars(stmt.order_by(AgendaSession.starts_at)).all()
    return [s for s in sessions if permissions.can_see_drafts(user, s)]
