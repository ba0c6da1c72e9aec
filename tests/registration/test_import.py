"""A delegation's list from a CSV or XLSX file: upload, a preview that writes nothing, the import of
the valid rows in one transaction, idempotent by e-mail; the same from the command line."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from eventsys.accounts.models import Role
from eventsys.audit.models import AuditEntry
from eventsys.db import db
from eventsys.mail.models import OutboxMail
from eventsys.registration import import_values
from eventsys.registration.import_files import read_file
from eventsys.registration.models import (
    REASON_IMPORTED,
    CategoryCapacity,
    QuestionKind,
    Registration,
    RegistrationCategory,
    RegistrationChange,
    RegistrationStatus,
)
from eventsys.registration.settings import add_question
from tests.conftest import login

IMPORT = "/manage/events/open-roundtable/registrations/import"
HEADER = ["email", "first_name", "last_name", "country", "category", "organisation", "city"]


def csv_bytes(rows: list[list[str]], header=HEADER, *, bom: bool = True, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[list], header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def delegation(n: int, *, start: int = 1, category: str = "city_representative") -> list[list[str]]:
    return [
        [f"delegate{i}@mot.go.th", f"Delegate{i}", "Thai", "TH", category, "Ministry of Transport", "bangkok"]
        for i in range(start, start + n)
    ]


def upload(client, data: bytes, name: str = "delegation.csv", lang: str = "en"):
    return client.post(
        f"{IMPORT}?lang={lang}", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


def preview(client, data: bytes, name: str = "delegation.csv"):
    """Upload, follow to the preview; returns (preview URL, its HTML, the digest to import with)."""
    response = upload(client, data, name)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    url = response.headers["Location"]
    assert re.fullmatch(r"/manage/events/open-roundtable/registrations/import/[A-Za-z0-9_-]{32}", url)
    html = client.get(url + "?lang=en").get_data(as_text=True)
    digest = re.search(r'name="digest" type="hidden" value="([0-9a-f]+)"', html) or re.search(
        r'name="digest"[^>]*value="([0-9a-f]+)"', html
    )
    return url, html, digest.group(1)


def do_import(client, url: str, digest: str, **extra):
    return client.post(url + "?lang=en", data={"action": "import", "digest": digest, "consent": "y", **extra})


def row_of(html: str, line: int) -> str:
    return re.search(rf'<tr[^>]*data-line="{line}"[^>]*>.*?</tr>', html, re.S).group(0)


def action_of(html: str, line: int) -> str:
    return re.search(r'data-action="(\w+)"', row_of(html, line)).group(1)


def state() -> tuple[int, int, int, int]:
    db.session.expire_all()
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Registration, RegistrationChange, AuditEntry, OutboxMail)
    )


def by_email() -> dict[str, Registration]:
    db.session.expire_all()
    return {r.email: r for r in db.session.scalars(select(Registration))}


def test_preview_lists_every_rows_problems_by_line_and_writes_nothing(organizer_client, make, open_event, app):
    make.registration(open_event, email="known@mot.go.th", first_name="Known", last_name="Person", organisation="Old")
    rows = [
        [
            "new@mot.go.th",
            "Anong",
            "Sukjai",
            "Thailand",
            "City representative",
            "Ministry of Transport",
            "Bangkok",
        ],  # 2
        ["not-an-address", "Bad", "Mail", "TH", "observer", "", ""],  # 3
        ["nofirst@mot.go.th", "", "Name", "TH", "observer", "", ""],  # 4
        ["atlantis@mot.go.th", "Lost", "City", "Atlantis", "observer", "", ""],  # 5
        ["cat@mot.go.th", "Wrong", "Category", "TH", "minister", "", ""],  # 6
        ["ctrl@mot.go.th", "Bell\x07", "Control", "TH", "observer", "", ""],  # 7
        ["formula@mot.go.th", "Eve", "Formula", "TH", "observer", '=HYPERLINK("http://evil.example","x")', ""],  # 8
        ["twice@mot.go.th", "Twice", "One", "TH", "observer", "", ""],  # 9
        ["TWICE@mot.go.th", "Twice", "Two", "TH", "observer", "", ""],  # 10
        ["known@mot.go.th", "Known", "Person", "TH", "city_representative", "Ministry of Interior", "-"],  # 11
        ["vn@mot.go.th", "Lan", "Nguyen", "Viet Nam", "Observer", "-", ""],  # 12
    ]
    before = state()
    _url, html, _digest = preview(organizer_client, csv_bytes(rows))
    assert state() == before
    assert [action_of(html, line) for line in range(2, 13)] == [
        "create",
        "refused",
        "refused",
        "refused",
        "refused",
        "refused",
        "refused",
        "refused",
        "refused",
        "update",
        "create",
    ]
    assert "E-mail: Enter a valid e-mail address." in row_of(html, 3)
    assert "First name: This field is required." in row_of(html, 4)
    assert "Country: unknown country “Atlantis”." in row_of(html, 5)
    assert "Category: unknown category “minister”." in row_of(html, 6)
    assert "First name: contains control characters" in row_of(html, 7)
    assert "Organisation: starts with =, +, - or @, like a spreadsheet formula" in row_of(html, 8)
    assert "E-mail: the same address is on lines 9, 10." in row_of(html, 9)
    assert "E-mail: the same address is on lines 9, 10." in row_of(html, 10)
    assert "Organisation" in row_of(html, 11)  # what will change
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', html))
    assert counts == {"confirmed": "2", "waitlisted": "0", "updated": "1", "unchanged": "0", "refused": "8"}
    assert "Import the 3 valid rows" in html
    assert state() == before
    assert by_email()["known@mot.go.th"].organisation == "Old"  # the preview changed nothing
    assert len(list((Path(app.instance_path) / "registration-imports").glob("*.json"))) == 1


def test_import_writes_only_the_valid_rows_in_one_go_then_nothing_on_a_second_import(
    organizer_client, make, open_event, outbox
):
    make.registration(open_event, email="known@mot.go.th", first_name="Known", last_name="Person", organisation="Old")
    rows = [
        *delegation(3),
        ["known@mot.go.th", "Known", "Person", "TH", "city_representative", "Ministry of Interior", ""],
        ["broken", "No", "Mail", "TH", "observer", "", ""],
    ]
    data = csv_bytes(rows)
    url, _html, digest = preview(organizer_client, data)
    response = do_import(organizer_client, url, digest)
    assert (response.status_code, response.headers["Location"]) == (302, "/manage/events/open-roundtable/registrations")
    page = organizer_client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Imported: 3 new (3 confirmed, 0 on the waiting list), 1 updated, 0 unchanged, 1 refused." in page
    found = by_email()
    assert sorted(found) == ["delegate1@mot.go.th", "delegate2@mot.go.th", "delegate3@mot.go.th", "known@mot.go.th"]
    assert found["known@mot.go.th"].organisation == "Ministry of Interior"
    new = found["delegate1@mot.go.th"]
    assert (new.status, new.country_code, new.city.slug, new.category) == (
        RegistrationStatus.CONFIRMED,
        "TH",
        "bangkok",
        RegistrationCategory.CITY_REPRESENTATIVE,
    )
    assert (new.changes[0].actor, new.changes[0].reason) == ("organizer@example.org", REASON_IMPORTED)
    assert outbox() == []  # mails are off unless asked for
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "registration.import")).all()
    created_ids = sorted(found[f"delegate{i}@mot.go.th"].id for i in (1, 2, 3))
    assert sorted(entry.detail["created"]) == created_ids
    assert entry.detail["updated"] == [found["known@mot.go.th"].id]
    assert entry.detail["counts"] == {
        "created": 3,
        "confirmed": 3,
        "waitlisted": 0,
        "updated": 1,
        "unchanged": 0,
        "refused": 1,
    }
    assert (entry.detail["refused_lines"], entry.detail["mail"]) == ([6], False)
    assert sorted(entry.target_ids) == sorted(str(i) for i in [*created_ids, found["known@mot.go.th"].id])
    assert not list(Path(organizer_client.application.instance_path, "registration-imports").glob("*.json"))

    before = state()
    url, html, digest = preview(organizer_client, data)
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', html))
    assert counts == {"confirmed": "0", "waitlisted": "0", "updated": "0", "unchanged": "4", "refused": "1"}
    assert "Nothing to import: every row is unchanged or refused." in html and "valid row" not in html
    assert state() == before


def test_xlsx_rows_with_their_spreadsheet_line_numbers_and_formulas_refused(organizer_client, open_event):
    rows = [
        ["xl1@mot.go.th", "Somsak", "Rakthai", "TH", "speaker", "depa", "phuket"],  # 2
        [None, None, None, None, None, None, None],  # 3: blank line, skipped
        ["xl2@mot.go.th", "Malee", "Dee", "THA", "Speaker", "=1+1", None],  # 4: a real formula cell
        ["xl3@mot.go.th", "Number", "Cell", "TH", "observer", 12345, None],  # 5: numbers read as text
    ]
    url, html, digest = preview(organizer_client, xlsx_bytes(rows), "delegation.xlsx")
    assert [action_of(html, line) for line in (2, 4, 5)] == ["create", "refused", "create"]
    assert "Organisation: starts with =, +, - or @, like a spreadsheet formula" in row_of(html, 4)
    assert 'data-line="3"' not in html
    assert do_import(organizer_client, url, digest).status_code == 302
    found = by_email()
    assert sorted(found) == ["xl1@mot.go.th", "xl3@mot.go.th"]
    assert (found["xl3@mot.go.th"].organisation, found["xl1@mot.go.th"].city.slug) == ("12345", "phuket")


def test_more_rows_than_seats_confirms_the_free_seats_and_waitlists_the_rest(organizer_client, make, open_event):
    open_event.capacity = 4
    db.session.add(CategoryCapacity(event_id=open_event.id, category=RegistrationCategory.MEDIA, capacity=1))
    db.session.commit()
    make.registration(open_event, email="already@example.org")
    rows = [
        *delegation(4),
        ["press1@example.org", "Press", "One", "SG", "media", "", ""],
        ["press2@example.org", "Press", "Two", "SG", "media", "", ""],
    ]
    url, html, digest = preview(organizer_client, csv_bytes(rows))
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', html))
    assert (counts["confirmed"], counts["waitlisted"]) == ("3", "3")
    assert do_import(organizer_client, url, digest).status_code == 302
    found = by_email()
    statuses = {email: r.status.value for email, r in found.items()}
    assert statuses == {
        "already@example.org": "confirmed",
        "delegate1@mot.go.th": "confirmed",
        "delegate2@mot.go.th": "confirmed",
        "delegate3@mot.go.th": "confirmed",
        "delegate4@mot.go.th": "waitlisted",
        "press1@example.org": "waitlisted",
        "press2@example.org": "waitlisted",
    }
    assert sum(1 for s in statuses.values() if s == "confirmed") == open_event.capacity


def test_capacity_change_after_the_preview_stops_the_import_and_shows_the_new_preview(
    organizer_client, make, open_event
):
    open_event.capacity = 2
    db.session.commit()
    url, html, digest = preview(organizer_client, csv_bytes(delegation(2)))
    make.registration(open_event, email="meanwhile@example.org")  # takes one of the two seats
    before = state()
    response = do_import(organizer_client, url, digest)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Registrations or seats changed since the preview. Nothing was imported: check the new preview." in html
    assert state() == before
    new_digest = re.search(r'name="digest"[^>]*value="([0-9a-f]+)"', html).group(1)
    assert new_digest != digest
    assert do_import(organizer_client, url, new_digest).status_code == 302
    assert sorted((r.email, r.status.value) for r in by_email().values()) == [
        ("delegate1@mot.go.th", "confirmed"),
        ("delegate2@mot.go.th", "waitlisted"),
        ("meanwhile@example.org", "confirmed"),
    ]


def test_mails_go_out_only_when_asked(organizer_client, open_event, outbox):
    open_event.capacity = 1
    db.session.commit()
    url, _html, digest = preview(organizer_client, csv_bytes(delegation(2)))
    assert do_import(organizer_client, url, digest, send_mail="y").status_code == 302
    assert sorted((m.to_address, m.kind) for m in outbox()) == [
        ("delegate1@mot.go.th", "registration.confirmed"),
        ("delegate2@mot.go.th", "registration.waitlisted"),
    ]


def test_consent_must_be_recorded_before_importing(organizer_client, open_event):
    url, _html, digest = preview(organizer_client, csv_bytes(delegation(1)))
    response = organizer_client.post(url + "?lang=en", data={"action": "import", "digest": digest})
    assert response.status_code == 422
    assert "Confirm that the people in this file agreed to the processing of their personal data." in response.get_data(
        as_text=True
    )
    assert by_email() == {}


def test_cancel_forgets_the_upload(organizer_client, open_event):
    url, _html, _digest = preview(organizer_client, csv_bytes(delegation(1)))
    response = organizer_client.post(url + "?lang=en", data={"action": "cancel"})
    assert (response.status_code, response.headers["Location"]) == (302, "/manage/events/open-roundtable/registrations")
    again = organizer_client.get(url + "?lang=en")
    assert (again.status_code, again.headers["Location"]) == (302, IMPORT)
    assert "That upload is no longer available" in organizer_client.get(IMPORT + "?lang=en").get_data(as_text=True)
    assert by_email() == {}


def test_an_upload_is_only_for_the_organizer_who_made_it(client, make, open_event):
    login(client, make.organizer(open_event, email="first@example.org"))
    url, _html, digest = preview(client, csv_bytes(delegation(1)))
    client.post("/logout")
    login(client, make.organizer(open_event, email="second@example.org"))
    response = do_import(client, url, digest)
    assert (response.status_code, response.headers["Location"]) == (302, IMPORT)
    assert by_email() == {}


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "photo.csv", "This file is neither CSV text in UTF-8"),
        (b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n1 0 obj", "list.xlsx", "This file is neither CSV text in UTF-8"),
        (
            "email;first_name\nnon-utf8@example.org;Somchai\n".encode("cp874") + "สมชาย".encode("cp874"),
            "list.csv",
            "This file is neither CSV text in UTF-8",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "list.xls", "This is an old Excel (.xls) file."),
        (b"PK\x03\x04" + bytes(100), "list.xlsx", "This file is neither CSV text in UTF-8"),
        (b"Name,Phone\nSomchai Jaidee,+66 2 123 4567\n", "list.csv", "No known column in the first line."),
        (b"", "empty.csv", "The file is empty."),
    ],
)
def test_files_that_are_not_a_list_are_refused_with_a_message(organizer_client, open_event, app, data, name, message):
    response = upload(organizer_client, data, name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    folder = Path(app.instance_path) / "registration-imports"
    assert not folder.exists() or not list(folder.glob("*.json"))


def test_too_large_a_file_is_refused(organizer_client, open_event, app):
    app.config["REGISTRATION_IMPORT_MAX_BYTES"] = 1000
    response = upload(organizer_client, csv_bytes(delegation(40)))
    assert response.status_code == 422
    assert "The file is too large: at most 0.000953674 MB." in response.get_data(as_text=True)


def test_semicolons_no_bom_header_aliases_and_custom_questions(organizer_client, open_event):
    add_question(
        open_event,
        key="site_visit",
        label_en="Site visit?",
        label_th="ศึกษาดูงาน",
        kind=QuestionKind.YES_NO,
        required=True,
    )
    header = ["E-mail", "First Name", "Last Name", "Country", "Category", "Organization", "site_visit", "Language"]
    rows = [
        ["a@mot.go.th", "A", "One", "ไทย", "ผู้สังเกตการณ์", "MOT", "ใช่", "th"],
        ["b@mot.go.th", "B", "Two", "SG", "observer", "MOT", "", "en"],
        ["c@mot.go.th", "C", "Three", "SG", "observer", "MOT", "maybe", "fr"],
    ]
    url, html, digest = preview(organizer_client, csv_bytes(rows, header, bom=False, delimiter=";"))
    assert [action_of(html, line) for line in (2, 3, 4)] == ["create", "refused", "refused"]
    assert "Site visit?: This question needs an answer." in row_of(html, 3)
    assert "Site visit?: Answer yes or no." in row_of(html, 4) and "Language: use en or th (“fr”)." in row_of(html, 4)
    assert do_import(organizer_client, url, digest).status_code == 302
    registration = by_email()["a@mot.go.th"]
    assert (registration.country_code, registration.category, registration.language, registration.organisation) == (
        "TH",
        RegistrationCategory.OBSERVER,
        "th",
        "MOT",
    )
    assert [(a.question.key, a.value) for a in registration.answers] == [("site_visit", "yes")]


def test_template_files_list_the_accepted_columns(organizer_client, open_event):
    add_question(open_event, key="site_visit", label_en="Site visit?", label_th="ศึกษาดูงาน", kind=QuestionKind.YES_NO)
    response = organizer_client.get("/manage/events/open-roundtable/registrations/import-template.csv")
    assert (response.status_code, response.mimetype) == (200, "text/csv")
    assert response.data.decode("utf-8-sig").strip() == (
        "email,first_name,last_name,local_name,organisation,position,country,city,category,dietary,accessibility,"
        "language,site_visit"
    )
    response = organizer_client.get("/manage/events/open-roundtable/registrations/import-template.xlsx?lang=en")
    workbook = load_workbook(io.BytesIO(response.data))
    assert [c.value for c in workbook["Registrations"][1]][:3] == ["email", "first_name", "last_name"]
    guide = {row[0]: row for row in workbook["Columns"].iter_rows(min_row=2, values_only=True)}
    assert guide["email"][1] == "yes" and "city_representative (City representative)" in guide["category"][2]
    page = organizer_client.get(IMPORT + "?lang=en").get_data(as_text=True)
    assert "<code>site_visit</code>" in page and "import-template.xlsx" in page


def test_who_may_import(client, make, open_event):
    response = client.get(IMPORT)
    assert (response.status_code, response.headers["Location"]) == (302, f"/login?next={IMPORT}")
    for account in (
        make.user(email="delegate@example.org"),
        make.organizer(make.event("other-event"), email="other@example.org"),
        make.with_role(open_event, Role.CHECKIN_STAFF, email="desk@example.org"),
        make.with_role(open_event, Role.RAPPORTEUR, email="rapporteur@example.org"),
    ):
        login(client, account)
        assert client.get(IMPORT).status_code == 403
        assert upload(client, csv_bytes(delegation(1))).status_code == 403
        assert client.get(IMPORT.replace("import", "import-template.csv")).status_code == 403
        assert client.post(IMPORT + "/" + "a" * 32, data={"action": "import"}).status_code == 403
        client.post("/logout")
    assert by_email() == {}


def test_pages_render_in_thai(organizer_client, open_event):
    assert organizer_client.get(IMPORT + "?lang=th").status_code == 200
    response = upload(organizer_client, csv_bytes(delegation(1)), lang="th")
    html = organizer_client.get(response.headers["Location"] + "?lang=th").get_data(as_text=True)
    assert 'lang="th"' in html and 'data-action="create"' in html


# --- the pure parts: reading files and cells -------------------------------------------------------


def test_csv_line_numbers_count_multi_line_cells_and_blank_lines():
    data = csv_bytes(
        [
            ["a@x.org", "A", "One", "TH", "observer", "Line one\nline two", ""],
            [],
            ["b@x.org", "B", "Two", "TH", "observer", "", ""],
        ]
    )
    sheet = read_file(data)
    assert (sheet.kind, [line for line, _cells in sheet.rows]) == ("csv", [2, 5])
    assert sheet.rows[0][1][5] == "Line one\nline two"


def test_cells_as_people_type_them(app):
    assert [
        import_values.country_code(t)
        for t in ("th", "THA", "Thailand", "ไทย", "Lao PDR", "Viet Nam", "Vietnam", "Narnia")
    ] == ["TH", "TH", "TH", "TH", "LA", "VN", "VN", None]
    assert [import_values.category(t) for t in ("Speaker", "national focal point", "ผู้สังเกตการณ์", "vip")] == [
        RegistrationCategory.SPEAKER,
        RegistrationCategory.NATIONAL_FOCAL_POINT,
        RegistrationCategory.OBSERVER,
        None,
    ]
    assert [import_values.column_key(t) for t in ("\ufeffE-mail", " First Name ", "FIRST_NAME", "ｅｍａｉｌ")] == [
        "e_mail",
        "first_name",
        "first_name",
        "email",
    ]
    assert import_values.cell_problem("-") is None and import_values.cell_problem("@home") is not None
    assert import_values.cell_problem("Ali\u202eliA") == "contains control characters"
    assert import_values.cell_problem("ดร. สมชาย\u200b ใจดี") is None  # a zero-width space is Thai typing, not control


# --- the command line ----------------------------------------------------------------------------


def test_command_line_import_prints_counts_and_refused_lines(app, make, open_event, tmp_path, outbox):
    open_event.capacity = 2
    db.session.commit()
    path = tmp_path / "delegation.csv"
    path.write_bytes(csv_bytes([*delegation(3), ["bad", "No", "Mail", "TH", "observer", "", ""]]))
    result = app.test_cli_runner().invoke(args=["import-registrations", "open-roundtable", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:5] == [
        "Created: 3 (2 confirmed, 1 waitlisted)",
        "Waitlisted: 1",
        "Updated: 0",
        "Unchanged: 0",
        "Refused: 1",
    ]
    assert "  line 5: E-mail: Enter a valid e-mail address." in lines
    assert len(outbox()) == 3
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "registration.import")).all()
    assert entry.actor_label.startswith("command line") and entry.detail["file"] == "delegation.csv"

    again = app.test_cli_runner().invoke(args=["import-registrations", "open-roundtable", str(path), "--no-mail"])
    assert again.exit_code == 0
    assert again.output.splitlines()[:5] == [
        "Created: 0 (0 confirmed, 0 waitlisted)",
        "Waitlisted: 0",
        "Updated: 0",
        "Unchanged: 3",
        "Refused: 1",
    ]
    assert len(by_email()) == 3 and len(outbox()) == 3


def test_command_line_without_mail_and_with_xlsx(app, open_event, tmp_path, outbox):
    path = tmp_path / "delegation.xlsx"
    path.write_bytes(xlsx_bytes(delegation(2)))
    result = app.test_cli_runner().invoke(args=["import-registrations", "open-roundtable", str(path), "--no-mail"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Created: 2 (2 confirmed, 0 waitlisted)\n")
    assert outbox() == [] and len(by_email()) == 2


def test_command_line_errors(app, open_event, tmp_path):
    runner = app.test_cli_runner()
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(delegation(1)))
    unknown = runner.invoke(args=["import-registrations", "no-such-event", str(good)])
    assert unknown.exit_code == 1 and "No event with slug 'no-such-event'." in unknown.output
    missing = runner.invoke(args=["import-registrations", "open-roundtable", str(tmp_path / "missing.csv")])
    assert missing.exit_code == 1 and "Cannot read" in missing.output
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    unreadable = runner.invoke(args=["import-registrations", "open-roundtable", str(binary)])
    assert unreadable.exit_code == 1 and "This file is neither CSV text in UTF-8" in unreadable.output
    assert by_email() == {}


def test_imports_and_desk_additions_at_once_never_oversell(app, database, make, open_event):
    """Four imports and twelve walk-ins race for the last 5 seats, each with its own connection."""
    import threading

    from eventsys.events.models import Event
    from eventsys.registration.adding import add_registration
    from eventsys.registration.importing import run_import
    from tests.registration.conftest import payload

    open_event.capacity = 10
    db.session.commit()
    for i in range(5):
        make.registration(open_event, email=f"early{i}@example.org")
    event_id = open_event.id
    db.session.remove()
    files = [read_file(csv_bytes(delegation(3, start=10 * n))) for n in range(1, 5)]
    start = threading.Barrier(16)
    errors = []

    def race(n: int) -> None:
        with app.app_context():
            try:
                start.wait(timeout=30)
                event = db.session.get(Event, event_id)
                if n < 4:
                    run_import(event, files[n], actor=None, mail=False)
                else:
                    add_registration(event, payload(email=f"walkin{n}@example.org"), actor=None, waitlist_if_full=True)
            except Exception as exc:  # asserted below: no error is acceptable
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=race, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    statuses = [r.status for r in by_email().values()]
    assert len(statuses) == 5 + 12 + 12
    assert statuses.count(RegistrationStatus.CONFIRMED) == 10
    assert statuses.count(RegistrationStatus.WAITLISTED) == 19
