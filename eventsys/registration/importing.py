"""Registrations from a delegation's list (a CSV or XLSX file): check every row, preview, import.

`plan_import` checks each row of a file (read by import_files.py) against the event: the registration
form's field rules and custom questions (validation.py), the addresses already registered and the
free seats. It only reads, so the preview page runs it and writes nothing. `run_import` runs it again
inside the event lock (seats and registrations may have changed since the preview) and writes every
valid row in one transaction, or none.

Rows are matched by e-mail address. A registration that exists is updated with the columns the file
has, field by field, so importing the same file twice creates nothing the second time. New
registrations are confirmed while seats remain, overall and in their category, then waitlisted: the
organizer's list is their decision, so moderated events confirm too.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from eventsys.audit.services import record
from eventsys.db import db
from eventsys.events.models import Event
from eventsys.registration import import_values
from eventsys.registration.adding import record_change
from eventsys.registration.errors import InvalidRegistration, RegistrationError
from eventsys.registration.import_files import Sheet
from eventsys.registration.import_values import Columns, label_of, map_columns
from eventsys.registration.models import (
    REASON_IMPORTED,
    Answer,
    Question,
    Registration,
    RegistrationStatus,
)
from eventsys.registration.services import SeatCounter, _fill, lock_event, questions_for
from eventsys.registration.validation import clean_registration, normalise_email

S = RegistrationStatus
TEXT_FIELDS = ("first_name", "last_name", "local_name", "organisation", "position", "dietary", "accessibility")


class PlanChanged(RegistrationError):
    code = "import_changed"
    status = 409
    default_message = _l(
        "Registrations or seats changed since the preview. Nothing was imported: check the new preview."
    )


@dataclass
class RowPlan:
    line: int
    cells: dict[str, str]
    problems: list[str] = field(default_factory=list)
    action: str = "refused"  # create, update, unchanged or refused
    status: RegistrationStatus | None = None  # a new registration's status
    changes: list[str] = field(default_factory=list)
    existing: Registration | None = None  # the registration with this address before the import
    registration: Registration | None = None  # the one the import created or updated
    clean: dict | None = None
    language: str = "en"

    @property
    def email(self) -> str:
        return normalise_email(self.cells.get("email", ""))

    @property
    def name(self) -> str:
        return " ".join(f"{self.cells.get('first_name', '')} {self.cells.get('last_name', '')}".split())


def read_row(line: int, cells: list[str], columns: Columns, questions: dict[str, Question]) -> RowPlan:
    """A row's cells by column name; cells that look like formulas or hold control characters are
    refused (and left empty), a lone dash counts as empty."""
    row = RowPlan(line=line, cells={})
    for name, position in columns.index.items():
        text = cells[position] if position < len(cells) else ""
        problem = import_values.cell_problem(text)
        if problem:
            row.problems.append(f"{label_of(name, questions)}: {problem}")
            text = ""
        row.cells[name] = "" if text.strip() in import_values.PLACEHOLDERS else text
    return row


def _payload(row: RowPlan, base: Registration | None, questions: list[Question]) -> tuple[dict, set[str]]:
    """What clean_registration takes: the file's cells, and for an existing registration its own
    values where the file has no column. Returns the fields already found wrong here."""
    cells, wrong = row.cells, set()
    data = {name: cells.get(name, getattr(base, name, "") if base else "") for name in TEXT_FIELDS}
    data.update(email=cells.get("email", ""), consent=True, city=None)
    if "country" in cells:
        data["country"] = import_values.country_code(cells["country"]) or ""
        if cells["country"].strip() and not data["country"]:
            wrong.add("country")
            row.problems.append(_("Country: unknown country “%(value)s”.", value=cells["country"].strip()))
    else:
        data["country"] = base.country_code if base else ""
    if "category" in cells:
        category = import_values.category(cells["category"])
        data["category"] = category.value if category else ""
        if cells["category"].strip() and category is None:
            wrong.add("category")
            row.problems.append(_("Category: unknown category “%(value)s”.", value=cells["category"].strip()))
    else:
        data["category"] = base.category.value if base else ""
    row.language = base.language if base else "en"
    if cells.get("language", "").strip():
        row.language = import_values.language(cells["language"]) or ""
        if not row.language:
            row.problems.append(_("Language: use en or th (“%(value)s”).", value=cells["language"].strip()))
    answers = {a.question.key: a.value for a in base.answers} if base else {}
    for question in questions:
        if f"q:{question.key}" in cells:
            answers[question.key] = import_values.answer(question, cells[f"q:{question.key}"])
    data["answers"] = answers
    return data, wrong


def check_row(row: RowPlan, base: Registration | None, questions: list[Question], cities: import_values.Cities) -> None:
    data, wrong = _payload(row, base, questions)
    city = base.city if base else None
    if "city" in row.cells:
        city = cities.find(row.cells["city"])
        if row.cells["city"].strip() and city is None:
            row.problems.append(_("City: unknown ASCN city “%(value)s”.", value=row.cells["city"].strip()))
    try:
        row.clean = clean_registration(data, questions)
        row.clean["city"] = city
    except InvalidRegistration as exc:
        by_key = {q.key: q for q in questions}
        row.problems.extend(
            f"{label_of(name, by_key)}: {message}" for name, message in exc.errors.items() if name not in wrong
        )


def changed_fields(registration: Registration, clean: dict, language: str) -> list[str]:
    changes = [name for name in TEXT_FIELDS if getattr(registration, name) != clean[name]]
    if registration.country_code != clean["country_code"]:
        changes.append("country")
    if registration.city_id != (clean["city"].id if clean["city"] else None):
        changes.append("city")
    if registration.category != clean["category"]:
        changes.append("category")
    if registration.language != language:
        changes.append("language")
    if {a.question_id: a.value for a in registration.answers} != clean["answers"]:
        changes.append("answers")
    return changes


@dataclass
class Plan:
    rows: list[RowPlan]
    columns: Columns

    def count(self, action: str, status: RegistrationStatus | None = None) -> int:
        return sum(1 for r in self.rows if r.action == action and (status is None or r.status == status))

    @property
    def counts(self) -> dict[str, int]:
        return {
            "created": self.count("create"),
            "confirmed": self.count("create", S.CONFIRMED),
            "waitlisted": self.count("create", S.WAITLISTED),
            "updated": self.count("update"),
            "unchanged": self.count("unchanged"),
            "refused": self.count("refused"),
        }

    @property
    def importable(self) -> int:
        return self.count("create") + self.count("update")

    def digest(self) -> str:
        """What the organizer saw in the preview: each row's line, action and new status."""
        seen = [(r.line, r.action, r.status.value if r.status else "", r.changes) for r in self.rows]
        return hashlib.sha256(json.dumps(seen).encode()).hexdigest()[:32]


