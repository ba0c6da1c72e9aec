"""Personal agendas: a confirmed delegate's own choice of published sessions, sign-ups that are
never oversold, and a private, revocable iCalendar feed of that choice.

A delegate reaches their agenda by a signed link (in every registration mail and on the manage
page; no account needed), or without it when this browser is signed in: through the account that
owns the registration, or as the address a mailed "My registrations" link proved. The link opens
for every state, so that no mail leads to a dead end: only a confirmed delegate chooses sessions.
"""

from __future__ import annotations

import hashlib
import secrets
from urllib.parse import quote

import qrcode
from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup, escape
from sqlalchemy import case, exists, func, select
from sqlalchemy.exc import IntegrityError

from eventsys.agenda.models import CalendarFeed, PersonalAgendaItem, PublishedSession
from eventsys.agenda.services import AgendaError
from eventsys.db import db, lock_for_update, utcnow
from eventsys.events.models import Event
from eventsys.i18n import current_language
from eventsys.registration.extras import MailExtra, ManagePanel
from eventsys.registration.models import Registration, RegistrationStatus

TOKEN_SALT = "personal-agenda"
FEED_SALT = "personal-agenda-feed"
# Who sees what at their agenda link: a waiting delegate the programme and when choosing opens,
# a withdrawn or rejected one a notice.
WAITING = (RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED)
CLOSED = (RegistrationStatus.WITHDRAWN, RegistrationStatus.REJECTED)


class SessionFull(AgendaError):
    pass


class NotOnOffer(AgendaError):
    pass


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def make_agenda_token(registration: Registration) -> str:
    """The signed part of a delegate's personal agenda link; void once manage_key_version changes."""
    return _serializer().dumps({"r": registration.id, "v": registration.manage_key_version})


