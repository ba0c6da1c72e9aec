"""Badge PDFs read back with tools nobody here wrote: pdftotext, pdfinfo, pdftoppm + zbarimg."""

import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import select

from eventsys.badges import services
from eventsys.badges.models import Badge, BadgePrint
from eventsys.registration.models import RegistrationStatus
from tests.conftest import login
from tests.pdftext import pdfinfo, pdftotext, squash


def decode_qr_codes(pdf: bytes, page: int = 1) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "badges.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "150",
                "-gray",
                "-png",
                "-f",
                str(page),
                "-l",
                str(page),
                str(path),
                str(Path(tmp) / "page"),
            ],
            check=True,
        )
        image = next(Path(tmp).glob("page*.png"))
        out = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True).stdout
    return sorted(line for line in out.splitlines() if line)


def test_the_badge_pdf_carries_both_names_and_a_qr_that_checks_in(
    app, client, make, event, delegate, organizer, staff, token_for
):
    pdf, _run = services.print_badges(event, [delegate], layout_name="a6", user=organizer, scope="one", workers=1)
    info = pdfinfo(pdf)
    assert info["Pages"] == "1"
    assert info["Page size"].startswith("297.638 x 419.528 pts")  # A6
    text = squash(pdftotext(pdf, raw=True))
    assert "Nuttapon" in text and "Nimmanphatcharin" in text
    assert "ณัฐพล นิมมานพัชรินทร์" in text
    assert "SPEAKER" in text and "Digital Economy Promotion Agency (depa)" in text and "Thailand" in text

    codes = decode_qr_codes(pdf)
    assert codes == [services.code_for(services.current_badge(delegate))]
    headers = token_for(staff)
    response = client.post(
        f"/api/v1/events/{event.slug}/checkins", headers=headers, json={"code": codes[0], "nonce": "scan-0000001"}
    )
    assert response.status_code == 201, response.json
    assert response.json["registration"]["name"] == "Nuttapon Nimmanphatcharin"

    flipped = codes[0][:40] + ("B" if codes[0][40] != "B" else "C") + codes[0][41:]
    refused = client.post(
        f"/api/v1/events/{event.slug}/checkins", headers=headers, json={"code": flipped, "nonce": "scan-0000002"}
    )
    assert refused.status_code == 422
    assert refused.json["result"] == "invalid"


def test_four_up_sheets_hold_four_badges_each_and_every_code_decodes(app, make, event, organizer):
    people = [make.registration(event, first_name=f"Delegate{i}", last_name="Tester") for i in range(5)]
    pdf, run = services.print_badges(event, people, layout_name="a6-4up", user=organizer, workers=2)
    info = pdfinfo(pdf)
    assert info["Pages"] == "2"
    assert info["Page size"].startswith("595.276 x 841.89 pts")  # A4
    expected = sorted(services.code_for(services.current_badge(p)) for p in people)
    assert sorted(decode_qr_codes(pdf, 1) + decode_qr_codes(pdf, 2)) == expected
    assert (run.badge_count, run.reprint_count, run.scope, run.layout) == (5, 0, "selection", "a6-4up")


def test_printing_again_keeps_the_code_and_is_counted(app, db, make, event, delegate, organizer):
    """A second layout, or a reprint after a paper jam, carries the very same code: the badge
    handed out first still checks in."""
    first_pdf, _ = services.print_badges(event, [delegate], user=organizer, scope="one", workers=1)
    again_pdf, run = services.print_badges(event, [delegate], layout_name="id1", user=organizer, scope="one", workers=1)
    assert (
        decode_qr_codes(first_pdf)
        == decode_qr_codes(again_pdf)
        == [services.code_for(services.current_badge(delegate))]
    )
    badges = db.session.scalars(select(Badge).filter_by(registration_id=delegate.id).order_by(Badge.serial)).all()
    assert [(b.serial, b.is_revoked, b.print_count) for b in badges] == [(1, False, 2)]
    assert run.reprint_count == 1 and run.layout == "id1"
    runs = db.session.scalars(select(BadgePrint).order_by(BadgePrint.id)).all()
    assert [(r.actor, r.scope, r.registration_ids) for r in runs] == [
        ("organizer@example.org", "one", [delegate.id]),
        ("organizer@example.org", "one", [delegate.id]),
    ]


