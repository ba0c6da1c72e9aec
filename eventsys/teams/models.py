"""Per-event team invitations and summit-report editors.

The roles themselves are `accounts.models.EventRole` rows (with when and by whom they were granted);
this area adds what leads to them, an invitation by e-mail, and the editors a summit report has
besides the organizer who started it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.accounts.models import Role, User
from eventsys.db import UTCDateTime, db, utcnow


class TeamInvitation(db.Model):
    """An invitation to join an event's team with one or more roles, bound to one e-mail address.

    One row per event and address: inviting the address again renews it (new roles, language,
    link and expiry). The link carries `nonce`, so renewing voids every link sent before; accepting
    or cancelling ends it. The audit log keeps the history.
    """

    __tablename__ = "team_invitations"
    __table_args__ = (UniqueConstraint("event_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))  # lower-case
    roles: Mapped[list] = mapped_column(JSON, default=list)  # Role values, in Role's order
    language: Mapped[str] = mapped_column(String(5), default="en")
    nonce: Mapped[str] = mapped_column(String(32))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    event = relationship("Event")
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
    accepted_by: Mapped[User | None] = relationship(foreign_keys=[accepted_by_id])

    @property
    def role_list(self) -> list[Role]:
        return [Role(value) for value in self.roles]

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return (now or utcnow()) >= self.expires_at


class ReportEditor(db.Model):
    """An account that may compile a summit report (sections, citations, texts) besides its owner."""

    __tablename__ = "report_editors"
    __table_args__ = (UniqueConstraint("report_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("summit_reports.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    granted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    granted_by: Mapped[User | None] = relationship(foreign_keys=[granted_by_id])


__all__ = ["ReportEditor", "TeamInvitation"]
