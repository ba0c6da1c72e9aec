"""The exhibitors' rules: applications, decisions mailed in the contact's language, booths, staff,
and the public directory. The floor plan's halls and booths are in floorplan.py."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.events.models import City, Event, Topic, TopicScheme
from eventsys.exhibitors import logos
from eventsys.exhibitors.models import (
    Booth,
    ExhibitionSettings,
    Exhibitor,
    ExhibitorKind,
    ExhibitorStaff,
    ExhibitorStatus,
)
from eventsys.i18n.collation import sort_key
from eventsys.mail.services import queue_mail
from eventsys.registration.models import Registration, RegistrationCategory, RegistrationStatus
from eventsys.registration.tokens import absolute_url

MAIL_KIND = "exhibitors.decision"


class ExhibitorNotFound(LookupError):
    pass


class ApplicationsClosed(RuntimeError):
    pass


class BoothTaken(ValueError):
    pass


# --- settings -----------------------------------------------------------------------------------


def settings_for(event: Event) -> ExhibitionSettings | None:
    return db.session.scalar(select(ExhibitionSettings).where(ExhibitionSettings.event_id == event.id))


def applications_open(event: Event) -> bool:
    settings = settings_for(event)
    return bool(settings and settings.applications_open) and not event.is_past()


def set_applications_open(event: Event, is_open: bool, *, actor) -> None:
    settings = settings_for(event)
    if settings is None:
        settings = ExhibitionSettings(event_id=event.id)
        db.session.add(settings)
    settings.applications_open = is_open
    record("settings.change", actor=actor, event=event, setting="exhibitor_applications", value=is_open)
    db.session.commit()


# --- applications -------------------------------------------------------------------------------


@dataclass
class Application:
    """What the form gives, already checked (forms.py)."""

    kind: ExhibitorKind
    name_en: str
    name_th: str
    country_code: str
    city: City | None
    topics: list[Topic]
    description_en: str
    description_th: str
    website: str
    contact_name: str
    contact_email: str
    contact_phone: str
    language: str
    logo: bytes | None = None  # checked by logos.check_logo


def focus_areas() -> list[Topic]:
    return db.session.scalars(
        select(Topic).where(Topic.scheme == TopicScheme.FOCUS_AREA).order_by(Topic.position, Topic.id)
    ).all()


def apply(event: Event, application: Application, *, status: ExhibitorStatus = ExhibitorStatus.PENDING) -> Exhibitor:
    """Save an application (the demo passes ACCEPTED). Commits; the logo file is written first, so
    a failed commit leaves at most an unreferenced file, never a row naming a missing file."""
    exhibitor = Exhibitor(
        event_id=event.id,
        status=status,
        kind=application.kind,
        name_en=application.name_en,
        name_th=application.name_th,
        country_code=application.country_code,
        city=application.city,
        description_en=application.description_en,
        description_th=application.description_th,
        website=application.website,
        contact_name=application.contact_name,
        contact_email=application.contact_email,
        contact_phone=application.contact_phone,
        language=application.language if application.language in ("en", "th") else "en",
    )
    exhibitor.topics = list(application.topics)
    if application.logo:
        content_type, extension = logos.check_logo(application.logo)
        exhibitor.logo_path = logos.store(event.id, application.logo, extension)
        exhibitor.logo_type = content_type
    db.session.add(exhibitor)
    db.session.flush()
    if status == ExhibitorStatus.PENDING:
        _mail(exhibitor, "exhibitors/mail/received")
    db.session.commit()
    return exhibitor


def get_exhibitor(event: Event, exhibitor_id: int, *, accepted_only: bool = True) -> Exhibitor:
    exhibitor = db.session.get(Exhibitor, exhibitor_id)
    if exhibitor is None or exhibitor.event_id != event.id:
        raise ExhibitorNotFound(exhibitor_id)
    if accepted_only and exhibitor.status != ExhibitorStatus.ACCEPTED:
        raise ExhibitorNotFound(exhibitor_id)
    return exhibitor


def applications(event: Event, status: ExhibitorStatus | None = None) -> list[Exhibitor]:
    stmt = (
        select(Exhibitor)
        .where(Exhibitor.event_id == event.id)
        .options(selectinload(Exhibitor.booth), selectinload(Exhibitor.city))
        .order_by(Exhibitor.created_at, Exhibitor.id)
    )
    if status is not None:
        stmt = stmt.where(Exhibitor.status == status)
    return db.session.scalars(stmt).all()


def counts(event: Event) -> dict[str, int]:
    rows = db.session.execute(
        select(Exhibitor.status, func.count()).where(Exhibitor.event_id == event.id).group_by(Exhibitor.status)
    ).all()
    found = {status.value: 0 for status in ExhibitorStatus}
    found.update({status.value: n for status, n in rows})
    return found


def exhibitor_url(exhibitor: Exhibitor) -> str:
    return absolute_url(f"/events/{exhibitor.event.slug}/exhibitors/{exhibitor.id}")


def _mail(exhibitor: Exhibitor, template: str) -> None:
    queue_mail(
        to=exhibitor.contact_email,
        template=template,
        language=exhibitor.language,
        context={"event": exhibitor.event, "exhibitor": exhibitor, "url": exhibitor_url(exhibitor)},
        event=exhibitor.event,
        kind=MAIL_KIND,
    )


def decide(exhibitor: Exhibitor, accept: bool, *, actor) -> bool:
    """Accept or decline; the contact is mailed in their language. False when it was already so."""
    status = ExhibitorStatus.ACCEPTED if accept else ExhibitorStatus.DECLINED
    if exhibitor.status == status:
        return False
    exhibitor.status = status
    exhibitor.decided_at = utcnow()
    exhibitor.decided_by_id = getattr(actor, "id", None)
    if not accept and exhibitor.booth is not None:
        exhibitor.booth.exhibitor_id = None  # a declined exhibitor leaves its booth free
    _mail(exhibitor, "exhibitors/mail/accepted" if accept else "exhibitors/mail/declined")
    record(
        "settings.change",
        actor=actor,
        event=exhibitor.event,
        target_type="exhibitor",
        targets=[exhibitor.id],
        setting="exhibitor_decision",
        value=status.value,
    )
    db.session.commit()
    return True


def assign_booth(exhibitor: Exhibitor, booth: Booth | None, *, actor) -> None:
    """Give the exhibitor `booth` (None: no booth). A booth held by another exhibitor is refused."""
    if booth is not None and booth.exhibitor_id not in (None, exhibitor.id):
        raise BoothTaken(booth.number)
    current = exhibitor.booth
    if current is not None and current is not booth:
        current.exhibitor_id = None
        db.session.flush()  # frees the unique exhibitor_id before the new booth takes it
    if booth is not None:
        booth.exhibitor_id = exhibitor.id
    record(
        "settings.change",
        actor=actor,
        event=exhibitor.event,
        target_type="exhibitor",
        targets=[exhibitor.id],
        setting="exhibitor_booth",
        value=booth.number if booth is not None else None,
    )
    db.session.commit()


# --- staff --------------------------------------------------------------------------------------


def invite_staff(exhibitor: Exhibitor, emails: list[str], *, actor) -> tuple[list[str], list[str]]:
    """Invite each address to register in the `exhibitor` category (the registration area's
    invitation, mailed in the exhibitor's language) and remember it as this exhibitor's staff.
    Returns (invited, refused): an address already staff of another exhibitor is refused."""
    from eventsys.registration.settings import invite
    from eventsys.registration.validation import normalise_email

    known = {
        s.email: s.exhibitor_id
        for s in db.session.scalars(select(ExhibitorStaff).where(ExhibitorStaff.event_id == exhibitor.event_id))
    }
    wanted, refused = [], []
    for raw in emails:
        email = normalise_email(raw)
        if not email:
            continue
        if known.get(email, exhibitor.id) != exhibitor.id:
            refused.append(email)
            continue
        wanted.append(email)
    created, bad = invite(
        exhibitor.event, wanted, category=RegistrationCategory.EXHIBITOR, actor=actor, language=exhibitor.language
    )
    for invitation in created:
        if invitation.email not in known:
            db.session.add(
                ExhibitorStaff(event_id=exhibitor.event_id, exhibitor_id=exhibitor.id, email=invitation.email)
            )
            known[invitation.email] = exhibitor.id
    db.session.commit()
    return [i.email for i in created], refused + bad


def staff_counts(event: Event) -> dict[int, int]:
    """Per exhibitor: its staff registered and confirmed in the `exhibitor` category (a count only:
    the public pages name nobody)."""
    rows = db.session.execute(
        select(ExhibitorStaff.exhibitor_id, func.count(Registration.id))
        .join(
            Registration,
            (Registration.event_id == ExhibitorStaff.event_id) & (Registration.email == ExhibitorStaff.email),
        )
        .where(
            ExhibitorStaff.event_id == event.id,
            Registration.category == RegistrationCategory.EXHIBITOR,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
        .group_by(ExhibitorStaff.exhibitor_id)
    ).all()
    return dict(rows)


def staff_of(exhibitor: Exhibitor) -> list[tuple[str, Registration | None]]:
    """For organizers: each invited address and its registration, if made."""
    registrations = {
        r.email: r
        for r in db.session.scalars(
            select(Registration).where(
                Registration.event_id == exhibitor.event_id,
                Registration.email.in_([s.email for s in exhibitor.staff]),
            )
        )
    }
    return [(s.email, registrations.get(s.email)) for s in sorted(exhibitor.staff, key=lambda s: s.email)]


# --- the public directory -----------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    kind: str = ""
    country: str = ""
    topic: str = ""

    @property
    def active(self) -> bool:
        return bool(self.q or self.kind or self.country or self.topic)


def accepted(event: Event):
    return (
        select(Exhibitor)
        .where(Exhibitor.event_id == event.id, Exhibitor.status == ExhibitorStatus.ACCEPTED)
        .options(selectinload(Exhibitor.booth), selectinload(Exhibitor.city), selectinload(Exhibitor.topics))
    )


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def directory(event: Event, filters: DirectoryFilters) -> list[Exhibitor]:
    """The accepted exhibitors matching `filters`, in the reader's alphabetical order."""
    stmt = accepted(event)
    if filters.q:
        pattern = _like(filters.q.lower())
        stmt = stmt.where(
            or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (
                        Exhibitor.name_en,
                        Exhibitor.name_th,
                        Exhibitor.description_en,
                        Exhibitor.description_th,
                    )
                )
            )
        )
    if filters.kind:
        stmt = stmt.where(Exhibitor.kind == ExhibitorKind(filters.kind))
    if filters.country:
        stmt = stmt.where(Exhibitor.country_code == filters.country)
    if filters.topic:
        stmt = stmt.where(Exhibitor.topics.any(Topic.slug == filters.topic))
    return sorted(db.session.scalars(stmt).all(), key=lambda e: sort_key(e.name))


