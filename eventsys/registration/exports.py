"""CSV and XLSX exports of exactly the rows an organizer's filters show, custom answers included."""

from __future__ import annotations

from flask_babel import gettext as _

from eventsys.audit.services import record
from eventsys.db import commit_keeping_state
from eventsys.events.models import Event
from eventsys.i18n import country_name
from eventsys.registration.choices import category_label, status_label
from eventsys.registration.models import Question, Registration
from eventsys.spreadsheets import csv_bytes, xlsx_bytes


def visa_headers() -> list[str]:
    return [
        _("Visa letter"),
        _("Name as in passport"),
        _("Nationality"),
        _("Passport number"),
        _("Passport expiry date"),
        _("Date of birth"),
    ]


def visa_row(registration: Registration) -> list:
    """The visa letter columns: only in an export the organizer asked for them in (audited)."""
    request = registration.visa_letter_request
    if request is None:
        return [""] * 6
    details = request.details
    status = {"requested": _("Requested"), "approved": _("Approved"), "declined": _("Declined")}[request.status.value]
    if details is None:
        return [status, "", "", "", "", ""]
    return [
        status,
        details.name_in_passport,
        details.nationality,
        details.passport_number,
        details.passport_expiry.isoformat(),
        details.date_of_birth.isoformat(),
    ]


def headers(questions: list[Question]) -> list[str]:
    return [
        _("ID"),
        _("Status"),
        _("First name"),
        _("Last name"),
        _("Name in local script"),
        _("E-mail"),
        _("Organisation"),
        _("Position"),
        _("Country code"),
        _("Country"),
        _("City"),
        _("Category"),
        _("Dietary needs"),
        _("Accessibility needs"),
        _("Language"),
        _("In the published participant list"),
        _("Registered at (UTC)"),
        _("Deletion requested"),
    ] + [q.label for q in questions]


def row(registration: Registration, questions: list[Question]) -> list:
    answers = {a.question_id: a for a in registration.answers}
    return [
        registration.id,
        status_label(registration.status),
        registration.first_name,
        registration.last_name,
        registration.local_name,
        registration.email,
        registration.organisation,
        registration.position,
        registration.country_code,
        country_name(registration.country_code),
        registration.city.name if registration.city else "",
        category_label(registration.category),
        registration.dietary,
        registration.accessibility,
        registration.language,
        _("Yes") if registration.listed_as_participant else _("No"),
        registration.created_at.strftime("%Y-%m-%d %H:%M"),
        _("Yes") if registration.deletion_requested_at else "",
    ] + [answers[q.id].question.display_value(answers[q.id].value) if q.id in answers else "" for q in questions]


def _table(registrations: list[Registration], questions: list[Question], visa: bool) -> list[list]:
    """The header and the rows; with `visa`, the visa letter columns after the answers."""
    if not visa:
        return [headers(questions), *(row(registration, questions) for registration in registrations)]
    return [
        headers(questions) + visa_headers(),
        *(row(registration, questions) + visa_row(registration) for registration in registrations),
    ]


def to_csv(registrations: list[Registration], questions: list[Question], *, visa: bool = False) -> bytes:
    return csv_bytes(_table(registrations, questions, visa))


def to_xlsx(registrations: list[Registration], questions: list[Question], *, visa: bool = False) -> bytes:
    return xlsx_bytes([("Registrations", _table(registrations, questions, visa))])


def record_export(
    event: Event, registrations: list[Registration], *, actor, file_format: str, filters: dict, visa: bool = False
) -> None:
    """An export reveals personal data: the audit log names who took which delegates' data, and the
    entry is committed before the file leaves (no file without its entry)."""
    record(
        "registration.export",
        actor=actor,
        event=event,
        target_type="registration",
        targets=[registration.id for registration in registrations],
        export=f"registrations.{file_format}",
        rows=len(registrations),
        filters={k: v for k, v in filters.items() if k not in ("page", "visa")} or None,
        # Passport details left the site: the entry names the requests whose details went.
        visa_details=[r.visa_letter_request.id for r in registrations if r.visa_letter_request] if visa else None,
    )
    commit_keeping_state()  # the rows, already loaded, are written out next: no reload
