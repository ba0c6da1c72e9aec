"""Editing the draft agenda: sessions, the people in them, rooms and tracks.

Everything here changes the draft only; delegates see the draft once an organizer publishes it
(eventsys.agenda.publishing). Plain values in, models out, or an AgendaError with a message for the
person who typed it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from eventsys.agenda.models import AgendaSession, Room, SessionPerson, SessionRole, SessionType, Track
from eventsys.db import db, utcnow
from eventsys.events.models import Event, Organisation, Person, Topic


class AgendaError(Exception):
    """A domain error of the agenda area; its message is shown to the person."""


class InvalidSession(AgendaError):
    def __init__(self, message: str, field_name: str | None = None):
        super().__init__(message)
        self.field_name = field_name


class SessionNotFound(AgendaError):
    pass


class StaleSession(AgendaError):
    """The session was saved by someone else since the form was opened."""

    def __init__(self, current: AgendaSession):
        super().__init__(
            _(
                "This session was changed by someone else while you were editing it "
                "(now version %(version)d). Your changes were not saved: compare them "
                "with the current version below and save again.",
                version=current.version,
            )
        )
        self.current = current


@dataclass
class SessionValues:
    """What an organizer types for one session, in the event's local time."""

    type: SessionType
    title_en: str
    day: dt.date
    start: dt.time
    end: dt.time
    title_th: str = ""
    abstract_en: str = ""
    abstract_th: str = ""
    room_id: int | None = None
    track_id: int | None = None
    topic_ids: list[int] = field(default_factory=list)
    signup_required: bool = False
    signup_capacity: int | None = None

    @classmethod
    def of(cls, session: AgendaSession) -> SessionValues:
        zone = session.event.zone
        start, end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
        return cls(
            type=session.type,
            title_en=session.title_en,
            title_th=session.title_th,
            abstract_en=session.abstract_en,
            abstract_th=session.abstract_th,
            day=start.date(),
            start=start.time().replace(tzinfo=None),
            end=end.time().replace(tzinfo=None),
            room_id=session.room_id,
            track_id=session.track_id,
            topic_ids=[t.id for t in session.topics],
            signup_required=session.signup_required,
            signup_capacity=session.signup_capacity,
        )


def local_moment(event: Event, day: dt.date, clock: dt.time) -> dt.datetime:
    """A wall-clock time on a day at the event, as an aware UTC datetime."""
    return dt.datetime.combine(day, clock, tzinfo=event.zone).astimezone(dt.UTC)


# --- reading the draft ----------------------------------------------------------------------


def _with_everything(stmt):
    return stmt.options(
        selectinload(AgendaSession.room),
        selectinload(AgendaSession.track),
        selectinload(AgendaSession.topics),
        selectinload(AgendaSession.people).selectinload(SessionPerson.person).selectinload(Person.organisation),
    )


def draft_sessions(event: Event, *, include_deleted: bool = False) -> list[AgendaSession]:
    stmt = select(AgendaSession).where(AgendaSession.event_id == event.id)
    if not include_deleted:
        stmt = stmt.where(AgendaSession.deleted_at.is_(None))
    return list(db.session.scalars(_with_everything(stmt).order_by(AgendaSession.starts_at, AgendaSession.id)))


def get_draft_session(event: Event, session_id: int) -> AgendaSession:
    session = db.session.scalar(
        _with_everything(select(AgendaSession)).where(
            AgendaSession.id == session_id, AgendaSession.event_id == event.id, AgendaSession.deleted_at.is_(None)
        )
    )
    if session is None:
        raise SessionNotFound(_("There is no such session in this event's agenda."))
    return session


def rooms(event: Event) -> list[Room]:
    return list(db.session.scalars(select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id)))


def tracks(event: Event) -> list[Track]:
    return list(db.session.scalars(select(Track).where(Track.event_id == event.id).order_by(Track.position, Track.id)))


def all_topics() -> list[Topic]:
    return list(db.session.scalars(select(Topic).order_by(Topic.scheme, Topic.position)))


# --- writing the draft ----------------------------------------------------------------------


