"""Delegates' matchmaking: opting in, the directory, requesting, accepting, declining and
cancelling 1:1 meetings, and what the other areas show of them (agenda items, the manage panel).

Accepting is where double-booking could happen, so it runs as one short transaction that starts by
locking the slot's row (FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE holds the write lock):
accepts of one slot take turns, each sees the bookings the one before committed. The unique
constraints of models.py back that up; a violation is reported like any other refusal.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from eventsys.agenda.personal import chosen_session_ids
from eventsys.agenda.published import published_sessions
from eventsys.db import db, lock_for_update, utcnow
from eventsys.events.models import Event
from eventsys.matchmaking import mails, rules
from eventsys.matchmaking.models import (
    MatchmakingBooking,
    MatchmakingParticipant,
    MatchmakingSlot,
    MatchmakingTable,
    Meeting,
    MeetingStatus,
)
from eventsys.matchmaking.setup import MatchmakingError, state
from eventsys.projects.services import accepted_projects
from eventsys.registration.models import Registration, RegistrationCategory, RegistrationStatus

# Who may opt in: the cities, the solution providers (private sector) and the partners.
OPT_IN_CATEGORIES = (
    RegistrationCategory.CITY_REPRESENTATIVE,
    RegistrationCategory.PRIVATE_SECTOR,
    RegistrationCategory.EXTERNAL_PARTNER,
)
LIVE = (MeetingStatus.PENDING, MeetingStatus.ACCEPTED)


def may_opt_in(registration: Registration) -> bool:
    return registration.status == RegistrationStatus.CONFIRMED and registration.category in OPT_IN_CATEGORIES


def participant_of(registration: Registration) -> MatchmakingParticipant | None:
    return db.session.scalar(
        select(MatchmakingParticipant).where(MatchmakingParticipant.registration_id == registration.id)
    )


def _require_open(event: Event) -> None:
    if state(event) != "open":
        raise MatchmakingError(_("Matchmaking is not open for requests now."))


def save_profile(registration: Registration, **profile: str) -> MatchmakingParticipant:
    """Opt in, or change what one offers and seeks."""
    if not may_opt_in(registration):
        raise MatchmakingError(_("Matchmaking is for confirmed city representatives, solution providers and partners."))
    participant = participant_of(registration)
    if participant is None:
        _require_open(registration.event)
        participant = MatchmakingParticipant(event_id=registration.event_id, registration_id=registration.id)
        db.session.add(participant)
    for key in ("offers_en", "offers_th", "seeks_en", "seeks_th"):
        setattr(participant, key, (profile.get(key) or "").strip())
    db.session.commit()
    return participant


def opt_out(registration: Registration) -> int:
    """Leave the directory; the meetings not yet held are cancelled (the other side is told). Returns how many."""
    participant = participant_of(registration)
    if participant is None:
        return 0
    cancelled = 0
    for meeting in meetings_of(registration):
        if meeting.status in LIVE and meeting.slot.ends_at > utcnow():
            _cancel_rows(meeting, registration)
            mails.cancelled(meeting, registration)
            cancelled += 1
    db.session.delete(participant)
    db.session.commit()
    return cancelled


def directory(event: Event, me: Registration, query: str = "", category: str = "") -> list[MatchmakingParticipant]:
    """The other participants, by name; `query` matches name, organisation and what they offer or seek."""
    stmt = (
        select(MatchmakingParticipant)
        .join(Registration, Registration.id == MatchmakingParticipant.registration_id)
        .where(
            MatchmakingParticipant.event_id == event.id,
            Registration.id != me.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
        .order_by(Registration.last_name, Registration.first_name, Registration.id)
    )
    if category in {c.value for c in OPT_IN_CATEGORIES}:
        stmt = stmt.where(Registration.category == RegistrationCategory(category))
    found = list(db.session.scalars(stmt))
    words = query.casefold().split()
    if words:
        # In Python: the profile mixes Thai and English, and a few hundred rows at most take part.
        def text(p: MatchmakingParticipant) -> str:
            r = p.registration
            parts = (r.full_name, r.local_name, r.organisation, p.offers_en, p.offers_th, p.seeks_en, p.seeks_th)
            return " ".join(parts).casefold()

        found = [p for p in found if all(w in text(p) for w in words)]
    return found


def project_contacts(event: Event, me: Registration | None = None) -> list[tuple]:
    """The event's accepted projects, each with the participant who represents its city: the city
    representative who submitted it, if they opted in (else None: nobody to request yet)."""
    participants = {
        p.registration_id: p
        for p in db.session.scalars(select(MatchmakingParticipant).where(MatchmakingParticipant.event_id == event.id))
    }
    found = []
    for project in accepted_projects(event):
        contact = participants.get(project.submitter_registration_id)
        if contact is not None and me is not None and contact.registration_id == me.id:
            continue  # one's own project: nobody to ask
        found.append((project, contact))
    return found


def meetings_of(registration: Registration) -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting)
            .join(MatchmakingSlot, MatchmakingSlot.id == Meeting.slot_id)
            .where(or_(Meeting.requester_id == registration.id, Meeting.invitee_id == registration.id))
            .order_by(MatchmakingSlot.starts_at, Meeting.id)
        )
    )


def _booked(slot_id: int, registration_id: int) -> bool:
    return (
        db.session.scalar(
            select(MatchmakingBooking.id).where(
                MatchmakingBooking.slot_id == slot_id, MatchmakingBooking.registration_id == registration_id
            )
        )
        is not None
    )


def _chosen_sessions(registration: Registration) -> list:
    chosen = chosen_session_ids(registration)
    return [s for s in published_sessions(registration.event) if s.id in chosen] if chosen else []


def _free_table(slot: MatchmakingSlot) -> int | None:
    taken = db.session.scalars(
        select(Meeting.table_id).where(Meeting.slot_id == slot.id, Meeting.table_id.is_not(None))
    )
    pairs = db.session.execute(
        select(MatchmakingTable.id, MatchmakingTable.number).where(MatchmakingTable.event_id == slot.event_id)
    ).all()
    return rules.lowest_free_table([tuple(p) for p in pairs], taken)


def refusal_text(code: str, other: Registration) -> str:
    texts = {
        rules.YOU_BOOKED: _("You already have a meeting in this slot."),
        rules.THEY_BOOKED: _("%(name)s already has a meeting in this slot.", name=other.full_name),
        rules.YOUR_SESSION: _("This slot overlaps a session you chose in your agenda."),
        rules.THEIR_SESSION: _("This slot overlaps a session %(name)s chose in their agenda.", name=other.full_name),
        rules.NO_TABLE: _("No table is left in this slot."),
    }
    return texts[code]


def _check(slot: MatchmakingSlot, me: Registration, other: Registration) -> None:
    code = rules.conflict(
        (slot.starts_at, slot.ends_at),
        me_booked=_booked(slot.id, me.id),
        them_booked=_booked(slot.id, other.id),
        my_sessions=_chosen_sessions(me),
        their_sessions=_chosen_sessions(other),
        free_table=_free_table(slot) is not None,
    )
    if code is not None:
        raise MatchmakingError(refusal_text(code, other))


def request_meeting(
    me: Registration, other: MatchmakingParticipant, slot_id: int, message: str = "", project_id: int | None = None
) -> Meeting:
    event = me.event
    _require_open(event)
    if participant_of(me) is None:
        raise MatchmakingError(_("Opt in to matchmaking before you request meetings."))
    if other.event_id != event.id or other.registration_id == me.id:
        raise MatchmakingError(_("Choose another participant."))
    slot = db.session.get(MatchmakingSlot, slot_id)
    if slot is None or slot.event_id != event.id:
        raise MatchmakingError(_("Choose one of the slots."))
    if slot.starts_at <= utcnow():
        raise MatchmakingError(_("This slot has already started."))
    them = other.registration
    asked = db.session.scalar(
        select(Meeting.id).where(
            Meeting.slot_id == slot.id,
            Meeting.status == MeetingStatus.PENDING,
            or_(
                (Meeting.requester_id == me.id) & (Meeting.invitee_id == them.id),
                (Meeting.requester_id == them.id) & (Meeting.invitee_id == me.id),
            ),
        )
    )
    if asked is not None:
        raise MatchmakingError(_("A request between you two for this slot is already waiting for an answer."))
    if project_id is not None and not any(
        p.id == project_id and contact is not None and contact.id == other.id for p, contact in project_contacts(event)
    ):
        raise MatchmakingError(_("That project is not one this participant represents."))
    _check(slot, me, them)
    meeting = Meeting(
        event_id=event.id,
        slot_id=slot.id,
        requester_id=me.id,
        invitee_id=them.id,
        message=message.strip(),
        project_id=project_id,
    )
    db.session.add(meeting)
    db.session.flush()
    mails.requested(meeting)
    db.session.commit()
    return meeting


def accept(meeting_id: int, me_id: int) -> Meeting:
    """The invitee accepts: the lowest free table of the slot, a booking for each side; or a refusal."""
    db.session.commit()  # the lock below is the first statement of the transaction
    slot_id = db.session.scalar(select(Meeting.slot_id).where(Meeting.id == meeting_id))
    slot = db.session.scalar(lock_for_update(select(MatchmakingSlot).where(MatchmakingSlot.id == slot_id)))
    meeting = db.session.get(Meeting, meeting_id, populate_existing=True)
    try:
        if meeting is None or meeting.invitee_id != me_id:
            raise MatchmakingError(_("Only the person invited can accept this request."))
        if meeting.status != MeetingStatus.PENDING:
            raise MatchmakingError(_("This request was already answered or withdrawn."))
        if slot.starts_at <= utcnow():
            raise MatchmakingError(_("This slot has already started."))
        _check(slot, meeting.invitee, meeting.requester)
        meeting.table_id = _free_table(slot)
        meeting.status, meeting.decided_at = MeetingStatus.ACCEPTED, utcnow()
        db.session.add_all(
            MatchmakingBooking(slot_id=slot.id, registration_id=person, meeting_id=meeting.id)
            for person in (meeting.requester_id, meeting.invitee_id)
        )
        db.session.flush()
    except MatchmakingError:
        db.session.rollback()
        raise
    except IntegrityError:
        # Another transaction took the table or one of the two in the meantime (the lock makes
        # this rare; the constraints make it harmless).
        db.session.rollback()
        raise MatchmakingError(_("This slot was just taken; choose another slot.")) from None
    mails.answered(meeting)
    db.session.commit()
    return meeting


def decline(meeting: Meeting, me: Registration) -> Meeting:
    if meeting.invitee_id != me.id:
        raise MatchmakingError(_("Only the person invited can decline this request."))
    if meeting.status != MeetingStatus.PENDING:
        raise MatchmakingError(_("This request was already answered or withdrawn."))
    meeting.status, meeting.decided_at = MeetingStatus.DECLINED, utcnow()
    mails.answered(meeting)
    db.session.commit()
    return meeting


def _cancel_rows(meeting: Meeting, by: Registration) -> None:
    meeting.status, meeting.table_id, meeting.cancelled_by_id = MeetingStatus.CANCELLED, None, by.id
    for booking in db.session.scalars(select(MatchmakingBooking).where(MatchmakingBooking.meeting_id == meeting.id)):
        db.session.delete(booking)


def cancel(meeting: Meeting, me: Registration) -> Meeting:
    """Either side calls a meeting off (the requester may also withdraw a request): the table is free again."""
    if me.id not in (meeting.requester_id, meeting.invitee_id):
        raise MatchmakingError(_("This meeting is not yours."))
    if meeting.status not in LIVE or (meeting.status == MeetingStatus.PENDING and me.id != meeting.requester_id):
        raise MatchmakingError(_("This meeting cannot be cancelled any more."))
    _cancel_rows(meeting, me)
    mails.cancelled(meeting, me)
    db.session.commit()
    return meeting
