"""The published agenda in standard formats: iCalendar (RFC 5545) and the frab/C3VOC schedule
(JSON and XML, as pretalx and frab export it; validated against voc/schedule's schemas in tests).

What a machine reads stays the same until the organizers publish again: rooms and tracks by their
English (base) names whatever the reader's language, `schedule.version` from the last publication,
UIDs under the site's own domain (BASE_URL's host), so two installations never share one.
A session without a room sits in a real "No room" entry of `conference.rooms`, with its own guid:
the frab format needs a room around every event, and a room must be listed to be one."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from urllib.parse import urlsplit

import icalendar
from flask import current_app
from flask_babel import force_locale
from lxml import etree
from sqlalchemy import func, select

from eventsys.agenda.models import AgendaPublication, PublishedSession, SessionType
from eventsys.agenda.published import PublishedSessionView, group_by_day
from eventsys.db import db, utcnow
from eventsys.events.models import Event
from eventsys.i18n import LOCALES, current_language
from eventsys.mail.attachments import Attachment

GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://eventsys.local/agenda")
# frab's usual words for session types (its "type" is free text).
FRAB_TYPES = {
    SessionType.PLENARY: "plenary",
    SessionType.ROUNDTABLE: "meeting",
    SessionType.PANEL: "discussion",
    SessionType.WORKSHOP: "workshop",
    SessionType.EXHIBITION: "other",
    SessionType.BREAK: "break",
    SessionType.NETWORKING: "other",
    SessionType.PITCH: "presentation",
}
# The room of sessions that have none (breaks, receptions): data for machines, so one English
# name, like every other room name in the exports.
NO_ROOM_NAME = "No room"
NO_ROOM_POSITION = 10_000  # after every real room, as published_sessions() orders them


def _absolute(endpoint: str, **values) -> str:
    from eventsys.agenda.personal import absolute_url

    return absolute_url(endpoint, **values)


def session_url(event: Event, session: PublishedSessionView) -> str:
    return _absolute("agenda.session_page", slug=event.slug, session_id=session.id)


def _people_line(session: PublishedSessionView) -> str:
    return ", ".join(p.display_name for p in session.people)


def site_domain() -> str:
    """The host of BASE_URL: the right-hand side of every UID this site makes (RFC 5545 3.8.4.7)."""
    return urlsplit(current_app.config["BASE_URL"]).hostname or "eventsys.invalid"


def _uid(kind: str, value) -> str:
    return f"{kind}-{value}@{site_domain()}"


# --- iCalendar -----------------------------------------------------------------------------


def icalendar_feed(event: Event, sessions: list[PublishedSessionView], *, name: str, extra_items=()) -> bytes:
    """One VEVENT per session, times in the event's zone (TZID + VTIMEZONE). Without sessions (no
    agenda published yet, a personal agenda still empty) the event itself is the one VEVENT, with
    the UID of event.ics: RFC 5545 wants at least one component, and calendars refuse none."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//ASCN eventsys//Agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", event.timezone)
    stamp = utcnow().replace(microsecond=0)
    for session in sessions:
        entry = icalendar.Event()
        entry.add("uid", _uid("session", session.id))
        entry.add("dtstamp", stamp)
        entry.add("dtstart", session.starts_at.astimezone(event.zone))
        entry.add("dtend", session.ends_at.astimezone(event.zone))
        entry.add("summary", session.title)
        location = ", ".join(x for x in (session.room.name if session.room else "", event.venue) if x)
        if location:
            entry.add("location", location)
        description = "\n\n".join(x for x in (_people_line(session), session.abstract) if x)
        if description:
            entry.add("description", description)
        entry.add("url", session_url(event, session))
        entry.add("categories", [session.type.value])
        calendar.add_component(entry)
    # Timed items other areas add to a personal agenda (personal.register_personal_items: a
    # delegate's matchmaking meetings), each with its own UID.
    for item in extra_items:
        entry = icalendar.Event()
        entry.add("uid", f"{item.uid}@{site_domain()}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", item.starts_at.astimezone(event.zone))
        entry.add("dtend", item.ends_at.astimezone(event.zone))
        entry.add("summary", item.title)
        if item.location:
            entry.add("location", item.location)
        if item.description:
            entry.add("description", item.description)
        calendar.add_component(entry)
    if not sessions and not extra_items:
        calendar.add_component(_event_entry(event, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_icalendar(event: Event) -> bytes:
    """The event itself as one all-day VEVENT over its days (DTEND is the day after the last, as
    RFC 5545 counts all-day spans), in the reader's language. Its UID never changes, so importing
    it again (a second mail, a changed venue) updates the entry instead of adding another."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//ASCN eventsys//Event//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(_event_entry(event, utcnow().replace(microsecond=0)))
    return calendar.to_ical()


def _event_entry(event: Event, stamp: dt.datetime) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", _uid("event", event.id))
    entry.add("dtstamp", stamp)
    entry.add("dtstart", event.start_date)
    entry.add("dtend", event.end_date + dt.timedelta(days=1))
    entry.add("summary", event.title)
    location = ", ".join(x for x in (event.venue, (event.address or "").strip()) if x)
    if location:
        entry.add("location", location)
    url = _absolute("events.event_page", slug=event.slug)
    entry.add("description", "\n\n".join(x for x in (event.theme, url) if x))
    entry.add("url", url)
    entry.add("transp", "TRANSPARENT")  # a multi-day entry should not block the delegate's days
    return entry


def event_ics_filename(event: Event) -> str:
    return f"{event.slug}.ics"


def build_event_ics(spec: dict) -> list[Attachment]:
    """Mail attachment {"kind": "event_ics", "event_id": N, "language": "th"}: the event as .ics."""
    event = db.session.get(Event, spec["event_id"]) if isinstance(spec.get("event_id"), int) else None
    if event is None:
        return []
    with force_locale(spec.get("language") if spec.get("language") in LOCALES else "en"):
        body = event_icalendar(event)
    # The charset said outright: a text/* part without one is read as US-ASCII, and Thai is not.
    return [Attachment(event_ics_filename(event), "text/calendar; charset=utf-8", body)]


# --- frab / C3VOC schedule -----------------------------------------------------------------


def acronym(event: Event) -> str:
    """The schema wants lower-case letters, digits and '_' (at least four); slugs have hyphens."""
    value = re.sub(r"[^a-z0-9_]", "_", event.slug.lower())
    return value if len(value) >= 4 else value.ljust(4, "_")


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def session_slug(event: Event, session: PublishedSessionView) -> str:
    return f"{acronym(event)}-{session.id}-{_slugify(session.title_en) or 'session'}"


def _guid(kind: str, value) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{value}"))


def _duration(session: PublishedSessionView) -> str:
    return f"{session.minutes // 60:02d}:{session.minutes % 60:02d}"


def _room_name(session: PublishedSessionView) -> str:
    return session.room.name_en if session.room else NO_ROOM_NAME


def _rooms(event: Event, sessions: list[PublishedSessionView]) -> list[dict]:
    """conference.rooms: every room a session uses, and "No room" when a session has none."""
    seen: dict = {}
    for session in sessions:
        if session.room is not None:
            room = session.room
            seen.setdefault(room.id, (room.position, room.name_en, _guid("room", room.id), room.capacity))
        else:
            seen.setdefault(None, (NO_ROOM_POSITION, NO_ROOM_NAME, _guid("no-room", event.id), None))
    return [
        {"name": name, "guid": guid, "capacity": capacity}
        for _position, name, guid, capacity in sorted(seen.values(), key=lambda r: r[0])
    ]


def schedule_version(event: Event) -> str:
    """Which publication this is: its number and time (UTC), the same on every request until
    the organizers publish again. Snapshots written without a publication row (imports of old
    data) fall back to their own latest time."""
    count, last = db.session.execute(
        select(func.count(AgendaPublication.id), func.max(AgendaPublication.published_at)).where(
            AgendaPublication.event_id == event.id
        )
    ).one()
    if last is None:
        last = db.session.scalar(
            select(func.max(PublishedSession.published_at)).where(PublishedSession.event_id == event.id)
        )
    if last is None:
        return "0 (not published)"
    last = last if last.tzinfo else last.replace(tzinfo=dt.UTC)
    return f"{count or 1} ({last.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC)"


def _day_bounds(event: Event, day: dt.date) -> tuple[str, str]:
    start = dt.datetime.combine(day, dt.time(0, 0), tzinfo=event.zone)
    end = dt.datetime.combine(day, dt.time(23, 59), tzinfo=event.zone)
    return start.isoformat(), end.isoformat()


def _frab_event(event: Event, session: PublishedSessionView) -> dict:
    local = session.starts_at.astimezone(event.zone)
    return {
        "id": session.id,
        "guid": _guid("session", session.id),
        "date": local.isoformat(),
        "start": local.strftime("%H:%M"),
        "duration": _duration(session),
        "room": _room_name(session),
        "slug": session_slug(event, session),
        "url": session_url(event, session),
        "title": session.title,
        "subtitle": "",
        "track": session.track.name_en if session.track else None,
        "type": FRAB_TYPES[session.type],
        "language": current_language(),
        "abstract": session.abstract,
        "description": "",
        "persons": [{"guid": _guid("person", p.person_id), "name": p.display_name} for p in session.people],
        "links": [],
    }


def frab_json(event: Event, sessions: list[PublishedSessionView]) -> dict:
    days = group_by_day(event, sessions)
    all_days = event.days
    tracks = {s.track.id: s.track for s in sessions if s.track}
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "eventsys", "version": "1.0"},
        "schedule": {
            "version": schedule_version(event),
            "base_url": _absolute("agenda.public_agenda", slug=event.slug),
            "conference": {
                "acronym": acronym(event),
                "title": event.title,
                "start": event.start_date.isoformat(),
                "end": event.end_date.isoformat(),
                "daysCount": len(all_days),
                "timeslot_duration": "00:15",
                "time_zone_name": event.timezone,
                "url": _absolute("events.event_page", slug=event.slug),
                "tracks": [
                    {"name": t.name_en, "slug": _slugify(t.name_en) or f"track-{t.id}", "color": t.colour}
                    for t in sorted(tracks.values(), key=lambda t: t.position)
                ],
                "rooms": _rooms(event, sessions),
                "days": [
                    _frab_day(event, index, day, dict(days).get(day, []))
                    for index, day in enumerate(sorted(set(all_days) | {d for d, _ in days}), start=1)
                ],
            },
        },
    }


def _frab_day(event: Event, index: int, day: dt.date, sessions: list[PublishedSessionView]) -> dict:
    start, end = _day_bounds(event, day)
    rooms: dict[str, list] = {}
    for session in sessions:
        rooms.setdefault(_room_name(session), []).append(_frab_event(event, session))
    return {"index": index, "date": day.isoformat(), "day_start": start, "day_end": end, "rooms": rooms}


def frab_xml(event: Event, sessions: list[PublishedSessionView]) -> bytes:
    """The same schedule as frab's schedule.xml (built from frab_json, so both always agree)."""
    data = frab_json(event, sessions)["schedule"]
    conference = data["conference"]
    root = etree.Element("schedule")
    etree.SubElement(root, "generator", name="eventsys", version="1.0")
    etree.SubElement(root, "version").text = data["version"]
    conf = etree.SubElement(root, "conference")
    for key in ("title", "acronym", "start", "end"):
        etree.SubElement(conf, key).text = conference[key]
    etree.SubElement(conf, "days").text = str(conference["daysCount"])
    etree.SubElement(conf, "timeslot_duration").text = conference["timeslot_duration"]
    etree.SubElement(conf, "base_url").text = data["base_url"]
    etree.SubElement(conf, "url").text = conference["url"]
    etree.SubElement(conf, "time_zone_name").text = conference["time_zone_name"]
    for track in conference["tracks"]:
        etree.SubElement(conf, "track", name=track["name"], color=track["color"], slug=track["slug"])
    room_guids = {r["name"]: r["guid"] for r in conference["rooms"]}
    for day in conference["days"]:
        day_el = etree.SubElement(
            root, "day", index=str(day["index"]), date=day["date"], start=day["day_start"], end=day["day_end"]
        )
        for room_name, events in day["rooms"].items():
            room_el = etree.SubElement(day_el, "room", name=room_name)
            if room_name in room_guids:
                room_el.set("guid", room_guids[room_name])
            for item in events:
                _xml_event(room_el, item)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _xml_event(parent, item: dict) -> None:
    el = etree.SubElement(parent, "event", id=str(item["id"]), guid=item["guid"])
    for key in (
        "date",
        "start",
        "duration",
        "room",
        "slug",
        "url",
        "title",
        "subtitle",
        "type",
        "language",
        "abstract",
        "description",
    ):
        etree.SubElement(el, key).text = item[key] or ""
    etree.SubElement(el, "track").text = item["track"] or ""
    persons = etree.SubElement(el, "persons")
    for person in item["persons"]:
        etree.SubElement(persons, "person", guid=person["guid"]).text = person["name"]
    etree.SubElement(el, "links")
