"""Publishing the draft: organizers edit AgendaSession rows; "Publish" copies each one into a
PublishedSession snapshot, which is all that delegates, exports and the API ever read.

A delegate who put a session on their agenda is mailed, in their own language, what changed about
it (time, room, title, people, or that it was cancelled) when a publication changes it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from eventsys.agenda.models import AgendaPublication, AgendaSession, PersonalAgendaItem, PublishedSession
from eventsys.agenda.published import PublishedSessionView
from eventsys.agenda.services import draft_sessions
from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.events.models import Event
from eventsys.mail.services import queue_mail
from eventsys.registration.models import Registration, RegistrationStatus

# The parts of a session a delegate who chose it needs to hear about.
MAILED_FIELDS = ("title", "time", "room", "people")


def snapshot(session: AgendaSession) -> dict:
    """Everything the public needs about one draft session, as plain JSON."""
    room, track = session.room, session.track
    return {
        "type": session.type.value,
        "title_en": session.title_en,
        "title_th": session.title_th,
        "abstract_en": session.abstract_en,
        "abstract_th": session.abstract_th,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "room": {
            "id": room.id,
            "name_en": room.name_en,
            "name_th": room.name_th,
            "capacity": room.capacity,
            "position": room.position,
        }
        if room
        else None,
        "track": {
            "id": track.id,
            "name_en": track.name_en,
            "name_th": track.name_th,
            "colour": track.colour,
            "position": track.position,
        }
        if track
        else None,
        "topics": [
            {
                "id": t.id,
                "slug": t.slug,
                "scheme": t.scheme.value,
                "name_en": t.name_en,
                "name_th": t.name_th,
                "position": t.position,
            }
            for t in session.topics
        ],
        "people": [
            {
                "person_id": sp.person_id,
                "role": sp.role.value,
                "name": sp.person.name,
                "local_name": sp.person.local_name,
                "honorific": sp.person.honorific,
                "position_en": sp.person.position_en,
                "position_th": sp.person.position_th,
                **_organisation(sp.person.organisation),
                "user_id": sp.person.user_id,
            }
            for sp in session.people
        ],
        "signup_required": session.signup_required,
        "signup_capacity": session.signup_capacity,
    }


def _organisation(organisation) -> dict:
    """Both languages spelled out: a snapshot must not depend on who pressed "Publish"."""
    if organisation is None:
        return {"organisation_en": "", "organisation_th": ""}
    suffix = f" ({organisation.acronym})" if organisation.acronym else ""
    return {
        "organisation_en": organisation.name_en + suffix,
        "organisation_th": (organisation.name_th or organisation.name_en) + suffix,
    }


def changed_fields(old: dict, new: dict) -> list[str]:
    changes = []
    if (old["title_en"], old["title_th"]) != (new["title_en"], new["title_th"]):
        changes.append("title")
    if (old["starts_at"], old["ends_at"]) != (new["starts_at"], new["ends_at"]):
        changes.append("time")
    if (old["room"] or {}).get("id") != (new["room"] or {}).get("id"):
        changes.append("room")
    if [(p["person_id"], p["role"]) for p in old["people"]] != [(p["person_id"], p["role"]) for p in new["people"]]:
        changes.append("people")
    return changes


@dataclass
class SessionChange:
    session_id: int
    before: PublishedSessionView | None  # None: newly published
    after: PublishedSessionView | None  # None: cancelled
    fields: list[str]


def pending_changes(event: Event) -> list[SessionChange]:
    """What "Publish" would change now (new, changed and cancelled sessions)."""
    published = {
        row.session_id: row
        for row in db.session.scalars(select(PublishedSession).where(PublishedSession.event_id == event.id))
    }
    changes = []
    for session in draft_sessions(event, include_deleted=True):
        current = published.get(session.id)
        if session.deleted_at is not None:
            if current is not None:
                changes.append(
                    SessionChange(session.id, PublishedSessionView(session.id, current.data), None, ["cancelled"])
                )
            continue
        data = snapshot(session)
        if current is None:
            changes.append(SessionChange(session.id, None, PublishedSessionView(session.id, data), ["new"]))
        elif current.data != data:
            changes.append(
                SessionChange(
                    session.id,
                    PublishedSessionView(session.id, current.data),
                    PublishedSessionView(session.id, data),
                    changed_fields(current.data, data) or ["details"],
                )
            )
    return changes


def last_publication(event: Event) -> AgendaPublication | None:
    return db.session.scalar(
        select(AgendaPublication)
        .where(AgendaPublication.event_id == event.id)
        .order_by(AgendaPublication.id.desc())
        .limit(1)
    )


def publish(event: Event, user=None) -> AgendaPublication:
    """Make the draft what delegates see, and mail those whose chosen sessions changed."""
    changes = pending_changes(event)
    now = utcnow()
    drafts = {s.id: s for s in draft_sessions(event)}
    for change in changes:
        row = db.session.get(PublishedSession, change.session_id)
        if change.after is None:
            db.session.delete(row)
            continue
        data = snapshot(drafts[change.session_id])
        if row is None:
            db.session.add(
                PublishedSession(
                    session_id=change.session_id,
                    event_id=event.id,
                    starts_at=change.after.starts_at,
                    data=data,
                    published_at=now,
                )
            )
        else:
            row.data, row.starts_at, row.published_at = data, change.after.starts_at, now
    mails = _mail_delegates(event, _mailed_changes(changes))
    publication = AgendaPublication(
        event_id=event.id,
        published_at=now,
        published_by_id=getattr(user, "id", None),
        sessions_changed=len(changes),
        mails_queued=mails,
    )
    db.session.add(publication)
    db.session.flush()
    record(
        "agenda.publish",
        actor=user,
        event=event,
        target_type="agenda_publication",
        targets=[publication.id],
        sessions_changed=len(changes),
        mails=mails,
    )
    db.session.commit()
    return publication


def _mailed_changes(changes: list[SessionChange]) -> list[SessionChange]:
    """The changes delegates hear about: a chosen session removed, or moved, retimed, renamed..."""
    return [c for c in changes if c.before is not None and (c.after is None or set(c.fields) & set(MAILED_FIELDS))]


@dataclass
class PublishPreview:
    """What publishing now would do: the changes, the draft's warnings, whom it would mail."""

    changes: list[SessionChange]
    warnings: list[tuple[str, str]]  # (session title, warning)
    recipients: list[Registration]

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.warnings or self.recipients)


