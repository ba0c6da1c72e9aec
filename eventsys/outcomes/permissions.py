"""Who may do what with a session's outcomes.

- edit, submit: the session's rapporteurs (a SessionPerson rapporteur whose person is this user);
- approve, return: the event's organizers and the session's chairs (same rule for chairs);
- site admins pass every check; everyone sees approved outcomes.
"""

from __future__ import annotations

from eventsys.accounts.models import Role
from eventsys.agenda.models import AgendaSession, SessionRole


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