def absolute_url(endpoint: str, **values) -> str:
    """A link for mails and feeds: BASE_URL + the path, also outside a request (CLI, workers)."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        with current_app.test_request_context("/"):
            path = url_for(endpoint, **values)
    return current_app.config["BASE_URL"] + path


def personal_agenda_url(registration: Registration) -> str:
    return absolute_url(
        "agenda.my_agenda_by_token", slug=registration.event.slug, token=make_agenda_token(registration)
    )


def _confirmed(registration: Registration | None, event: Event) -> Registration | None:
    if registration is None or registration.event_id != event.id:
        return None
    return registration if registration.status == RegistrationStatus.CONFIRMED else None


def registration_by_token(event: Event, token: str) -> Registration | None:
    """The registration an agenda link names, whatever its state; None if forged, voided or of
    another event."""
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    registration = db.session.get(Registration, payload.get("r")) if isinstance(payload.get("r"), int) else None
    if registration is None or registration.manage_key_version != payload.get("v"):
        return None
    return registration if registration.event_id == event.id else None


def registration_for_token(event: Event, token: str) -> Registration | None:
    """The confirmed registration an agenda link names (the one that may choose sessions)."""
    return _confirmed(registration_by_token(event, token), event)


def _best(stmt) -> Registration | None:
    """Of several registrations (one address may have registered twice), the confirmed one, else
    the newest."""
    return db.session.scalar(
        stmt.order_by(
            case((Registration.status == RegistrationStatus.CONFIRMED, 0), else_=1),
            Registration.created_at.desc(),
            Registration.id.desc(),
        ).limit(1)
    )


def registration_signed_in(event: Event, user=None, email: str | None = None) -> Registration | None:
    """The registration of whoever this browser is signed in as: the account's own, else one under
    the address a mailed "My registrations" link proved (registration/personal_signin.py)."""
    if getattr(user, "is_authenticated", False):
        registration = _best(
            select(Registration).where(Registration.event_id == event.id, Registration.user_id == user.id)
        )
        if registration is not None:
            return registration
    if email:
        return _best(select(Registration).where(Registration.event_id == event.id, Registration.email == email.lower()))
    return None


# --- timed items that areas above agenda add to a personal agenda ------------------------------
# Matchmaking sits above agenda (docs/architecture.md), so agenda cannot ask it for a delegate's
# meetings: it registers a provider here in its init_app, as areas plug into registration/extras.py.
# A provider takes a registration and returns items with uid, starts_at, ends_at, title, location
# and description; the "My agenda" page and the private calendar feed show them beside the sessions.
PERSONAL_ITEMS_KEY = "eventsys_agenda_personal_items"


def register_personal_items(app, provider) -> None:
    app.extensions.setdefault(PERSONAL_ITEMS_KEY, []).append(provider)


def personal_items(registration: Registration) -> list:
    items = [item for provider in current_app.extensions.get(PERSONAL_ITEMS_KEY, []) for item in provider(registration)]
    return sorted(items, key=lambda item: item.starts_at)


def chosen_session_ids(registration: Registration) -> set[int]:
    return set(
        db.session.scalars(
            select(PersonalAgendaItem.session_id).where(PersonalAgendaItem.registration_id == registration.id)
        )
    )


def clashes(sessions) -> dict[int, list]:
    """For each chosen session that runs at the same time as other chosen ones (breaks and the
    exhibition aside), those others, in time order."""
    timed = sorted((s for s in sessions if s.type.value not in ("break", "exhibition")), key=lambda s: s.starts_at)
    found: dict[int, list] = {}
    for i, first in enumerate(timed):
        for second in timed[i + 1 :]:
            if second.starts_at >= first.ends_at:
                break
            found.setdefault(first.id, []).append(second)
            found.setdefault(second.id, []).append(first)
    return {session_id: sorted(others, key=lambda s: s.starts_at) for session_id, others in found.items()}


def signup_counts(event: Event) -> dict[int, int]:
    rows = db.session.execute(
        select(PersonalAgendaItem.session_id, func.count())
        .join(PublishedSession, PublishedSession.session_id == PersonalAgendaItem.session_id)
        .where(PublishedSession.event_id == event.id)
        .group_by(PersonalAgendaItem.session_id)
    )
    return dict(rows.all())


def add_to_agenda(registration: Registration, session_id: int) -> PersonalAgendaItem:
    """Put a published session on the delegate's agenda. Where the session takes sign-ups with a
    limit, the count is decided inside this transaction with the session's row locked."""
    registration_id, event_id = registration.id, registration.event_id
    # End whatever transaction the request's reads began, so the lock below is the first thing
    # this transaction does (on SQLite, BEGIN IMMEDIATE then takes the write lock up front).
    db.session.commit()
    published = db.session.scalar(
        lock_for_update(
            select(PublishedSession).where(
                PublishedSession.session_id == session_id, PublishedSession.event_id == event_id
            )
        )
    )
    if published is None:
        db.session.rollback()
        raise NotOnOffer(_("That session is not in the published agenda."))
    existing = db.session.scalar(
        select(PersonalAgendaItem).where(
            PersonalAgendaItem.registration_id == registration_id, PersonalAgendaItem.session_id == session_id
        )
    )
    if existing is not None:
        db.session.rollback()
        return existing
    capacity = published.data.get("signup_capacity") if published.data.get("signup_required") else None
    if capacity is not None:
        taken = db.session.scalar(
            select(func.count()).select_from(PersonalAgendaItem).where(PersonalAgendaItem.session_id == session_id)
        )
        if taken >= capacity:
            db.session.rollback()
            raise SessionFull(
                _(
                    "Sorry, “%(title)s” is full: all %(capacity)d places are taken.",
                    title=published.data["title_en"],
                    capacity=capacity,
                )
            )
    item = PersonalAgendaItem(registration_id=registration_id, session_id=session_id)
    db.session.add(item)
    try:
        db.session.commit()
    except IntegrityError:  # the same delegate, twice at once (two tabs): one row is enough
        db.session.rollback()
        return db.session.scalar(
            select(PersonalAgendaItem).where(
                PersonalAgendaItem.registration_id == registration_id, PersonalAgendaItem.session_id == session_id
            )
        )
    return item


def remove_from_agenda(registration: Registration, session_id: int) -> bool:
    item = db.session.scalar(
        select(PersonalAgendaItem).where(
            PersonalAgendaItem.registration_id == registration.id, PersonalAgendaItem.session_id == session_id
        )
    )
    if item is None:
        return False
    db.session.delete(item)
    db.session.commit()
    return True


# --- the private calendar feed --------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def active_feed(registration: Registration) -> CalendarFeed | None:
    return db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.registration_id == registration.id, CalendarFeed.revoked_at.is_(None))
    )


def _feed_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=FEED_SALT)


def _feed_payload(feed: CalendarFeed) -> list[int]:
    # The feed's id, its delegate and the second it was made: if SQLite ever hands out a deleted
    # feed's id again, the new feed still gets a secret of its own. A list, not a dict: the URL
    # stays short, and so does (in modules) its QR code.
    return [feed.id, feed.registration_id, int(feed.created_at.timestamp())]


def feed_secret(feed: CalendarFeed) -> str | None:
    """The secret of a feed, recomputed from the row, so the page can show the link every time.

    Secrets are signed, not stored: the table keeps only their SHA-256 for the look-up, as before.
    Feeds made before secrets were signed have random ones, which still work (by their hash) but
    cannot be shown again: None, and the page offers a new link."""
    secret = _feed_serializer().dumps(_feed_payload(feed))
    return secret if _hash(secret) == feed.token_hash else None


