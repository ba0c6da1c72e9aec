"""`record` writes an audit entry beside the change it describes (same session, same commit), so an
action and its entry are saved together or not at all. Callers pass the actor explicitly when they
have one (services get it from their views, CLI commands pass None and are named `command line`)."""

from __future__ import annotations

import datetime as dt
import getpass
import math
from collections.abc import Iterable
from dataclasses import dataclass

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from eventsys.audit.models import AuditEntry
from eventsys.db import db, utcnow

# The actions the log knows (LABELS below names each for the reader).
ACTIONS = (
    "role.grant",
    "role.revoke",
    "role.invite",
    "role.invite_cancel",
    "account.create",
    "account.deactivate",
    "account.reactivate",
    "account.reset",
    "registration.create",
    "registration.import",
    "registration.decide",
    "registration.edit",
    "registration.erase",
    "registration.export",
    "registration.invite",
    "visa.decide",
    "visa.view",
    "document.issue",
    "document.revoke",
    "document.mail",
    "project.decide",  # the call for city projects (eventsys/projects): accept, decline, back to review
    "agenda.publish",
    "report.publish",
    "report.unpublish",
    "proceedings.publish",
    "proceedings.unpublish",
    "badge.print",
    "badge.reprint",
    "badge.replace",
    "checkin.override",
    "mail.participants",
    "settings.change",
    "audit.export",
)


# What each action is called on the log's pages and in its CSV (in the reader's language).
LABELS = {
    "role.grant": _l("Role granted"),
    "role.revoke": _l("Role removed"),
    "role.invite": _l("Invited to the team"),
    "role.invite_cancel": _l("Team invitation cancelled"),
    "account.create": _l("Account created"),
    "account.deactivate": _l("Account deactivated"),
    "account.reactivate": _l("Account reactivated"),
    "account.reset": _l("Sign-in reset"),
    "registration.create": _l("Registration added"),
    "registration.import": _l("Registrations imported"),
    "registration.decide": _l("Registration decision"),
    "registration.edit": _l("Registration edited"),
    "registration.erase": _l("Personal data erased"),
    "registration.export": _l("Personal data exported"),
    "registration.invite": _l("Invitations to register sent"),
    "visa.decide": _l("Visa letter request decided"),
    "visa.view": _l("Passport details viewed"),
    "document.issue": _l("Document issued"),
    "document.revoke": _l("Document revoked"),
    "document.mail": _l("Documents mailed"),
    "project.decide": _l("City project decided"),
    "agenda.publish": _l("Agenda published"),
    "report.publish": _l("Summit report published"),
    "report.unpublish": _l("Summit report withdrawn"),
    "proceedings.publish": _l("Proceedings published"),
    "proceedings.unpublish": _l("Proceedings withdrawn"),
    "badge.print": _l("Badges printed"),
    "badge.reprint": _l("Badges reprinted"),
    "badge.replace": _l("Badge replaced"),
    "checkin.override": _l("Check-in changed by staff"),
    "mail.participants": _l("Mail to participants"),
    "settings.change": _l("Settings changed"),
    "audit.export": _l("Audit log exported"),
}


def action_label(action: str) -> str:
    return str(LABELS.get(action, action))


def _actor_label(actor) -> str:
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor.email
    if isinstance(actor, str) and actor:  # a named non-account actor, e.g. a command's label
        return actor[:254]
    if has_request_context():
        return "anonymous"
    try:
        return f"command line ({getpass.getuser()})"
    except (KeyError, OSError):  # no user name in this environment
        return "command line"


