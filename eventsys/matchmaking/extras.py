"""What matchmaking adds to the areas below it: accepted meetings as timed items of the personal
agenda and its calendar feed (agenda/personal.py's hook), the manage page's panel
(registration/extras.py), and the erasure step (registration/erasure.py). Plugged in by init_app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from eventsys.db import db
from eventsys.matchmaking import mails
from eventsys.matchmaking.models import MatchmakingBooking, MatchmakingParticipant, Meeting, MeetingStatus
from eventsys.matchmaking.services import LIVE, may_opt_in, meetings_of, participant_of
from eventsys.matchmaking.setup import state
from eventsys.registration.extras import ManagePanel
from eventsys.registration.models import Registration


@dataclass
class TimedItem:
    """An accepted meeting as the personal agenda and its calendar feed show it."""

    uid: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str
    location: str
    description: str


def agenda_items(registration: Registration) -> list[TimedItem]:
    """One's accepted meetings, as timed items."""
    items = []
    for meeting in meetings_of(registration):
        if meeting.status != MeetingStatus.ACCEPTED:
            continue
        other = meeting.other_side(registration.id)
        items.append(
            TimedItem(
                uid=f"matchmaking-meeting-{meeting.id}",
                starts_at=meeting.slot.starts_at,
                ends_at=meeting.slot.ends_at,
                title=_("Meeting with %(name)s", name=other.full_name),
                location=_("Table %(table)s", table=meeting.table.name) if meeting.table else "",
                description=", ".join(x for x in (other.organisation, meeting.message) if x),
            )
        )
    return items


def manage_panel(registration: Registration, token: str) -> ManagePanel | None:
    """ "Matchmaking meetings" on the delegate's manage page: their accepted meetings and the link to
    their page; for those who may take part while matchmaking is set up, or who have meetings."""
    meetings = meetings_of(registration)
    if not meetings and not (may_opt_in(registration) and state(registration.event) != "off"):
        return None
    return ManagePanel(
        template="matchmaking/_manage_panel.html",
        context={
            "matchmaking_panel": {
                "url": url_for("matchmaking.my_meetings", slug=registration.event.slug, token=token),
                "accepted": [m for m in meetings if m.status == MeetingStatus.ACCEPTED],
                "waiting": sum(
                    1 for m in meetings if m.status == MeetingStatus.PENDING and m.invitee_id == registration.id
                ),
                "registration_id": registration.id,
                "joined": participant_of(registration) is not None,
            }
        },
        order=25,
    )


def forget_participant(person) -> tuple[str, list, list] | None:
    """An erasure step: the profile goes (their own words about themselves), so do the messages they
    wrote; their live meetings are called off, freeing tables and the other side's slot, and the other side
    is told (not by whom). The meeting
    rows stay, tied to the erased registration, so the grid's history keeps its counts."""
    participant = db.session.scalar(
        select(MatchmakingParticipant).where(MatchmakingParticipant.registration_id == person.registration_id)
    )
    meetings = db.session.scalars(
        select(Meeting).where(
            (Meeting.requester_id == person.registration_id) | (Meeting.invitee_id == person.registration_id)
        )
    ).all()
    for meeting in meetings:
        if meeting.requester_id == person.registration_id:
            meeting.message = ""
        if meeting.status in LIVE:
            meeting.status, meeting.table_id = MeetingStatus.CANCELLED, None
            meeting.cancelled_by_id = person.registration_id
            other_id = meeting.invitee_id if meeting.requester_id == person.registration_id else meeting.requester_id
            mails.withdrawn(meeting, db.session.get(Registration, other_id))
            for booking in db.session.scalars(
                select(MatchmakingBooking).where(MatchmakingBooking.meeting_id == meeting.id)
            ):
                db.session.delete(booking)
    if participant is not None:
        db.session.delete(participant)
    if participant is None and not meetings:
        return None
    return ("matchmaking_meetings", [m.id for m in meetings], [])
