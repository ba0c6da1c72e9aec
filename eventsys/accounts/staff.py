"""Staff accounts, as the secretariat manages them: create (from the command line or by an admin's
invitation), deactivate, reactivate, reset. Nobody is ever sent or shown a password: a new account
has none, and its owner chooses one through a single-use sign-in link valid 24 hours.

Every change is recorded in the audit log in the same transaction (actor: the admin, or None from
the command line).

An admin's reset makes the old password stop working at once, not when the new one is chosen: an
admin resets an account because its password is lost or may be known to someone else, and in the
second case it must not work a minute longer. (Sessions already open stay open; deactivating the
account ends them at their next request.)
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from eventsys.accounts import signin_links
from eventsys.accounts.models import EventRole, SignInPurpose, User
from eventsys.accounts.services import AccountError, set_password
from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.i18n import LOCALES
from eventsys.mail.services import queue_mail

SIGN_IN_PATH = "/account/sign-in/"
PER_PAGE = 25


class InvalidEmail(AccountError):
    pass


class EmailTaken(AccountError):
    pass


class OwnAccount(AccountError):
    """An admin may not deactivate (and so lock out) or reset their own account."""


class AccountInactive(AccountError):
    pass


def valid_email(email: str) -> str:
    """The address, lower-case, or InvalidEmail. No DNS look-up: the secretariat may type addresses
    of ministries whose mail servers this server cannot see."""
    email = (email or "").strip()
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidEmail(f"{email or '(empty)'} is not a valid e-mail address: {exc}") from exc
    return email.lower()


def sign_in_url(secret: str) -> str:
    """The absolute link, built by hand (no url_for): the command line has no request."""
    return current_app.config["BASE_URL"] + SIGN_IN_PATH + secret


def link_hours() -> int:
    return int(signin_links.lifetime(SignInPurpose.SET_PASSWORD).total_seconds() // 3600)


def create_account(
    email: str, *, name: str = "", language: str = "en", actor=None, via: str = "command line", now=None
) -> tuple[User, str]:
    """A staff account with no usable password, and the secret of its sign-in link. Added to the
    session with its audit entry; the caller commits."""
    email = valid_email(email)
    if language not in LOCALES:
        raise AccountError(f"Unknown language {language!r}: use one of {', '.join(LOCALES)}.")
    if User.by_email(email) is not None:
        raise EmailTaken(f"An account for {email} already exists.")
    user = User(email=email, name=(name or "").strip() or email.split("@")[0], locale=language, password_hash="")
    db.session.add(user)
    db.session.flush()
    secret = signin_links.issue(SignInPurpose.SET_PASSWORD, user=user, now=now)
    record("account.create", actor=actor, target_type="user", targets=[user.id], email=email, via=via)
    return user, secret


def invite(email: str, *, name: str, language: str, actor) -> User:
    """An admin's invitation: the account, and a mail in `language` with its 24-hour sign-in link."""
    user, secret = create_account(email, name=name, language=language, actor=actor, via="invitation")
    _mail_link(user, secret, "accounts/mail/account_invitation", inviter=actor)
    db.session.commit()
    return user


def reset(user: User, *, actor) -> None:
    """The password stops working now; the owner gets a new single-use link to choose another."""
    if actor is not None and getattr(actor, "id", None) == user.id:
        raise OwnAccount("You cannot reset your own account: use “Forgot your password?” instead.")
    if not user.active:
        raise AccountInactive(f"{user.email} is deactivated: reactivate the account first.")
    user.password_hash = ""
    secret = signin_links.issue(SignInPurpose.SET_PASSWORD, user=user)
    record("account.reset", actor=actor, target_type="user", targets=[user.id], email=user.email)
    _mail_link(user, secret, "accounts/mail/account_reset", inviter=actor)
    db.session.commit()


def deactivate(user: User, *, actor) -> bool:
    """The account can no longer sign in; its open sessions end at their next request (the user
    loader refuses inactive accounts) and its API tokens stop working. False if it already was."""
    if actor is not None and getattr(actor, "id", None) == user.id:
        raise OwnAccount("You cannot deactivate your own account.")
    if not user.active:
        return False
    user.active = False
    signin_links.void(SignInPurpose.SET_PASSWORD, user=user)
    record("account.deactivate", actor=actor, target_type="user", targets=[user.id], email=user.email)
    db.session.commit()
    return True


def reactivate(user: User, *, actor) -> bool:
    if user.active:
        return False
    user.active = True
    record("account.reactivate", actor=actor, target_type="user", targets=[user.id], email=user.email)
    db.session.commit()
    return True


def set_password_with_link(secret: str, password: str, *, now: dt.datetime | None = None) -> User | None:
    """Use the link up and set the password, together: None (nothing changed) if the link no longer
    works or its account was deactivated meanwhile."""
    now = now or utcnow()
    link = signin_links.consume(secret, SignInPurpose.SET_PASSWORD, now=now)
    user = link.user if link is not None else None
    if user is None or not user.active:
        db.session.rollback()
        return None
    set_password(user, password)  # commits with the link used up; ends every earlier sign-in
    return user


def _mail_link(user: User, secret: str, template: str, *, inviter) -> None:
    queue_mail(
        to=user.email,
        template=template,
        language=user.locale if user.locale in LOCALES else "en",
        context={
            "user": user,
            "link": sign_in_url(secret),
            "hours": link_hours(),
            "inviter": getattr(inviter, "name", "") or getattr(inviter, "email", ""),
        },
    )


# --- the users page ---------------------------------------------------------------------------

STATUSES = ("active", "deactivated", "admin", "no_password")


@dataclass
class UserPage:
    items: list[User]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def list_users(search: str = "", status: str = "", page: int = 1, per_page: int = PER_PAGE) -> UserPage:
    """Accounts by name then address, filtered by a search on both and a status, one page of them."""
    stmt = select(User)
    search = (search or "").strip()
    if search:
        pattern = f"%{search}%"
        stmt = stmt.where(or_(User.name.ilike(pattern), User.email.ilike(pattern.lower())))
    if status == "active":
        stmt = stmt.where(User.active.is_(True))
    elif status == "deactivated":
        stmt = stmt.where(User.active.is_(False))
    elif status == "admin":
        stmt = stmt.where(User.is_admin.is_(True))
    elif status == "no_password":
        stmt = stmt.where(User.password_hash == "")
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = min(max(1, page), max(1, math.ceil(total / per_page)))
    items = db.session.scalars(
        stmt.options(selectinload(User.roles).selectinload(EventRole.event))
        .order_by(func.lower(User.name), User.email)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return UserPage(items=list(items), total=total, page=page, per_page=per_page)


def roles_by_event(user: User) -> list[tuple[object, list]]:
    """(event, [roles]) for each event the account has a role on, newest event first."""
    grouped: dict[int, tuple[object, list]] = {}
    for grant in user.roles:
        grouped.setdefault(grant.event_id, (grant.event, []))[1].append(grant.role)
    return sorted(grouped.values(), key=lambda pair: pair[0].start_date, reverse=True)
