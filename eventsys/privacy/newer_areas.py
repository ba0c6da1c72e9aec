"""What the areas above registration hold about one registration, for the delegate's own export
(services.personal_data): letters and certificates issued to them, their survey answers, the city
projects they submitted, their matchmaking profile and meetings, the exhibitor that listed them as
staff. The privacy area sits above these areas, so it reads their tables directly."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select

from eventsys.db import db
from eventsys.documents.models import Document
from eventsys.exhibitors.models import Exhibitor, ExhibitorStaff
from eventsys.feedback.models import FeedbackResponse
from eventsys.matchmaking.models import MatchmakingParticipant, Meeting
from eventsys.projects.models import Project
from eventsys.registration.models import Registration


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def documents(registration_id: int) -> list[dict]:
    """The letters and certificates issued to them: what each states (no passport data: that is the
    visa request's, exported beside it), its code, and whether it was revoked."""
    rows = db.session.scalars(select(Document).where(Document.registration_id == registration_id).order_by(Document.id))
    return [
        {
            "kind": d.kind.value,
            "code": d.code,
            "language": d.language,
            "issued_at": _iso(d.created_at),
            "states": d.facts,
            "revoked_at": _iso(d.revoked_at),
            "revoke_reason": d.revoke_reason,
        }
        for d in rows
    ]


def feedback(registration_id: int) -> list[dict]:
    rows = db.session.scalars(
        select(FeedbackResponse)
        .where(FeedbackResponse.registration_id == registration_id)
        .order_by(FeedbackResponse.id)
    )
    return [
        {
            "session_id": r.session_id,
            "rating": r.rating,
            "comment": r.comment,
            "answer_to_the_organizers_question": r.extra_answer,
            "shown_with_name": r.named,
            "at": _iso(r.created_at),
        }
        for r in rows
    ]


def projects(registration_id: int) -> list[dict]:
    rows = db.session.scalars(
        select(Project).where(Project.submitter_registration_id == registration_id).order_by(Project.id)
    )
    return [
        {
            "id": p.id,
            "title_en": p.title_en,
            "title_th": p.title_th,
            "status": p.status.value,
            "description_en": p.description_en,
            "description_th": p.description_th,
        }
        for p in rows
    ]


def matchmaking(registration_id: int) -> dict | None:
    profile = db.session.scalar(
        select(MatchmakingParticipant).where(MatchmakingParticipant.registration_id == registration_id)
    )
    meetings = list(
        db.session.scalars(
            select(Meeting)
            .where(or_(Meeting.requester_id == registration_id, Meeting.invitee_id == registration_id))
            .order_by(Meeting.id)
        )
    )
    if profile is None and not meetings:
        return None
    others = {m.invitee_id if m.requester_id == registration_id else m.requester_id for m in meetings}
    names = {r.id: r.full_name for r in db.session.scalars(select(Registration).where(Registration.id.in_(others)))}
    return {
        "profile": None
        if profile is None
        else {
            "offers_en": profile.offers_en,
            "offers_th": profile.offers_th,
            "seeks_en": profile.seeks_en,
            "seeks_th": profile.seeks_th,
            "since": _iso(profile.created_at),
        },
        "meetings": [
            {
                "requested_by_me": m.requester_id == registration_id,
                "with": names.get(m.invitee_id if m.requester_id == registration_id else m.requester_id, ""),
                "slot_id": m.slot_id,
                "status": m.status.value,
                "message": m.message,
                "at": _iso(m.created_at),
            }
            for m in meetings
        ],
    }


def exhibitor_staff(registration: Registration) -> list[dict]:
    """The exhibitors that listed their address as staff (an exhibitor's staff list holds addresses)."""
    rows = db.session.execute(
        select(Exhibitor, ExhibitorStaff)
        .join(ExhibitorStaff, ExhibitorStaff.exhibitor_id == Exhibitor.id)
        .where(ExhibitorStaff.event_id == registration.event_id, ExhibitorStaff.email == registration.email)
    ).all()
    return [{"exhibitor": exhibitor.name_en, "listed_at": _iso(staff.created_at)} for exhibitor, staff in rows]
