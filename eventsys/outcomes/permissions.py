"""Who may do what with a session's outcomes.

- edit, submit: the session's rapporteurs (a SessionPerson rapporteur whose person is this user);
- approve, return: the event's organizers and the session's chairs (same rule for chairs);
- site admins pass every check; everyone sees approved outcomes.

The `may_*` rules at the end are the same rules for routes (`permission_required`): they take the
route's `session_id`, and a session that does not exist is a 404, not a refusal.
"""

from __future__ import annotations

from eventsys.accounts.models import Role
from eventsys.accounts.permissions import refuse
from eventsys.agenda.models import AgendaSession, SessionRole
from eventsys.db import db


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def can_edit(user, session: AgendaSession) -> bool:
    if not _signed_in(user):
        return False
    return user.is_admin or user.id in session.rapporteur_user_ids


def is_chair(user, session: AgendaSession) -> bool:
    return any(sp.role == SessionRole.CHAIR and sp.person.user_id == user.id for sp in session.people)


def can_approve(user, session: AgendaSession) -> bool:
    if not _signed_in(user):
        return False
    return user.has_role(session.event_id, Role.ORGANIZER) or is_chair(user, session)


def can_see_drafts(user, session: AgendaSession) -> bool:
    return can_edit(user, session) or can_approve(user, session)


def _session_or_404(session_id: int) -> AgendaSession:
    session = db.session.get(AgendaSession, session_id)
    if session is None:
        refuse(404, f"No session with id {session_id}.")
    return session


def may_see_drafts(user, session_id: int) -> bool:
    """The outcomes editor (read) and what changed between versions."""
    return can_see_drafts(user, _session_or_404(session_id))


def may_edit(user, session_id: int) -> bool:
    """Saving and submitting a draft."""
    return can_edit(user, _session_or_404(session_id))


def may_approve(user, session_id: int) -> bool:
    """Approving, and returning to the rapporteurs."""
    return can_approve(user, _session_or_404(session_id))
