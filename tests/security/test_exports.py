"""Every CSV and XLSX export defangs formulas and survives control characters.

One registration holds a value for each way a cell can start a formula (=, +, -, @, tab, carriage
return), control characters in the middle of a text and before a formula, and a question's answer
and label that do the same. Each export is parsed back (csv, openpyxl) and its cells compared exactly.
"""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from eventsys.accounts.models import Role
from eventsys.db import db
from eventsys.registration.models import Answer, Question, QuestionKind
from eventsys.spreadsheets import safe_cell, xlsx_bytes
from tests.conftest import login

# (stored value, the cell a spreadsheet program gets)
HOSTILE = {
    "first_name": ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    "last_name": ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
    "local_name": ("+1+1", "'+1+1"),
    "organisation": ("-2+3", "'-2+3"),
    "position": ("\tTabbed", "'\tTabbed"),
    "dietary": ("\rReturned", "'\rReturned"),
    # Control characters are removed, then the text is checked: what is left may start a formula.
    "accessibility": ('\x0c=HYPERLINK("http://x")\x0b\x01\x1f', '\'=HYPERLINK("http://x")'),
}
QUESTION_LABEL = ("=Question\x0bone", "'=Questionone")
ANSWER = ("@answer\x1b", "'@answer")


@pytest.fixture
def event(make):
    return make.event("hostile-exports")


@pytest.fixture
def organizer(make, event):
    return make.organizer(event, email="organizer@example.org")


@pytest.fixture
def hostile(make, event):
    question = Question(event_id=event.id, key="note", label_en=QUESTION_LABEL[0], kind=QuestionKind.TEXT, position=0)
    db.session.add(question)
    db.session.flush()
    registration = make.registration(event, email="hostile@example.org", **{k: v for k, (v, _) in HOSTILE.items()})
    db.session.add(Answer(registration_id=registration.id, question_id=question.id, value=ANSWER[0]))
    db.session.commit()
    return registration


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def _xlsx(response) -> list[list]:
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def _by_header(rows: list[list]) -> dict[str, object]:
    header, *data = rows
    assert len(data) == 1, data
    return dict(zip(header, data[0], strict=True))


def test_the_registrations_csv(client, event, organizer, hostile):
    login(client, organizer)
    cells = _by_header(_csv(client.get("/manage/events/hostile-exports/registrations.csv?lang=en")))
    expected = dict(
        zip(
            ["First name", "Last name", "Name in local script", "Organisation", "Position", "Dietary needs"],
            [HOSTILE[k][1] for k in ("first_name", "last_name", "local_name", "organisation", "position", "dietary")],
            strict=True,
        )
    )
    assert {name: cells[name] for name in expected} == expected
    assert cells["Accessibility needs"] == HOSTILE["accessibility"][1]
    assert cells[QUESTION_LABEL[1]] == ANSWER[1]


def test_the_registrations_xlsx(client, event, organizer, hostile):
    """A control character used to make openpyxl refuse the file: a 500 for everyone."""
    login(client, organizer)
    cells = _by_header(_xlsx(client.get("/manage/events/hostile-exports/registrations.xlsx?lang=en")))
    assert cells["First name"] == HOSTILE["first_name"][1]
    assert cells["Last name"] == HOSTILE["last_name"][1]
    assert cells["Name in local script"] == HOSTILE["local_name"][1]
    assert cells["Organisation"] == HOSTILE["organisation"][1]
    assert cells["Position"] == HOSTILE["position"][1]
    # XLSX stores a carriage return as an escape that openpyxl reads back as the character.
    assert cells["Dietary needs"] == HOSTILE["dietary"][1]
    assert cells["Accessibility needs"] == HOSTILE["accessibility"][1]
    assert cells[QUESTION_LABEL[1]] == ANSWER[1]
    assert cells["ID"] == hostile.id  # numbers stay numbers


def test_the_attendance_csv(client, make, event, hostile):
    from eventsys.checkin import services as checkin

    staff = make.with_role(event, Role.CHECKIN_STAFF, email="door@example.org", name="Door")
    checkin.record_scan(event, nonce="hostile-attendance-1", registration_id=hostile.id, user=staff)
    login(client, staff)
    cells = _by_header(_csv(client.get("/events/hostile-exports/checkin/attendance.csv")))
    assert [cells[k] for k in ("first_name", "last_name", "local_name", "organisation")] == [
        HOSTILE[k][1] for k in ("first_name", "last_name", "local_name", "organisation")
    ]