def publish_preview(event: Event) -> PublishPreview:
    from eventsys.agenda.conflicts import find_conflicts

    changes = pending_changes(event)
    sessions = draft_sessions(event)
    conflicts = find_conflicts(event, sessions)
    warnings = [(s.title, c.message) for s in sessions for c in conflicts.get(s.id, [])]
    recipients = [registration for registration, _changes in _affected_delegates(event, _mailed_changes(changes))]
    return PublishPreview(changes, warnings, recipients)


def _affected_delegates(event: Event, changes: list[SessionChange]) -> list[tuple[Registration, list[SessionChange]]]:
    """Each confirmed delegate who chose a changed session, with the changes they chose."""
    if not changes:
        return []
    by_session = {c.session_id: c for c in changes}
    rows = db.session.execute(
        select(Registration, PersonalAgendaItem.session_id)
        .join(PersonalAgendaItem, PersonalAgendaItem.registration_id == Registration.id)
        .where(
            PersonalAgendaItem.session_id.in_(by_session),
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
        .order_by(Registration.id, PersonalAgendaItem.session_id)
    )
    per_delegate: dict[int, tuple[Registration, list[SessionChange]]] = {}
    for registration, session_id in rows:
        per_delegate.setdefault(registration.id, (registration, []))[1].append(by_session[session_id])
    return list(per_delegate.values())


def _mail_delegates(event: Event, changes: list[SessionChange]) -> int:
    from eventsys.agenda.personal import absolute_url, personal_agenda_url

    per_delegate = _affected_delegates(event, changes)
    for registration, session_changes in per_delegate:
        queue_mail(
            to=registration.email,
            template="agenda/mail/session_changes",
            language=registration.language if registration.language in ("en", "th") else "en",
            context={
                "event": event,
                "registration": registration,
                "changes": session_changes,
                "agenda_url": personal_agenda_url(registration),
                "session_urls": {
                    c.session_id: absolute_url("agenda.session_page", slug=event.slug, session_id=c.session_id)
                    for c in session_changes
                },
            },
        )
    return len(per_delegate)


def draft_counts(event: Event) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for change in pending_changes(event):
        counts[change.fields[0] if change.fields[0] in ("new", "cancelled") else "changed"] += 1
    return dict(counts)