def test_selection_filters(app, make, event):
    from eventsys.registration.models import RegistrationCategory

    media = make.registration(event, first_name="Mia", last_name="Press", category=RegistrationCategory.MEDIA)
    make.registration(event, first_name="Pending", last_name="Person", status=RegistrationStatus.PENDING)
    speaker = make.registration(event, first_name="Sam", last_name="Speaker", category=RegistrationCategory.SPEAKER)
    assert services.select_registrations(event, services.Selection()) == [media, speaker]
    assert services.select_registrations(event, services.Selection(categories=("media",))) == [media]
    services.print_badges(event, [media], workers=1)
    assert services.select_registrations(event, services.Selection(only_unprinted=True)) == [speaker]
    assert services.select_registrations(event, services.Selection(search="sam spe")) == [speaker]
    assert services.select_registrations(event, services.Selection(search="press sam")) == []
    assert services.select_registrations(event, services.Selection(search="speaker")) == [speaker]


def test_cli_prints_all_confirmed_delegates(app, make, event, tmp_path):
    make.registration(event, first_name="Ann", last_name="One")
    make.registration(event, first_name="Ben", last_name="Two")
    make.registration(event, first_name="Withdrawn", last_name="Three", status=RegistrationStatus.WITHDRAWN)
    out = tmp_path / "badges.pdf"
    result = app.test_cli_runner().invoke(
        args=["badges", event.slug, "-o", str(out), "--layout", "a7-8up", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "2 badge(s) (0 reprinted) on layout a7-8up" in result.output
    info = pdfinfo(out.read_bytes())
    assert info["Pages"] == "1" and info["Page size"].startswith("841.89 x 595.276 pts")
    text = pdftotext(out.read_bytes())
    assert "Ann" in text and "Ben" in text and "Withdrawn" not in text


def test_cli_refuses_an_unknown_event_and_an_empty_selection(app, make, event, tmp_path):
    runner = app.test_cli_runner()
    missing = runner.invoke(args=["badges", "no-such-event", "-o", str(tmp_path / "x.pdf")])
    assert missing.exit_code == 1 and "No event with slug 'no-such-event'." in missing.output
    empty = runner.invoke(args=["badges", event.slug, "-o", str(tmp_path / "x.pdf")])
    assert empty.exit_code == 1 and "nothing to print" in empty.output
    assert not (tmp_path / "x.pdf").exists()


def test_api_badge_pdf_is_for_organizers(app, client, make, event, delegate, organizer, staff, token_for):
    url = f"/api/v1/registrations/{delegate.id}/badge.pdf"
    response = client.post(url, headers=token_for(organizer), json={})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert pdfinfo(response.data)["Pages"] == "1"
    assert client.post(url, headers=token_for(staff), json={}).status_code == 403
    assert (
        client.post("/api/v1/registrations/999999/badge.pdf", headers=token_for(organizer), json={}).status_code == 404
    )
    assert client.post(url, json={}).status_code == 401
    # Printing changes things (it issues the badge and counts the print): never on a GET.
    assert client.get(url, headers=token_for(organizer)).status_code == 405
    first = services.current_badge(delegate)
    client.post(url, headers=token_for(organizer), json={"layout": None})
    assert services.current_badge(delegate).serial == first.serial == 1 and first.print_count == 2
    login(client, organizer)


def test_printing_while_a_mail_issues_the_same_badge_prints_that_badge(app, event, delegate, organizer):
    """A confirmation mail being delivered issues the ticket's badge (serial 1) between the print's
    look-up and its insert: the print uses that badge instead of failing on the taken serial."""
    import sqlalchemy as sa

    from eventsys.db import db

    competing = {"done": False}

    @sa.event.listens_for(db.engine, "before_cursor_execute")
    def mail_issues_first(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO badges") and not competing["done"]:
            competing["done"] = True
            conn.exec_driver_sql(
                "INSERT INTO badges (event_id, registration_id, serial, issued_at, print_count)"
                f" VALUES ({int(event.id)}, {int(delegate.id)}, 1, CURRENT_TIMESTAMP, 0)"
            )

    try:
        [(badge, printed_before)] = services.badges_for_printing([delegate])
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", mail_issues_first)
    assert competing["done"] and (badge.serial, printed_before) == (1, False)
    db.session.commit()
    assert db.session.scalars(select(Badge.serial).filter_by(registration_id=delegate.id)).all() == [1]