def issue_feed(registration: Registration) -> str:
    """A new feed secret; any earlier feed URL of this delegate stops working."""
    revoke_feed(registration, commit=False)
    # A random stand-in hash until the id is known (the column is unique and not null).
    feed = CalendarFeed(
        registration_id=registration.id, token_hash=secrets.token_hex(32), created_at=utcnow().replace(microsecond=0)
    )
    db.session.add(feed)
    db.session.flush()
    secret = _feed_serializer().dumps(_feed_payload(feed))
    feed.token_hash = _hash(secret)
    db.session.commit()
    return secret


def ensure_feed(registration: Registration) -> CalendarFeed | None:
    """The active feed, made on the first visit of a confirmed delegate so the link is simply there.

    Only if the delegate never had one: a link they turned off (or an erasure revoked) stays off
    until they ask for a new one. The registration's row is locked first (PostgreSQL; SQLite's
    write lock does it), so two first visits at once make one feed."""
    feed = active_feed(registration)
    if feed is not None or registration.status != RegistrationStatus.CONFIRMED:
        return feed
    registration_id = registration.id
    db.session.commit()  # the lock below starts the transaction
    db.session.scalar(lock_for_update(select(Registration.id).where(Registration.id == registration_id)))
    had_one = db.session.scalar(select(exists().where(CalendarFeed.registration_id == registration_id)))
    if not had_one:
        issue_feed(registration)
    else:
        db.session.rollback()
    return active_feed(registration)


def revoke_feed(registration: Registration, *, commit: bool = True) -> int:
    feeds = db.session.scalars(
        select(CalendarFeed).where(CalendarFeed.registration_id == registration.id, CalendarFeed.revoked_at.is_(None))
    ).all()
    for feed in feeds:
        feed.revoked_at = utcnow()
    if commit:
        db.session.commit()
    return len(feeds)


def registration_for_feed(event: Event, secret: str) -> Registration | None:
    feed = db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.token_hash == _hash(secret or ""), CalendarFeed.revoked_at.is_(None))
    )
    if feed is None:
        return None
    return _confirmed(db.session.get(Registration, feed.registration_id), event)


def feed_url(event: Event, secret: str) -> str:
    return absolute_url("agenda.personal_feed", slug=event.slug, secret=secret)


def subscribe_links(url: str) -> dict[str, str]:
    """The feed as calendar apps take it: webcal:// opens the subscribe dialog of Apple Calendar,
    Outlook and most phones; Google Calendar takes the webcal address in `cid`."""
    webcal = "webcal://" + url.split("://", 1)[1]
    return {
        "https": url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
    }


def qr_svg(text: str, label: str) -> Markup:
    """`text` as a QR code in inline SVG (error correction M, quiet zone of four modules), for a
    phone to scan off the screen; role="img" and the label tell screen readers what it is."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(text)
    qr.make(fit=True)
    border, size = 4, qr.modules_count + 8
    path = "".join(
        f"M{x + border},{y + border}h1v1h-1z" for y, row in enumerate(qr.modules) for x, dark in enumerate(row) if dark
    )
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" aria-label="{label}" '
        'class="d-block w-100 h-auto" shape-rendering="crispEdges"><title>{label}</title>'
        '<rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>'
    ).format(size=size, label=escape(label), path=path)


# --- what the agenda adds to a delegate's manage page and mails --------------------------------


def manage_panel(registration: Registration, token: str) -> ManagePanel | None:
    """ "My agenda" on the manage page, with the number of sessions chosen; none once the
    registration was withdrawn or rejected."""
    if registration.status in CLOSED:
        return None
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    return ManagePanel(
        template="agenda/_my_agenda_panel.html",
        context={
            "agenda_panel": {
                "url": url_for(
                    "agenda.my_agenda_by_token", slug=registration.event.slug, token=make_agenda_token(registration)
                ),
                "count": len(chosen_session_ids(registration)) if confirmed else 0,
                "confirmed": confirmed,
            }
        },
        order=20,
    )


def mail_extra(registration: Registration, mail_name: str) -> MailExtra:
    """Every registration mail carries the agenda link ({agenda_url}, and a button); the mails
    that confirm a seat also the event itself as an .ics, built at delivery. The caller renders
    the mail in its language (force_locale): the label and the .ics speak it too."""
    url = personal_agenda_url(registration)
    if mail_name == "announcement":  # mail to participants: {agenda_url} only where the organizer put it
        return MailExtra(placeholders={"agenda_url": url})
    extra = MailExtra(links=[(_("Your personal agenda"), url)], placeholders={"agenda_url": url})
    if mail_name in ("confirmed", "promoted") and registration.status == RegistrationStatus.CONFIRMED:
        extra.attachments.append(
            {"kind": "event_ics", "event_id": registration.event_id, "language": current_language()}
        )
    return extra
