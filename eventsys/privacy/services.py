"""A data subject's access request (Thailand's PDPA, section 30): everything eventsys holds about a
delegate, as one JSON document.

For each registration: its details and custom answers, its status history, check-ins and door
scans, badges issued (ids and serials, never the signed codes: they are credentials), print runs
that included it, the sessions it signed up for and its calendar feeds, and the staff actions on
it from the audit log; and every mail kept for the registrations' addresses, with its text.
Staff are named by role, not by address: their addresses are their personal data, not the delegate's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from eventsys.accounts.models import User
from eventsys.agenda.models import AgendaSession, CalendarFeed, PersonalAgendaItem
from eventsys.audit.models import AuditEntry
from eventsys.audit.services import action_label, record
from eventsys.badges.models import Badge, BadgePrint
from eventsys.checkin.models import Checkin, CheckinList, Scan
from eventsys.db import db, utcnow
from eventsys.mail.models import OutboxMail
from eventsys.privacy import newer_areas
from eventsys.registration.models import Answer, Registration
from eventsys.registration.visa import request_as_json

FORMAT = "eventsys personal data export"
VERSION = 1
# Actors the registration history names by what they are; anyone else is a member of staff.
NAMED_ACTORS = {"delegate", "system", "api", "retention"}


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _by(actor: str, user_id: int | None) -> str:
    return actor if actor in NAMED_ACTORS and user_id is None else "staff"


def personal_data(registrations: Iterable[Registration], *, addresses: Iterable[str] = ()) -> dict:
    """The export for these registrations (one person's), and the mails kept for their addresses
    and for `addresses` (the signed-in address, which may have no registration left)."""
    registrations = list(registrations)
    emails = sorted({r.email for r in registrations if not r.is_erased} | {a.lower() for a in addresses if a})
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": utcnow().isoformat(),
        "addresses": emails,
        "registrations": [_registration(r) for r in registrations],
        "mails": _mails(emails),
    }


def _registration(registration: Registration) -> dict:
    event = registration.event
    return {
        "id": registration.id,
        "event": {
            "slug": event.slug,
            "title_en": event.title_en,
            "title_th": event.title_th,
            "start_date": _iso(event.start_date),
            "end_date": _iso(event.end_date),
            "retention_days": event.retention_days,
        },
        "status": registration.status.value,
        "category": registration.category.value,
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "local_name": registration.local_name,
        "email": registration.email,
        "organisation": registration.organisation,
        "position": registration.position,
        "country": registration.country_code,
        "city": registration.city.name_en if registration.city else None,
        "dietary": registration.dietary,
        "accessibility": registration.accessibility,
        "language": registration.language,
        "listed_as_participant": registration.listed_as_participant,
        "announcements_opt_out_at": _iso(registration.announcements_opt_out_at),
        "consent_at": _iso(registration.consent_at),
        "deletion_requested_at": _iso(registration.deletion_requested_at),
        "created_at": _iso(registration.created_at),
        "updated_at": _iso(registration.updated_at),
        "account": _account(registration.user_id),
        "answers": _answers(registration),
        "visa_letter": request_as_json(registration.visa_letter_request),  # their own passport details
        "history": [
            {
                "at": _iso(c.at),
                "from": c.from_status.value if c.from_status else None,
                "to": c.to_status.value,
                "by": _by(c.actor, c.actor_user_id),
                "reason": c.reason,
            }
            for c in registration.changes
        ],
        "checkins": _checkins(registration.id),
        "scans": _scans(registration.id),
        "badges": _badges(registration.id),
        "badge_prints": _badge_prints(registration),
        "agenda": _agenda(registration.id),
        "calendar_feeds": [
            {"created_at": _iso(f.created_at), "revoked_at": _iso(f.revoked_at)}
            for f in db.session.scalars(
                select(CalendarFeed).where(CalendarFeed.registration_id == registration.id).order_by(CalendarFeed.id)
            )
        ],
        "staff_actions": _staff_actions(registration),
        "documents": newer_areas.documents(registration.id),
        "feedback": newer_areas.feedback(registration.id),
        "city_projects": newer_areas.projects(registration.id),
        "matchmaking": newer_areas.matchmaking(registration.id),
        "exhibitor_staff": newer_areas.exhibitor_staff(registration),
    }


def _account(user_id: int | None) -> dict | None:
    user = db.session.get(User, user_id) if user_id else None
    if user is None:
        return None
    return {"email": user.email, "name": user.name, "created_at": _iso(user.created_at)}


def _answers(registration: Registration) -> list[dict]:
    answers = db.session.scalars(
        select(Answer).where(Answer.registration_id == registration.id).options(joinedload(Answer.question))
    ).all()
    return [
        {
            "question": a.question.key,
            "label_en": a.question.label_en,
            "label_th": a.question.label_th,
            "value": a.value,
            "shown_as": a.question.display_value(a.value),
        }
        for a in sorted(answers, key=lambda a: (a.question.position, a.question.id))
    ]


def _checkins(registration_id: int) -> list[dict]:
    rows = db.session.scalars(
        select(Checkin)
        .where(Checkin.registration_id == registration_id)
        .options(joinedload(Checkin.checkin_list))
        .order_by(Checkin.at, Checkin.id)
    )
    return [
        {
            "list": row.checkin_list.key,
            "list_name": row.checkin_list.name_en,
            "at": _iso(row.at),
            "checked_out_at": _iso(row.checked_out_at),
        }
        for row in rows
    ]


def _scans(registration_id: int) -> list[dict]:
    rows = db.session.execute(
        select(Scan, CheckinList.key)
        .outerjoin(CheckinList, Scan.list_id == CheckinList.id)
        .where(Scan.registration_id == registration_id)
        .order_by(Scan.at, Scan.id)
    ).all()
    return [
        {
            "at": _iso(scan.at),
            "list": key,
            "direction": scan.direction,
            "method": scan.method,
            "result": scan.result.value,
            "badge_serial": scan.badge_serial,
        }
        for scan, key in rows
    ]


def _badges(registration_id: int) -> list[dict]:
    rows = db.session.scalars(select(Badge).where(Badge.registration_id == registration_id).order_by(Badge.serial))
    return [
        {
            "id": badge.id,
            "serial": badge.serial,
            "issued_at": _iso(badge.issued_at),
            "revoked": badge.is_revoked,
            "revoked_at": _iso(badge.revoked_at),
            "print_count": badge.print_count,
            "last_printed_at": _iso(badge.last_printed_at),
        }
        for badge in rows
    ]


def _badge_prints(registration: Registration) -> list[dict]:
    runs = db.session.scalars(
        select(BadgePrint).where(BadgePrint.event_id == registration.event_id).order_by(BadgePrint.at, BadgePrint.id)
    )
    return [
        {"at": _iso(run.at), "layout": run.layout} for run in runs if registration.id in (run.registration_ids or [])
    ]


def _agenda(registration_id: int) -> list[dict]:
    rows = db.session.execute(
        select(PersonalAgendaItem, AgendaSession)
        .join(AgendaSession, PersonalAgendaItem.session_id == AgendaSession.id)
        .where(PersonalAgendaItem.registration_id == registration_id)
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    ).all()
    return [
        {
            "session_id": session.id,
            "title_en": session.title_en,
            "title_th": session.title_th,
            "starts_at": _iso(session.starts_at),
            "ends_at": _iso(session.ends_at),
            "chosen_at": _iso(item.created_at),
        }
        for item, session in rows
    ]


def _staff_actions(registration: Registration) -> list[dict]:
    """Audit entries naming this registration (decisions, edits, exports, prints, check-in changes)."""
    rows = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.event_id == registration.event_id, AuditEntry.target_type == "registration")
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    wanted = str(registration.id)
    return [
        {"at": _iso(entry.at), "action": entry.action, "what": action_label(entry.action)}
        for entry in rows
        if wanted in (entry.target_ids or [])
    ]


def _mails(addresses: list[str]) -> list[dict]:
    if not addresses:
        return []
    rows = db.session.scalars(
        select(OutboxMail).where(OutboxMail.to_address.in_(addresses)).order_by(OutboxMail.created_at, OutboxMail.id)
    )
    return [
        {
            "to": mail.to_address,
            "subject": mail.subject,
            "date": _iso(mail.sent_at or mail.created_at),
            "status": mail.status.value,
            "language": mail.language,
            "body": mail.body_text,
        }
        for mail in rows
    ]


def export_for_staff(registration: Registration, *, actor) -> dict:
    """An organizer's export of one registration (to answer a request): recorded in the audit log."""
    data = personal_data([registration])
    record(
        "registration.export",
        actor=actor,
        event=registration.event,
        target_type="registration",
        targets=[registration.id],
        file_format="json",
        rows=1,
        content="personal data",
    )
    db.session.commit()
    return data
