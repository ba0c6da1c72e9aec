"""User accounts, per-event roles and API tokens."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from eventsys.db import UTCDateTime, db, enum_column, utcnow


class Role(str, enum.Enum):
    ORGANIZER = "organizer"
    RAPPORTEUR = "rapporteur"
    CHECKIN_STAFF = "checkin_staff"
    # Scores the submissions to an event's call for city projects (eventsys/projects); decides nothing.
    REVIEWER = "reviewer"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(160), default="")
    password_hash: Mapped[str] = mapped_column(String(256), default="")
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    roles: Mapped[list[EventRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", foreign_keys="EventRole.user_id"
    )

    # The key of the sign-in session this object was loaded for (eventsys.accounts.sessions); not stored.
    session_key = None

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """What the session and remember-me cookies carry: the account and its sign-in session."""
        return f"{self.id}.{self.session_key}" if self.session_key else str(self.id)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def has_role(self, event, *roles: Role) -> bool:
        """Site admins can do everything; others need one of `roles` on this event."""
        if self.is_admin:
            return True
        event_id = getattr(event, "id", event)
        return any(r.event_id == event_id and r.role in roles for r in self.roles)

    def events_with_role(self, *roles: Role) -> list[int]:
        return [r.event_id for r in self.roles if r.role in roles]

    @classmethod
    def by_email(cls, email: str) -> User | None:
        return db.session.scalar(select(cls).where(cls.email == email.strip().lower()))


class EventRole(db.Model):
    __tablename__ = "event_roles"
    __table_args__ = (UniqueConstraint("user_id", "event_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    # When and by whom (None: the command line, or a grant made before the team page existed).
    granted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(back_populates="roles", foreign_keys=[user_id])
    granted_by: Mapped[User | None] = relationship(foreign_keys=[granted_by_id])
    event = relationship("Event")


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(db.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the secret is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # shown in lists so people can tell tokens apart
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # What the token may do (TOKEN_SCOPES, space-separated) and until when (None: until revoked).
    scopes: Mapped[str] = mapped_column(String(200), default="read")
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @property
    def scope_list(self) -> list[str]:
        return [s for s in TOKEN_SCOPES if s in self.scopes.split()]

    def allows(self, scope: str) -> bool:
        held = self.scopes.split()
        return scope in held or "admin" in held

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= utcnow()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired


# What a token can be given. `read`: every GET; `registrations`: register people, print their badges;
# `checkin`: scan at the doors; `outcomes`: see sessions' draft outcomes; `admin`: all of these.
TOKEN_SCOPES = ("read", "registrations", "checkin", "outcomes", "admin")


class UserSession(db.Model):
    """One signed-in browser. The session cookie (and the remember-me cookie) carry the secret whose
    SHA-256 is `key_hash`; ending the row ends that browser's sign-in on the server, whatever
    cookies it kept (eventsys.accounts.sessions)."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()


class SignInPurpose(str, enum.Enum):
    SET_PASSWORD = "set_password"  # a staff account's first password (or a new one after a reset)
    DELEGATE = "delegate"  # "My registrations": every registration under the address, no account


class SignInLink(db.Model):
    """A single-use sign-in link, mailed or printed. Only the SHA-256 of its secret is stored; the
    link is used up by one atomic UPDATE (`used_at IS NULL` in its WHERE), so two clicks at once
    cannot both pass (eventsys.accounts.signin_links)."""

    __tablename__ = "sign_in_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[SignInPurpose] = mapped_column(enum_column(SignInPurpose))
    # SET_PASSWORD links belong to an account; DELEGATE links to an address (lower-case) only.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship()
