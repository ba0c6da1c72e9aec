"""Invitations to an event's team: an organizer names an e-mail address, the roles and the invitee's
language; the invitee gets a signed, single-use link valid for seven days.

Accepting: a signed-in account with that address gets the roles; an address without an account
becomes an account there (the invitee sets name and password); an address with an account signs in
first. The roles count as granted by the organizer who sent the invitation.
"""

from __future__ import annotations

import datetime as dt
import enum
import secrets

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from eventsys.accounts.models import Role, User
from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.i18n import LOCALES
from eventsys.mail.services import queue_mail
from eventsys.teams.models import TeamInvitation
from eventsys.teams.services import TeamError, grant, ordered, roles_of

VALID_FOR = dt.timedelta(days=7)
SALT = "team-invitation"


class Problem(str, enum.Enum):
    """Why an invitation link no longer works."""

    INVALID = "invalid"  # forged, mangled, or for an invitation that no longer exists
    REPLACED = "replaced"  # the invitation was sent again: only the newest link works
    EXPIRED = "expired"
    USED = "used"
    CANCELLED = "cancelled"


class InvitationClosed(TeamError):
    status = 410

    def __init__(self, problem: Problem):
        super().__init__(problem.value)
        self.problem = problem


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(invitation: TeamInvitation) -> str:
    return _serializer().dumps([invitation.id, invitation.nonce])


def acceptance_url(invitation: TeamInvitation) -> str:
    """The absolute link of the mail, opening the page in the invitee's language."""
    return f"{current_app.config['BASE_URL']}/team/invitations/{token_for(invitation)}?lang={invitation.language}"


def from_token(token: str, now: dt.datetime | None = None) -> tuple[TeamInvitation | None, Problem | None]:
    """The invitation a link points at and, when it cannot be accepted, why."""
    try:
        invitation_id, nonce = _serializer().loads(token, max_age=int(VALID_FOR.total_seconds()))
    except SignatureExpired:
        return None, Problem.EXPIRED
    except (BadSignature, ValueError, TypeError):
        return None, Problem.INVALID
    invitation = db.session.get(TeamInvitation, invitation_id) if isinstance(invitation_id, int) else None
    if invitation is None:
        return None, Problem.INVALID
    if invitation.accepted_at is not None:
        return invitation, Problem.USED
    if invitation.cancelled_at is not None:
        return invitation, Problem.CANCELLED
    if invitation.nonce != nonce:
        return invitation, Problem.REPLACED
    if invitation.is_expired(now):
        return invitation, Problem.EXPIRED
    return invitation, None


def pending(event) -> list[TeamInvitation]:
    """The invitations of `event` not accepted or cancelled (expired ones included), newest first."""
    return list(
        db.session.scalars(
            select(TeamInvitation)
            .where(
                TeamInvitation.event_id == event.id,
                TeamInvitation.accepted_at.is_(None),
                TeamInvitation.cancelled_at.is_(None),
            )
            .order_by(TeamInvitation.sent_at.desc(), TeamInvitation.id.desc())
        )
    )


def get_pending(event, invitation_id: int) -> TeamInvitation | None:
    invitation = db.session.get(TeamInvitation, invitation_id)
    if invitation is None or invitation.event_id != event.id or not invitation.is_pending:
        return None
    return invitation


def _send(invitation: TeamInvitation, event, actor) -> None:
    """(Re)issue the link: a new nonce voids the earlier links; seven days from now. A new
    invitation joins the session here, complete (reading the actor may flush the session)."""
    inviter_id = actor.id if getattr(actor, "is_authenticated", False) else None
    now = utcnow()
    invitation.nonce = secrets.token_hex(16)
    invitation.invited_by_id = inviter_id
    invitation.sent_at = now
    invitation.expires_at = now + VALID_FOR
    invitation.accepted_at = invitation.accepted_by_id = invitation.cancelled_at = None
    db.session.add(invitation)
    db.session.flush()
    queue_mail(
        to=invitation.email,
        template="teams/mail/invitation",
        language=invitation.language,
        context={
            "event": event,
            "invitation": invitation,
            "inviter": actor if getattr(actor, "is_authenticated", False) else None,
            "link": acceptance_url(invitation),
        },
    )