def test_the_audit_csv(client, event, organizer):
    from eventsys.audit.services import record

    record("registration.export", actor="=cmd|' /C calc'!A0\x0b", event=event, export="-x")
    db.session.commit()
    login(client, organizer)
    rows = _csv(client.get("/manage/events/hostile-exports/audit.csv?lang=en"))
    by_actor = {row[2]: row for row in rows[1:]}
    assert "'=cmd|' /C calc'!A0" in by_actor
    assert by_actor["'=cmd|' /C calc'!A0"][8] == '{"export": "-x"}'


def test_the_import_templates(client, event, organizer, hostile):
    choice = Question(
        event_id=event.id,
        key="visit",
        label_en="+Site visit\x0c",
        kind=QuestionKind.CHOICE,
        choices=[{"key": "a", "en": "@first", "th": ""}, {"key": "b", "en": "second", "th": ""}],
        position=1,
    )
    db.session.add(choice)
    db.session.commit()
    login(client, organizer)
    header = _csv(client.get("/manage/events/hostile-exports/registrations/import-template.csv?lang=en"))
    assert header == [["email", *header[0][1:-2], "note", "visit"]]
    response = client.get("/manage/events/hostile-exports/registrations/import-template.xlsx?lang=en")
    workbook = load_workbook(io.BytesIO(response.data), read_only=True)
    guide = {row[0]: row for row in workbook["Columns"].iter_rows(values_only=True)}
    assert guide["note"][2] == "'=Questionone: Text."
    assert guide["visit"][2] == "'+Site visit: One of: a (@first), b (second)."


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\x00=1", "'=1"),
        ("\x0b\x0c\x1f", ""),
        ("a\ud800b", "a\ufffdb"),
        ("plain ไทย", "plain ไทย"),
        ("'=already text", "'=already text"),
        (-5, -5),
        (None, None),
    ],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell
    assert safe_cell(safe_cell(value)) == cell  # defanging twice changes nothing more


def test_a_long_text_is_cut_to_what_an_xlsx_cell_holds():
    data = xlsx_bytes([("Sheet", [["x" * 40_000, "=" + "y" * 40_000]])])
    row = next(load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True))
    assert [len(row[0]), len(row[1]), row[1][:2]] == [32_767, 32_767, "'="]


# --- the other way: a file imported with control characters --------------------------------------


def _upload(client, rows):
    from tests.registration.test_import import HEADER, csv_bytes

    return client.post(
        "/manage/events/hostile-exports/registrations/import?lang=en",
        data={"file": (io.BytesIO(csv_bytes(rows, HEADER)), "delegation.csv")},
        content_type="multipart/form-data",
    )


def test_an_imported_file_with_control_characters_gets_field_errors_not_a_500(client, organizer):
    """Every text of an imported row is checked like the form's: nothing with a control character
    reaches the database (PostgreSQL cannot store NUL; the others break every export)."""
    import re

    from eventsys.demo.seed import seed_reference_data
    from eventsys.registration.models import Registration

    seed_reference_data()
    db.session.commit()
    login(client, organizer)
    nul = _upload(client, [["nul@mot.go.th", "Som\x00chai", "Jaidee", "TH", "city_representative", "", "bangkok"]])
    assert nul.status_code == 422  # the CSV reader refuses NUL: the whole file, with a message
    assert "This file is neither CSV text in UTF-8 nor an Excel workbook" in nul.get_data(as_text=True)
    rows = [
        ["vt@mot.go.th", "Som\x0bchai", "Jaidee", "TH", "city_representative", "Ministry\x1bof Transport", "bangkok"],
        ["ff@mot.go.th", "Somsri", "Jaidee", "T\x0cH", "city_\x0crepresentative", "Ministry", "bang\x0ckok"],
        ["good@mot.go.th", "Malee", "Jaidee", "TH", "city_representative", "Ministry", "bangkok"],
    ]
    response = _upload(client, rows)
    assert response.status_code == 303, response.status_code
    html = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "First name: contains control characters" in html and "City: contains control characters" in html
    digest = re.search(r'name="digest"[^>]*value="([0-9a-f]+)"', html).group(1)
    imported = client.post(
        response.headers["Location"] + "?lang=en", data={"action": "import", "digest": digest, "consent": "y"}
    )
    assert imported.status_code == 302
    assert sorted(db.session.scalars(sa.select(Registration.email))) == ["good@mot.go.th"]
