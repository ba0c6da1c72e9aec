"""CSV and XLSX exports of exactly the rows an organizer's filters show, custom answers included."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _
from openpyxl import Workbook

from eventsys.i18n import country_name
from eventsys.registration.choices import category_label, status_label
from eventsys.registration.models import Question, Registration

# A cell starting with one of these would run as a formula in a spreadsheet (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
        registration.created_at.strftime("%Y-%m-%d %H:%M"),
        _("Yes") if registration.deletion_requested_at else "",
    ] + [answers[q.id].question.display_value(answers[q.id].value) if q.id in answers else "" for q in questions]


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(registrations: list[Registration], questions: list[Question]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers(questions))
    for registration in registrations:
        writer.writerow([_safe(v) for v in row(registration, questions)])
    # A byte-order mark so spreadsheet programs read Thai as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(registrations: list[Registration], questions: list[Question]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Registrations")
    sheet.append(headers(questions))
    for registration in registrations:
        sheet.append([_safe(v) for v in row(registration, questions)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