def directory_countries(event: Event) -> list[str]:
    return sorted(
        set(
            db.session.scalars(
                select(Exhibitor.country_code).where(
                    Exhibitor.event_id == event.id, Exhibitor.status == ExhibitorStatus.ACCEPTED
                )
            )
        )
    )


def has_exhibitors(event: Event) -> bool:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Exhibitor)
            .where(Exhibitor.event_id == event.id, Exhibitor.status == ExhibitorStatus.ACCEPTED)
        )
        > 0
    )


def exhibitor_as_json(exhibitor: Exhibitor) -> dict:
    return {
        "id": exhibitor.id,
        "name": {"en": exhibitor.name_en, "th": exhibitor.name_th or None},
        "kind": exhibitor.kind.value,
        "country": exhibitor.country_code,
        "city": exhibitor.city.slug if exhibitor.city else None,
        "booth": exhibitor.booth.number if exhibitor.booth else None,
        "url": exhibitor_url(exhibitor),
    }


def forget_staff(person) -> tuple[str, list, list] | None:
    """An erasure step (registration/erasure.py): the staff row naming the erased person's address
    goes (the address is personal data; the exhibitor's count drops with the registration anyway)."""
    rows = db.session.scalars(
        select(ExhibitorStaff).where(ExhibitorStaff.event_id == person.event_id, ExhibitorStaff.email == person.email)
    ).all()
    if not rows:
        return None
    for row in rows:
        db.session.delete(row)
    return ("exhibitor_staff", [row.id for row in rows], [])