def invite(event, email: str, roles, language: str, *, actor) -> tuple[TeamInvitation, bool]:
    """Invite `email` to `event`'s team with `roles`, mailed in `language`; returns the invitation
    and whether an earlier one to that address was renewed."""
    email = (email or "").strip().lower()
    roles = ordered(roles)
    if not email or "@" not in email:
        raise TeamError(_("Give a valid e-mail address."))
    if not roles:
        raise TeamError(_("Choose at least one role."))
    if language not in LOCALES:
        raise TeamError(_("Choose the language of the invitation."))
    account = User.by_email(email)
    if account is not None and set(roles) <= set(roles_of(account, event)):
        raise TeamError(_("%(email)s already holds these roles on this event.", email=email))
    invitation = db.session.scalar(
        select(TeamInvitation).where(TeamInvitation.event_id == event.id, TeamInvitation.email == email)
    )
    renewed = invitation is not None and invitation.is_pending
    if invitation is None:
        invitation = TeamInvitation(event_id=event.id, email=email)
    invitation.roles = [role.value for role in roles]
    invitation.language = language
    try:
        _send(invitation, event, actor)
    except IntegrityError:  # the same address invited twice at the same moment
        db.session.rollback()
        raise TeamError(_("An invitation to %(email)s was just sent.", email=email)) from None
    record(
        "role.invite",
        actor=actor,
        event=event,
        target_type="team_invitation",
        targets=[invitation.id],
        email=email,
        roles=invitation.roles,
        language=language,
    )
    db.session.commit()
    return invitation, renewed


def resend(event, invitation: TeamInvitation, *, actor) -> TeamInvitation:
    """Send a pending invitation again, with a new link and seven more days."""
    _send(invitation, event, actor)
    record(
        "role.invite",
        actor=actor,
        event=event,
        target_type="team_invitation",
        targets=[invitation.id],
        email=invitation.email,
        roles=invitation.roles,
        language=invitation.language,
        resent=True,
    )
    db.session.commit()
    return invitation


def cancel(event, invitation: TeamInvitation, *, actor) -> None:
    invitation.cancelled_at = utcnow()
    record(
        "role.invite_cancel",
        actor=actor,
        event=event,
        target_type="team_invitation",
        targets=[invitation.id],
        email=invitation.email,
        roles=invitation.roles,
    )
    db.session.commit()


def _claim(invitation: TeamInvitation, user: User) -> None:
    """Mark the invitation accepted in one UPDATE that only an open, current invitation matches,
    so two acceptances at once cannot both pass."""
    now = utcnow()
    claimed = db.session.execute(
        update(TeamInvitation)
        .where(
            TeamInvitation.id == invitation.id,
            TeamInvitation.nonce == invitation.nonce,
            TeamInvitation.accepted_at.is_(None),
            TeamInvitation.cancelled_at.is_(None),
            TeamInvitation.expires_at > now,
        )
        .values(accepted_at=now, accepted_by_id=user.id)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        raise InvitationClosed(Problem.USED)
    db.session.expire(invitation)


def accept(invitation: TeamInvitation, user: User) -> list[Role]:
    """`user` (signed in, with the invitation's address) takes the roles; returns the new ones."""
    if user.email != invitation.email:
        raise TeamError(_("This invitation is for another e-mail address."))
    event, roles, invited_by = invitation.event, invitation.role_list, invitation.invited_by
    _claim(invitation, user)
    new = grant(event, user, roles, actor=invited_by, via="invitation", accepted_by=user.email)
    db.session.commit()
    return new


def accept_with_new_account(invitation: TeamInvitation, name: str, password: str) -> User:
    """Create the account for the invitation's address (in the invitation's language) and accept."""
    if User.by_email(invitation.email) is not None:
        raise TeamError(_("An account with this address exists: sign in to accept the invitation."))
    event, roles, invited_by = invitation.event, invitation.role_list, invitation.invited_by
    user = User(email=invitation.email, name=name.strip(), locale=invitation.language)
    user.set_password(password)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:  # created a moment ago by someone else
        db.session.rollback()
        raise TeamError(_("An account with this address exists: sign in to accept the invitation.")) from None
    _claim(invitation, user)
    record(
        "account.create",
        actor=invited_by,
        event=event,
        target_type="user",
        targets=[user.id],
        email=user.email,
        via="invitation",
    )
    grant(event, user, roles, actor=invited_by, via="invitation", accepted_by=user.email)
    db.session.commit()
    return user