def _existing(event: Event, emails: list[str]) -> dict[str, Registration]:
    found = {}
    for start in range(0, len(emails), 500):
        found.update(
            (r.email, r)
            for r in db.session.scalars(
                select(Registration)
                .where(Registration.event_id == event.id, Registration.email.in_(emails[start : start + 500]))
                .options(selectinload(Registration.answers).selectinload(Answer.question))
            )
        )
    return found


def plan_import(event: Event, sheet: Sheet, questions: list[Question] | None = None) -> Plan:
    """Each row's fate if imported now. Reads only; ImportFileError if no column is known."""
    questions = questions_for(event) if questions is None else questions
    by_key = {q.key: q for q in questions}
    columns = map_columns(sheet.header, questions)
    rows = [read_row(line, cells, columns, by_key) for line, cells in sheet.rows]
    lines_of = defaultdict(list)
    for row in rows:
        if row.email:
            lines_of[row.email].append(str(row.line))
    existing = _existing(event, sorted(lines_of))
    cities = import_values.Cities.load()
    seats = SeatCounter(event)
    for row in rows:
        row.existing = existing.get(row.email)
        base = row.existing if row.existing is not None and row.existing.status != S.WITHDRAWN else None
        check_row(row, base, questions, cities)
        if len(lines_of[row.email]) > 1:
            row.problems.append(
                _("E-mail: the same address is on lines %(lines)s.", lines=", ".join(lines_of[row.email]))
            )
        if row.problems:
            continue
        category = row.clean["category"]
        if base is None:
            row.action, row.status = "create", (S.CONFIRMED if seats.has_seat(category) else S.WAITLISTED)
            if row.status == S.CONFIRMED:
                seats.take(category)
            continue
        row.changes = changed_fields(base, row.clean, row.language)
        if "category" in row.changes and base.status == S.CONFIRMED:
            seats.free(base.category)
            if not seats.has_seat(category):
                seats.take(base.category)
                row.problems.append(
                    _("Category: no seat is left in the new category; change it on the registration's page.")
                )
                continue
            seats.take(category)
        row.action = "update" if row.changes else "unchanged"
    return Plan(rows, columns)


def _update(registration: Registration, row: RowPlan) -> None:
    clean = row.clean
    for name in TEXT_FIELDS:
        setattr(registration, name, clean[name])
    registration.country_code, registration.city = clean["country_code"], clean["city"]
    registration.category, registration.language = clean["category"], row.language
    by_question = {a.question_id: a for a in registration.answers}
    for question_id, answer in by_question.items():
        if question_id not in clean["answers"]:
            registration.answers.remove(answer)
    for question_id, value in clean["answers"].items():
        if question_id in by_question:
            by_question[question_id].value = value
        else:
            registration.answers.append(Answer(question_id=question_id, value=value))


def run_import(
    event: Event, sheet: Sheet, *, actor, mail: bool, filename: str = "", expected: str | None = None
) -> Plan:
    """Import the valid rows, all in one transaction. With `expected` (the preview's digest), import
    only if the rows would fare exactly as the preview showed (PlanChanged otherwise)."""
    questions = questions_for(event)
    try:
        event = lock_event(event)
        plan = plan_import(event, sheet, questions)
        if expected is not None and plan.digest() != expected:
            raise PlanChanged()
        created = [r for r in plan.rows if r.action == "create"]
        for row in created:  # new, or registering again after withdrawing
            row.registration = row.existing or Registration(event=event, email=row.clean["email"])
            _fill(
                row.registration,
                row.clean,
                category=row.clean["category"],
                language=row.language,
                status=row.status,
                user=None,
            )
            db.session.add(row.registration)
        db.session.flush()
        for row in created:
            from_status = S.WITHDRAWN if row.existing is not None else None
            record_change(
                row.registration,
                from_status,
                row.status,
                actor=actor or "command line",
                reason=REASON_IMPORTED,
                mail=mail,
            )
        updated = [r for r in plan.rows if r.action == "update"]
        for row in updated:
            row.registration = row.existing
            _update(row.registration, row)
        db.session.flush()
        record(
            "registration.import",
            actor=actor,
            event=event,
            target_type="registration",
            targets=[r.registration.id for r in created + updated],
            created=[r.registration.id for r in created],
            updated=[r.registration.id for r in updated],
            refused_lines=[r.line for r in plan.rows if r.action == "refused"],
            mail=mail,
            file=filename or None,
            consent="given by the organizer on the delegates' behalf",
            counts=plan.counts,
        )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # someone registered one of these addresses between plan and insert
        raise PlanChanged() from None
    except BaseException:
        db.session.rollback()
        raise
    return plan