def record(
    action: str,
    *,
    actor=None,
    event=None,
    target_type: str = "",
    targets: Iterable[int | str] = (),
    ip: str | None = None,
    **detail,
) -> AuditEntry:
    """Add an entry for `action` to the current transaction (the caller commits). The address is the
    request's; a background job that acts for a request passes the address it was started from."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    if ip is None:
        ip = (request.remote_addr or "") if has_request_context() else ""
    entry = AuditEntry(
        actor_id=actor.id if signed_in else None,
        actor_label=_actor_label(actor),
        event_id=getattr(event, "id", None),
        event_slug=getattr(event, "slug", "") or "",
        action=action,
        target_type=target_type,
        target_ids=[str(t) for t in targets],
        detail={k: v for k, v in detail.items() if v is not None},
        ip_address=ip[:45],
        # The moment of the action (the column default would take the moment of the flush).
        at=utcnow(),
    )
    db.session.add(entry)
    return entry


def entries(*, event_id: int | None = None, action: str = "", actor: str = ""):
    """The log, newest first, filtered: a select to page or export."""
    return AuditFilter(action=action, who=actor).apply(event_id=event_id)


# --- reading the log ----------------------------------------------------------------------------

PER_PAGE = 50
NO_EVENT = "none"  # the site log's event filter: entries of no event (accounts, summit reports)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip()) if value else None
    except ValueError:
        return None


@dataclass
class AuditFilter:
    """What the log pages show: filters from the query string (bad values are ignored, never a 500).

    Days are read in `zone`: an event's log counts days in the event's time zone, the site log in UTC.
    """

    action: str = ""
    who: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    event: str = ""  # the site log only: an event id, or NO_EVENT
    page: int = 1
    zone: dt.tzinfo = dt.UTC

    @classmethod
    def from_args(cls, args, zone: dt.tzinfo = dt.UTC, *, site: bool = False) -> AuditFilter:
        try:
            page = max(1, int(args.get("page", 1)))
        except ValueError:
            page = 1
        action = args.get("action", "")
        event = args.get("event", "").strip() if site else ""
        return cls(
            action=action if action in ACTIONS else "",
            who=args.get("who", "").strip()[:100],
            date_from=_date(args.get("from")),
            date_to=_date(args.get("to")),
            event=event if event == NO_EVENT or (event.isascii() and event.isdigit()) else "",
            page=page,
            zone=zone,
        )

    @property
    def active(self) -> bool:
        return bool(self.action or self.who or self.date_from or self.date_to or self.event)

    def args(self, **changes) -> dict:
        """The query-string arguments that reproduce this filter (for paging and the CSV link)."""
        values = {
            "action": self.action,
            "who": self.who,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "event": self.event,
            "page": self.page,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v not in ("", None) and not (k == "page" and v == 1)}

    def _start_of(self, day: dt.date, *, days_later: int = 0) -> dt.datetime | None:
        """The UTC moment the day starts in the filter's zone; None past the calendar's ends."""
        try:
            return dt.datetime.combine(day + dt.timedelta(days=days_later), dt.time.min, tzinfo=self.zone).astimezone(
                dt.UTC
            )
        except OverflowError:  # 0001-01-01 or 9999-12-31: no bound on that side
            return None

    def apply(self, *, event_id: int | None = None):
        """A select of the matching entries, newest first; `event_id` keeps to one event's log."""
        query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        if event_id is not None:
            query = query.where(AuditEntry.event_id == event_id)
        elif self.event == NO_EVENT:
            query = query.where(AuditEntry.event_id.is_(None))
        elif self.event:
            query = query.where(AuditEntry.event_id == int(self.event))
        if self.action:
            query = query.where(AuditEntry.action == self.action)
        if self.who:
            query = query.where(func.lower(AuditEntry.actor_label).like(f"%{self.who.lower()}%"))
        start = self._start_of(self.date_from) if self.date_from else None
        if start is not None:
            query = query.where(AuditEntry.at >= start)
        end = self._start_of(self.date_to, days_later=1) if self.date_to else None
        if end is not None:
            query = query.where(AuditEntry.at < end)
        return query


@dataclass
class Page:
    items: list[AuditEntry]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def page_of(filt: AuditFilter, *, event_id: int | None = None, per_page: int = PER_PAGE) -> Page:
    """One page of the filtered log and the number of entries that match: two queries."""
    query = filt.apply(event_id=event_id)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    page = min(filt.page, max(1, math.ceil(total / per_page)))
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=list(items), total=total, page=page, per_page=per_page)


def all_of(filt: AuditFilter, *, event_id: int | None = None) -> list[AuditEntry]:
    return list(db.session.scalars(filt.apply(event_id=event_id)))


def actors(*, event_id: int | None = None, limit: int = 200) -> list[str]:
    """The names in the log (for the "who" field's suggestions), A-Z."""
    query = select(AuditEntry.actor_label).distinct().order_by(AuditEntry.actor_label).limit(limit)
    if event_id is not None:
        query = query.where(AuditEntry.event_id == event_id)
    return list(db.session.scalars(query))


def logged_events() -> list[tuple[int, str]]:
    """(event id, the slug last recorded for it) of every event in the log, deleted ones included."""
    rows = db.session.execute(
        select(AuditEntry.event_id, func.max(AuditEntry.event_slug))
        .where(AuditEntry.event_id.is_not(None))
        .group_by(AuditEntry.event_id)
    ).all()
    return sorted(((event_id, slug) for event_id, slug in rows), key=lambda row: row[1])


def existing_targets(table_name: str, ids: Iterable[str], columns: tuple[str, ...]) -> dict[str, dict]:
    """The rows of `table_name` that still exist among `ids`, as {id: {column: value}}.

    The log sits below the areas whose records it names, so it reads their tables by name (through
    the models' metadata) instead of importing them; the pages build the links."""
    table = db.metadata.tables.get(table_name)
    numbers = sorted({int(i) for i in ids if str(i).isdigit()})
    if table is None or not numbers:
        return {}
    wanted = [table.c.id, *(table.c[name] for name in columns if name in table.c)]
    found: dict[str, dict] = {}
    for start in range(0, len(numbers), 1000):
        for row in db.session.execute(select(*wanted).where(table.c.id.in_(numbers[start : start + 1000]))):
            found[str(row.id)] = dict(row._mapping)
    return found
