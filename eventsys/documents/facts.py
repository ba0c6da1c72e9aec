"""What a document states, as a snapshot taken when it is issued (`Document.facts`), and what the
public verify page and API show of it.

The snapshot holds no passport data and no e-mail: only the holder's name as on the document, the
event (both languages), its dates and place, who issued it and when, and for a certificate the days
and sessions attended. A later change to the event or the registration does not change what an
issued document says; re-issuing does (and supersedes the old one).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from eventsys.checkin.models import Checkin, CheckinList
from eventsys.db import db
from eventsys.documents.models import Document, DocumentKind, DocumentSettings
from eventsys.events.models import Event, EventHost
from eventsys.i18n import format_date_range, format_day, pick
from eventsys.registration.models import Registration


def attendance(registration: Registration) -> dict:
    """{"days": [ISO dates], "sessions": [{"id", "title": {"en", "th"}, "day"}]} the delegate was
    checked in to (a check-out later does not undo attendance), in date and time order."""
    rows = db.session.execute(
        select(CheckinList)
        .join(Checkin, Checkin.list_id == CheckinList.id)
        .where(Checkin.registration_id == registration.id, CheckinList.event_id == registration.event_id)
    ).scalars()
    days, sessions = set(), []
    for checkin_list in rows:
        session = checkin_list.session if checkin_list.session_id is not None else None
        if session is None:
            if checkin_list.day is not None:
                days.add(checkin_list.day)
            continue
        local = session.starts_at.astimezone(registration.event.zone)
        days.add(local.date())
        sessions.append(
            (
                session.starts_at,
                {
                    "id": session.id,
                    "title": {"en": session.title_en or "", "th": session.title_th or ""},
                    "day": local.date().isoformat(),
                },
            )
        )
    return {
        "days": [day.isoformat() for day in sorted(days)],
        "sessions": [entry for _start, entry in sorted(sessions, key=lambda pair: (pair[0], pair[1]["id"]))],
    }


def has_attended(registration: Registration) -> bool:
    return bool(db.session.scalar(select(Checkin.id).where(Checkin.registration_id == registration.id).limit(1)))


def host_organisation(event: Event) -> dict:
    host = db.session.scalar(select(EventHost).where(EventHost.event_id == event.id).order_by(EventHost.id).limit(1))
    organisation = getattr(host, "organisation", None)
    if organisation is None:
        return {"en": "", "th": ""}
    return {"en": organisation.name_en or "", "th": organisation.name_th or ""}


def issued_by(event: Event, settings: DocumentSettings | None) -> dict:
    """{"organisation": {"en", "th"}, "signatory": {"name": {...}, "title": {...}}}."""
    organisation = host_organisation(event)
    if settings is not None and (settings.organisation_en or settings.organisation_th):
        organisation = {"en": settings.organisation_en, "th": settings.organisation_th}
    if not (organisation["en"] or organisation["th"]):
        organisation = {"en": "ASEAN Smart Cities Network", "th": "เครือข่ายเมืองอัจฉริยะอาเซียน"}
    return {
        "organisation": organisation,
        "signatory": {
            "name": {
                "en": getattr(settings, "signatory_name_en", ""),
                "th": getattr(settings, "signatory_name_th", ""),
            },
            "title": {
                "en": getattr(settings, "signatory_title_en", ""),
                "th": getattr(settings, "signatory_title_th", ""),
            },
        },
    }


def event_facts(event: Event) -> dict:
    return {
        "slug": event.slug,
        "name": {"en": event.title_en or "", "th": event.title_th or ""},
        "starts_on": event.start_date.isoformat(),
        "ends_on": event.end_date.isoformat(),
        "place": {"en": event.venue_en or "", "th": event.venue_th or "", "address": event.address or ""},
    }


def snapshot(
    kind: DocumentKind,
    registration: Registration,
    settings: DocumentSettings | None,
    *,
    holder: str,
    issued_on: dt.date,
    attended: dict | None = None,
) -> dict:
    facts = {
        "holder": holder,
        "holder_local": (registration.local_name or "").strip() if kind == DocumentKind.CERTIFICATE else "",
        "event": event_facts(registration.event),
        "issued_by": issued_by(registration.event, settings),
        "issued_on": issued_on.isoformat(),
    }
    if attended is not None:
        facts["attended"] = attended
    return facts


# --- reading the snapshot back ---------------------------------------------------------------------


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def shown(document: Document, language: str) -> dict:
    """The facts as a reader sees them, in `language` (the verify page and the PDF layouts)."""
    facts = document.facts or {}
    event = facts.get("event", {})
    issuer = facts.get("issued_by", {})
    starts, ends = _date(event.get("starts_on")), _date(event.get("ends_on"))
    name = event.get("name", {})
    place = event.get("place", {})
    attended = facts.get("attended") or {}
    return {
        "holder": facts.get("holder") or "",
        "holder_local": facts.get("holder_local") or "",
        "holder_erased": bool(facts.get("holder_erased")),
        "event_name": pick(name.get("en"), name.get("th"), language),
        "event_name_en": name.get("en", ""),
        "event_name_th": name.get("th", ""),
        "dates": format_date_range(starts, ends, language) if starts and ends else "",
        "place": pick(place.get("en"), place.get("th"), language),
        "organisation": pick(
            issuer.get("organisation", {}).get("en"), issuer.get("organisation", {}).get("th"), language
        ),
        "signatory_name": pick(
            issuer.get("signatory", {}).get("name", {}).get("en"),
            issuer.get("signatory", {}).get("name", {}).get("th"),
            language,
        ),
        "signatory_title": pick(
            issuer.get("signatory", {}).get("title", {}).get("en"),
            issuer.get("signatory", {}).get("title", {}).get("th"),
            language,
        ),
        "issued_on": format_day(_date(facts["issued_on"]), language) if _date(facts.get("issued_on")) else "",
        "days": [format_day(day, language) for day in filter(None, map(_date, attended.get("days", [])))],
        "sessions": [
            pick(session.get("title", {}).get("en"), session.get("title", {}).get("th"), language)
            for session in attended.get("sessions", [])
        ],
    }


def as_json(document: Document) -> dict:
    """The API's answer for a document: the same facts as the page, both languages where there are two."""
    facts = document.facts or {}
    event = facts.get("event", {})
    issuer = facts.get("issued_by", {})
    answer = {
        "code": document.code,
        "valid": not document.is_revoked,
        "revoked": document.is_revoked,
        "revoked_on": document.revoked_at.date().isoformat() if document.revoked_at else None,
        "revoked_reason": document.revoke_reason if document.is_revoked else None,
        "kind": document.kind.value,
        "holder": None if facts.get("holder_erased") else facts.get("holder"),
        "holder_erased": bool(facts.get("holder_erased")),
        "event": {
            "slug": event.get("slug"),
            "name": {"en": event.get("name", {}).get("en", ""), "th": event.get("name", {}).get("th", "")},
            "starts_on": event.get("starts_on"),
            "ends_on": event.get("ends_on"),
        },
        "issued_by": {
            "organisation": issuer.get("organisation", {}),
            "signatory": issuer.get("signatory", {}).get("name", {}),
        },
        "issued_on": facts.get("issued_on"),
        "attended": None,
    }
    if document.kind == DocumentKind.CERTIFICATE:
        attended = facts.get("attended") or {}
        answer["attended"] = {
            "days": list(attended.get("days", [])),
            "sessions": [
                {"title": dict(session.get("title", {})), "day": session.get("day")}
                for session in attended.get("sessions", [])
            ],
        }
    return answer
