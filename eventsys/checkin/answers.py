"""What the door answers about a scan and a person: the JSON a scanner shows (result, message,
who it is, when they came in) and the light records it is built from."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from eventsys.badges import services as badges
from eventsys.checkin.models import Checkin, CheckinList, Scan, ScanResult
from eventsys.events.models import Event
from eventsys.i18n import country_name, format_clock, pick
from eventsys.registration.models import Registration, RegistrationCategory, RegistrationStatus

HTTP_STATUS = {
    ScanResult.CHECKED_IN: 201,
    ScanResult.ALREADY_CHECKED_IN: 200,
    ScanResult.CHECKED_OUT: 200,
    ScanResult.NOT_CHECKED_IN: 409,
    ScanResult.WRONG_EVENT: 403,
    ScanResult.REVOKED: 409,
    ScanResult.NOT_CONFIRMED: 409,
    ScanResult.INVALID: 422,
}


@dataclass(frozen=True)
class Delegate:
    """What the door judges and shows of a registration."""

    id: int
    event_id: int
    status: RegistrationStatus
    full_name: str
    local_name: str
    organisation: str
    category: RegistrationCategory
    country_code: str
    city_name_en: str | None
    city_name_th: str | None
    email: str
    accessibility: str

    @classmethod
    def of(cls, registration: Registration) -> Delegate:
        city = registration.city
        return cls(
            id=registration.id,
            event_id=registration.event_id,
            status=registration.status,
            full_name=registration.full_name,
            local_name=registration.local_name,
            organisation=registration.organisation,
            category=registration.category,
            country_code=registration.country_code,
            city_name_en=city.name_en if city else None,
            city_name_th=city.name_th if city else None,
            email=registration.email,
            accessibility=registration.accessibility,
        )

    @property
    def city_name(self) -> str:
        return pick(self.city_name_en, self.city_name_th) if self.city_name_en else ""


@dataclass(frozen=True)
class DoorList:
    """The check-in list a scan counts on, as the door's lookup read it."""

    id: int
    key: str
    name_en: str
    name_th: str

    @property
    def name(self) -> str:
        return pick(self.name_en, self.name_th)


@dataclass
class ScanOutcome:
    event: Event
    scan: Scan
    checkin_list: CheckinList | DoorList | None
    registration: Delegate | None
    checkin: Checkin | None
    replayed: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def result(self) -> ScanResult:
        return self.scan.result

    @property
    def status(self) -> int:
        return HTTP_STATUS[self.scan.result]

    @property
    def message(self) -> str:
        return result_message(self)

    def as_json(self) -> dict:
        registration = self.registration
        body = {
            "result": self.result.value,
            "ok": self.status < 300,
            "already_checked_in": self.result == ScanResult.ALREADY_CHECKED_IN,
            "message": self.message,
            "warnings": self.warnings,
            "list": {"key": self.checkin_list.key, "name": self.checkin_list.name} if self.checkin_list else None,
            "scan_id": self.scan.id,
            "scanned_at": self.scan.at.isoformat(),
            "replayed": self.replayed,
            "badge_serial": self.scan.badge_serial,
            "registration": registration_json(registration) if registration else None,
        }
        if self.checkin is not None:
            body["checked_in_at"] = self.checkin.at.isoformat()
            body["checked_in_at_local"] = format_clock(self.checkin.at, self.event.timezone)
            body["checked_out_at"] = self.checkin.checked_out_at.isoformat() if self.checkin.checked_out_at else None
        if self.result == ScanResult.ALREADY_CHECKED_IN:
            body["first_checked_in_at"] = body["checked_in_at"]
        return body


def mask_email(address: str) -> str:
    """Enough of an address to tell two namesakes apart at the door, not enough to harvest it:
    somchai@example.org is shown as s***@example.org."""
    local, at, domain = (address or "").partition("@")
    return f"{local[:1]}***@{domain}" if at else ""


def registration_json(person: Delegate | Registration) -> dict:
    """A person as the scanner and the door's search show them."""
    delegate = person if isinstance(person, Delegate) else Delegate.of(person)
    body = {
        "id": delegate.id,
        "name": delegate.full_name,
        "local_name": delegate.local_name,
        "organisation": delegate.organisation,
        "category": delegate.category.value,
        "category_label": badges.category_label(delegate.category),
        "country": country_name(delegate.country_code),
        "city": delegate.city_name,
        "status": delegate.status.value,
        "email_masked": mask_email(delegate.email),
    }
    checkins = getattr(person, "search_checkins", None)  # set by attendance.search_registrations
    if checkins is not None:
        body["checkins"] = checkins
    return body


# Each message is translated when it is needed: translating all six for every scan cost the door
# a twentieth of its Python calls.
RESULT_MESSAGES = {
    ScanResult.CHECKED_IN: lambda: _("Checked in."),
    ScanResult.CHECKED_OUT: lambda: _("Checked out."),
    ScanResult.NOT_CHECKED_IN: lambda: _("Not checked in on this list, so there is nothing to check out."),
    ScanResult.WRONG_EVENT: lambda: _("This badge is for another event."),
    ScanResult.REVOKED: lambda: _(
        "This badge was replaced (lost or wrong) and no longer admits anyone: its holder has a new one."
    ),
    ScanResult.INVALID: lambda: _("Not a valid badge code: it is damaged, altered or not one of ours."),
}


def result_message(outcome: ScanOutcome) -> str:
    event, checkin = outcome.event, outcome.checkin
    if outcome.result == ScanResult.ALREADY_CHECKED_IN and checkin is not None:
        return _("Already checked in at %(time)s.", time=format_clock(checkin.at, event.timezone))
    if outcome.result == ScanResult.NOT_CONFIRMED and outcome.registration is not None:
        return _("Registration not confirmed (%(status)s).", status=status_label(outcome.registration.status))
    message = RESULT_MESSAGES.get(outcome.result)
    return message() if message else ""


def status_label(status: RegistrationStatus) -> str:
    return {
        RegistrationStatus.PENDING: _("pending"),
        RegistrationStatus.CONFIRMED: _("confirmed"),
        RegistrationStatus.WAITLISTED: _("waitlisted"),
        RegistrationStatus.REJECTED: _("rejected"),
        RegistrationStatus.WITHDRAWN: _("withdrawn"),
    }[status]