def _apply(event: Event, session: AgendaSession, values: SessionValues) -> None:
    if not values.title_en.strip():
        raise InvalidSession(_("Give the session an English title."), "title_en")
    if values.end <= values.start:
        raise InvalidSession(_("The session must end after it starts."), "end")
    room = db.session.get(Room, values.room_id) if values.room_id else None
    if values.room_id and (room is None or room.event_id != event.id):
        raise InvalidSession(_("That room is not one of this event's rooms."), "room_id")
    track = db.session.get(Track, values.track_id) if values.track_id else None
    if values.track_id and (track is None or track.event_id != event.id):
        raise InvalidSession(_("That track is not one of this event's tracks."), "track_id")
    topics = list(db.session.scalars(select(Topic).where(Topic.id.in_(values.topic_ids)))) if values.topic_ids else []
    if len(topics) != len(set(values.topic_ids)):
        raise InvalidSession(_("Choose focus areas and dimensions from the list."), "topic_ids")
    if values.signup_capacity is not None and values.signup_capacity < 1:
        raise InvalidSession(_("A sign-up limit must be at least 1."), "signup_capacity")
    with db.session.no_autoflush:  # loading the old topics must not flush half an edit
        _assign(session, values, room, track, topics)


def _assign(session: AgendaSession, values: SessionValues, room, track, topics) -> None:
    event = session.event
    session.type = values.type
    session.title_en = values.title_en.strip()
    session.title_th = values.title_th.strip()
    session.abstract_en = values.abstract_en.strip()
    session.abstract_th = values.abstract_th.strip()
    session.starts_at = local_moment(event, values.day, values.start)
    session.ends_at = local_moment(event, values.day, values.end)
    session.room = room
    session.track = track
    session.topics = topics
    session.signup_required = values.signup_required
    session.signup_capacity = values.signup_capacity if values.signup_required else None


def _commit_or_stale(session: AgendaSession) -> None:
    try:
        db.session.commit()
    except StaleDataError:
        # Someone saved between our check and our UPDATE (the version column caught it).
        db.session.rollback()
        raise StaleSession(db.session.get(AgendaSession, session.id, populate_existing=True)) from None


