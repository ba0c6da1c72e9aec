"""Mails of the outcomes workflow: to each approver when an outcome is submitted, to the session's
rapporteurs when it is approved or returned. Each reads the mail in their account's language and
follows its link to the outcome; whoever took the step is not mailed about it.

Queued in the workflow step's transaction (mail/services.py), so a step that fails mails nobody. The
step itself is audited where it happens (services, OutcomeReview); these are only its messages.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from eventsys.accounts.models import EventRole, Role, User
from eventsys.agenda.models import AgendaSession, SessionRole
from eventsys.db import db
from eventsys.mail.services import queue_mail
from eventsys.outcomes.models import Outcome, ReviewAction

LANGUAGES = ("en", "th")
TEMPLATES = {
    ReviewAction.SUBMITTED: "outcomes/mail/submitted",
    ReviewAction.RESUBMITTED: "outcomes/mail/submitted",
    ReviewAction.APPROVED: "outcomes/mail/approved",
    ReviewAction.RETURNED: "outcomes/mail/returned",
}


def _active(user_ids: set[int]) -> list[User]:
    if not user_ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(user_ids), User.active.is_(True)).order_by(User.id)))


def approvers(session: AgendaSession, outcome: Outcome) -> list[User]:
    """Who may approve it now: the event's organizers and the session's chairs, less those who
    wrote a pending version when the event separates duties; the site admins if nobody is left."""
    from eventsys.outcomes.services import pending_authors  # services calls this module

    organizers = db.session.scalars(
        select(EventRole.user_id).where(EventRole.event_id == session.event_id, EventRole.role == Role.ORGANIZER)
    )
    chairs = {sp.person.user_id for sp in session.people if sp.role == SessionRole.CHAIR and sp.person.user_id}
    ids = set(organizers) | chairs
    if session.event.separation_of_duties:
        ids -= pending_authors(outcome)
    found = _active(ids)
    if found:
        return found
    return list(db.session.scalars(select(User).where(User.is_admin.is_(True), User.active.is_(True))))


def rapporteurs(session: AgendaSession) -> list[User]:
    return _active(session.rapporteur_user_ids)


def outcome_url(session: AgendaSession) -> str:
    # Built by hand, not url_for: like every mail's link, it may be queued outside a request.
    return current_app.config["BASE_URL"] + f"/manage/sessions/{session.id}/outcomes"


def mail_review(outcome: Outcome, action: ReviewAction, actor, comment: str = "") -> int:
    """Queue the mails of one workflow step; returns how many were queued."""
    session = outcome.session
    if action in (ReviewAction.SUBMITTED, ReviewAction.RESUBMITTED):
        recipients = approvers(session, outcome)
    else:
        recipients = rapporteurs(session)
    actor_id = getattr(actor, "id", None)
    recipients = [user for user in recipients if user.id != actor_id]
    for user in recipients:
        queue_mail(
            to=user.email,
            template=TEMPLATES[action],
            language=user.locale if user.locale in LANGUAGES else "en",
            kind=f"outcomes.{action.value}",
            context={
                "recipient": user,
                "actor": actor,
                "session": session,
                "event": session.event,
                "outcome": outcome,
                "resubmitted": action == ReviewAction.RESUBMITTED,
                "comment": comment,
                "outcome_url": outcome_url(session),
                "queue_url": current_app.config["BASE_URL"] + "/manage/queue",
            },
        )
    return len(recipients)
