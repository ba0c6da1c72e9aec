"""Badges: the per-event signing key, the design, every badge issued (one row per serial) and every
print run.

A badge's QR code names (event, registration, serial). Printing again (a second layout, a paper
jam) prints the same serial, so badges already handed out keep working. Only an organizer's
replacement of one person's badge (lost, or wrong) revokes its serial, with the reason, and issues
the next; the revoked row stays beside its replacement (both go only with the registration), so
the revocation list lasts as long as the replacements do.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.db import UTCDateTime, db, utcnow


class BadgeKey(db.Model):
    """An event's Ed25519 key pair. Only the public key and a random salt are stored: the private
    key is derived from the app's SECRET_KEY and the salt whenever a badge is signed, so neither a
    database dump nor any API response contains it."""

    __tablename__ = "badge_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    salt: Mapped[bytes] = mapped_column(LargeBinary(32))
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class BadgeDesign(db.Model):
    """How an event's badges look and which sheet they are printed on by default."""

    __tablename__ = "badge_designs"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    layout: Mapped[str] = mapped_column(String(20), default="a6-4up")
    # Category value -> "#rrggbb"; categories not named here use the built-in colours.
    colours: Mapped[dict] = mapped_column(JSON, default=dict)
    # Label stock (layout "label"): sizes in millimetres.
    label_columns: Mapped[int] = mapped_column(Integer, default=2)
    label_rows: Mapped[int] = mapped_column(Integer, default=4)
    label_width_mm: Mapped[int] = mapped_column(Integer, default=90)
    label_height_mm: Mapped[int] = mapped_column(Integer, default=65)
    margin_top_mm: Mapped[int] = mapped_column(Integer, default=15)
    margin_left_mm: Mapped[int] = mapped_column(Integer, default=12)
    gap_mm: Mapped[int] = mapped_column(Integer, default=3)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Badge(db.Model):
    """One issued badge code. The newest serial of a registration is current; older ones were revoked
    when an organizer replaced the badge."""

    __tablename__ = "badges"
    __table_args__ = (UniqueConstraint("registration_id", "serial"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    serial: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    # Why and by whom it was replaced (the audit log has the same, with the address).
    revoked_reason: Mapped[str | None] = mapped_column(String(500))
    revoked_by: Mapped[str | None] = mapped_column(String(254))
    print_count: Mapped[int] = mapped_column(Integer, default=0)
    last_printed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    registration = relationship("Registration")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class BadgePrint(db.Model):
    """One print run: who printed which registrations' badges, when, on which layout."""

    __tablename__ = "badge_prints"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(254), default="")  # the e-mail, or "cli"
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    scope: Mapped[str] = mapped_column(String(20))  # "one", "selection", "all"
    layout: Mapped[str] = mapped_column(String(20))
    badge_count: Mapped[int] = mapped_column(Integer)
    reprint_count: Mapped[int] = mapped_column(Integer, default=0)
    registration_ids: Mapped[list] = mapped_column(JSON, default=list)

    user = relationship("User")