def _check_version(session: AgendaSession, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != session.version:
        raise StaleSession(session)


def create_session(event: Event, values: SessionValues) -> AgendaSession:
    session = AgendaSession(event_id=event.id, event=event)
    _apply(event, session, values)
    db.session.add(session)
    db.session.commit()
    return session


def update_session(session: AgendaSession, values: SessionValues, expected_version: int | None) -> AgendaSession:
    _check_version(session, expected_version)
    try:
        _apply(session.event, session, values)
    except InvalidSession:
        db.session.rollback()
        raise
    _commit_or_stale(session)
    return session


def move_session(
    session: AgendaSession, day: dt.date, start: dt.time, room_id: int | None, expected_version: int | None
) -> AgendaSession:
    """Another day, time or room; the session keeps its length."""
    values = SessionValues.of(session)
    length = session.ends_at - session.starts_at
    end = dt.datetime.combine(day, start) + length
    if end.date() != day:
        raise InvalidSession(_("Moved there, the session would end after midnight."), "start")
    values.day, values.start, values.end, values.room_id = day, start, end.time(), room_id
    return update_session(session, values, expected_version)


def copy_session(session: AgendaSession) -> AgendaSession:
    """A new session like this one with the same people, placed in no room until it is moved."""
    copy = AgendaSession(
        event_id=session.event_id,
        event=session.event,
        type=session.type,
        title_en=session.title_en,
        title_th=session.title_th,
        abstract_en=session.abstract_en,
        abstract_th=session.abstract_th,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        room=None,
        track=session.track,
        topics=list(session.topics),
        signup_required=session.signup_required,
        signup_capacity=session.signup_capacity,
    )
    for sp in session.people:
        copy.people.append(SessionPerson(person=sp.person, role=sp.role, position=sp.position))
    db.session.add(copy)
    db.session.commit()
    return copy


def delete_session(session: AgendaSession, expected_version: int | None) -> None:
    _check_version(session, expected_version)
    session.deleted_at = utcnow()
    _commit_or_stale(session)


# --- people ---------------------------------------------------------------------------------


def search_people(query: str, limit: int = 20) -> list[Person]:
    """People whose name (either script) or organisation matches: never their e-mail address, which
    the organizer searching may not know and must not learn by guessing parts of it."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    like = f"%{query.replace('%', '').replace('_', '')}%"
    stmt = (
        select(Person)
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .options(selectinload(Person.organisation))
        .where(
            or_(
                Person.name.ilike(like),
                Person.local_name.ilike(like),
                Organisation.name_en.ilike(like),
                Organisation.name_th.ilike(like),
                Organisation.acronym.ilike(like),
            )
        )
        .order_by(Person.name)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def person_as_json(person: Person) -> dict:
    return {
        "id": person.id,
        "name": f"{person.honorific} {person.name}".strip(),
        "local_name": person.local_name or None,
        "position": person.position or None,
        "organisation": person.organisation.label if person.organisation else None,
        "has_account": person.user_id is not None,
    }


def add_person(session: AgendaSession, person_id: int, role: SessionRole) -> SessionPerson:
    person = db.session.get(Person, person_id)
    if person is None:
        raise InvalidSession(_("There is no such person."), "person_id")
    # A rapporteur writes the session's outcomes under their account: linked already, or by e-mail
    # once the account exists (eventsys.teams.linking).
    if role == SessionRole.RAPPORTEUR and person.user_id is None and not person.email:
        raise InvalidSession(_("A rapporteur needs a user account: link this person to an account first."), "role")
    if any(sp.person_id == person.id and sp.role == role for sp in session.people):
        raise InvalidSession(
            _("%(name)s already has that role in this session.", name=person.display_name), "person_id"
        )
    link = SessionPerson(person=person, role=role, position=len(session.people))
    session.people.append(link)
    db.session.commit()
    return link


def create_person(
    name: str,
    local_name: str = "",
    position_en: str = "",
    position_th: str = "",
    honorific: str = "",
    email: str = "",
) -> Person:
    """A new person; with an e-mail address, eventsys.teams.linking links them to the account with
    that address when it exists or once it is created (flush time)."""
    if not name.strip():
        raise InvalidSession(_("Give the person's name in Latin script."), "name")
    person = Person(
        name=name.strip(),
        local_name=local_name.strip(),
        position_en=position_en.strip(),
        position_th=position_th.strip(),
        honorific=honorific.strip(),
        email=email.strip().lower() or None,
    )
    db.session.add(person)
    db.session.flush()
    return person


def remove_person(session: AgendaSession, session_person_id: int) -> None:
    link = next((sp for sp in session.people if sp.id == session_person_id), None)
    if link is None:
        raise InvalidSession(_("That person is not in this session."), "person_id")
    session.people.remove(link)
    for position, sp in enumerate(session.people):
        sp.position = position
    db.session.commit()


# --- rooms and tracks -----------------------------------------------------------------------


def save_room(event: Event, room: Room | None, *, name_en: str, name_th: str = "", capacity: int | None = None) -> Room:
    if not name_en.strip():
        raise InvalidSession(_("Give the room an English name."), "name_en")
    if capacity is not None and capacity < 1:
        raise InvalidSession(_("A capacity must be at least 1."), "capacity")
    if room is None:
        room = Room(event_id=event.id, position=len(rooms(event)))
        db.session.add(room)
    room.name_en, room.name_th, room.capacity = name_en.strip(), name_th.strip(), capacity
    db.session.commit()
    return room


def save_track(event: Event, track: Track | None, *, name_en: str, name_th: str = "", colour: str = "#1452b8") -> Track:
    if not name_en.strip():
        raise InvalidSession(_("Give the track an English name."), "name_en")
    if track is None:
        track = Track(event_id=event.id, position=len(tracks(event)))
        db.session.add(track)
    track.name_en, track.name_th, track.colour = name_en.strip(), name_th.strip(), colour.lower()
    db.session.commit()
    return track


def get_room(event: Event, room_id: int) -> Room:
    room = db.session.get(Room, room_id)
    if room is None or room.event_id != event.id:
        raise SessionNotFound(_("There is no such room in this event."))
    return room


def get_track(event: Event, track_id: int) -> Track:
    track = db.session.get(Track, track_id)
    if track is None or track.event_id != event.id:
        raise SessionNotFound(_("There is no such track in this event."))
    return track


def delete_room(room: Room) -> int:
    """Sessions in the room keep their place in the programme without a room. Returns how many."""
    affected = db.session.scalars(select(AgendaSession).where(AgendaSession.room_id == room.id)).all()
    for session in affected:
        session.room = None
    db.session.delete(room)
    db.session.commit()
    return len(affected)


def delete_track(track: Track) -> None:
    for session in db.session.scalars(select(AgendaSession).where(AgendaSession.track_id == track.id)):
        session.track = None
    db.session.delete(track)
    db.session.commit()
