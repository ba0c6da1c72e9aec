"""The e-ticket: on the manage page, as ticket.pdf under the manage link, read back with tools nobody
here wrote (pdftoppm + zbarimg, pdftotext), and admitted at the door like the printed badge."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from sqlalchemy import func, select

from eventsys.badges import services
from eventsys.badges.models import Badge
from eventsys.registration.extras import manage_panels
from eventsys.registration.models import RegistrationStatus
from eventsys.registration.tokens import manage_token
from tests.badges.test_printing import decode_qr_codes
from tests.pdftext import pdfinfo, pdftotext, squash

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend

NOT_CONFIRMED = [
    RegistrationStatus.PENDING,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.REJECTED,
    RegistrationStatus.WITHDRAWN,
]


def ticket_path(registration) -> str:
    return f"/events/{registration.event.slug}/registration/{manage_token(registration)}/ticket.pdf"


def manage_path(registration) -> str:
    return f"/events/{registration.event.slug}/registration/{manage_token(registration)}"


def current_code(registration) -> str:
    return services.code_for(services.current_badge(registration))


def test_ticket_pdf_is_one_phone_sized_page_with_the_badge_code_and_exact_thai(client, db, delegate):
    response = client.get(ticket_path(delegate) + "?lang=th")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="ticket-ascn-badges-test.pdf"'
    assert response.headers["Cache-Control"] == "private, no-store"
    info = pdfinfo(response.data)
    assert info["Pages"] == "1"
    width, height = (float(x) for x in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (90, 160)  # millimetres
    text = squash(pdftotext(response.data))
    for expected in (
        "Nuttapon Nimmanphatcharin",
        "ณัฐพล นิมมานพัชรินทร์",
        "Digital Economy Promotion Agency (depa)",
        "การประชุมโต๊ะกลม ASCN (ทดสอบ)",
        "ไบเทค กรุงเทพฯ",
    ):
        assert expected in text
    # The ticket's QR code is the badge's signed code, for the badge issued on this first request.
    assert db.session.scalar(select(func.count()).select_from(Badge)) == 1
    assert decode_qr_codes(response.data) == [current_code(delegate)]


def test_the_ticket_code_is_the_printed_badges_and_checks_in(client, db, event, delegate, staff, token_for):
    ticket = client.get(ticket_path(delegate)).data
    [code] = decode_qr_codes(ticket)
    # The badge printed at the desk encodes the very same code (its first print keeps serial 1).
    pdf, _run = services.print_badges(event, [delegate], scope="one", workers=1)
    assert decode_qr_codes(pdf) == [code]
    # The scanner takes the code read off the ticket like any badge.
    response = client.post(
        f"/api/v1/events/{event.slug}/checkins",
        headers=token_for(staff),
        json={"code": code, "nonce": "ticket-scan-0001", "device": "Door 1"},
    )
    assert response.status_code == 201
    assert (response.json["result"], response.json["registration"]["id"]) == ("checked_in", delegate.id)


def test_a_reissued_badge_revokes_the_old_ticket_and_the_ticket_shows_the_new_code(client, db, delegate):
    [old] = decode_qr_codes(client.get(ticket_path(delegate)).data)
    services.reissue(delegate)
    db.session.commit()
    [new] = decode_qr_codes(client.get(ticket_path(delegate)).data)
    assert new != old
    assert new == current_code(delegate)
    assert services.verify_code(new).serial == 2


@pytest.mark.parametrize("status", NOT_CONFIRMED, ids=lambda s: s.value)
def test_only_confirmed_registrations_have_a_ticket(client, db, make, event, status):
    registration = make.registration(event, email=f"{status.value}@example.org", status=status)
    assert client.get(ticket_path(registration)).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Badge)) == 0  # nothing was issued either


def test_forged_voided_and_misplaced_links_are_404(client, db, make, event, delegate):
    path = ticket_path(delegate)
    assert client.get(path.replace("/ticket.pdf", "x/ticket.pdf")).status_code == 404
    other = make.event(slug="another-event")
    assert client.get(path.replace(event.slug, other.slug)).status_code == 404
    delegate.manage_key_version += 1
    db.session.commit()
    assert client.get(path).status_code == 404


def test_the_manage_page_shows_the_ticket_to_confirmed_delegates_only(client, db, make, event, delegate):
    page = client.get(manage_path(delegate) + "?lang=en").get_data(as_text=True)
    assert 'id="ticket-title"' in page
    svg = page[page.index("<svg") : page.index("</svg>") + 6]
    assert 'role="img"' in svg and 'aria-label="QR code of your e-ticket for ASCN Annual Meeting (test)"' in svg
    assert f'href="{ticket_path(delegate)}"' in page
    assert "ณัฐพล นิมมานพัชรินทร์" in page
    # The badge the page shows was committed: the code admits its holder from now on.
    db.session.rollback()
    assert services.current_badge(delegate) is not None

    waiting = make.registration(event, email="waiting@example.org", status=RegistrationStatus.WAITLISTED)
    page = client.get(manage_path(waiting) + "?lang=en").get_data(as_text=True)
    assert 'id="ticket-title"' not in page and "<svg" not in page


def test_the_panel_svg_is_the_badge_codes_symbol(app, db, delegate):
    """Module for module the printed badge's QR symbol (version 7, level Q, mask 2)."""
    from eventsys.badges.rendering import qr_matrix

    with app.test_request_context("/?lang=en"):
        [panel] = [
            p for p in manage_panels(delegate, manage_token(delegate)) if p.template == "badges/_ticket_panel.html"
        ]
    svg = str(panel.context["ticket"]["svg"])
    matrix = qr_matrix(current_code(delegate))
    squares = set(re.findall(r"M(\d+),(\d+)h1v1h-1z", svg))
    assert squares == {(str(x + 4), str(y + 4)) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark}
    assert 'viewBox="0 0 53 53"' in svg


def test_first_views_at_once_issue_one_badge_and_show_one_code(app, db, delegate):
    """The manage page, ticket.pdf and the mail worker may all ask first: one badge, one code."""
    import threading

    from eventsys.badges import ticket
    from eventsys.registration.models import Registration

    registration_id = delegate.id
    db.session.commit()
    db.session.remove()
    barrier = threading.Barrier(4)
    codes, errors = [], []

    def first_view():
        with app.app_context():
            try:
                registration = db.session.get(Registration, registration_id)
                db.session.commit()
                barrier.wait()
                codes.append(ticket.ticket_code(registration))
            except Exception as exc:  # reported by the assertion below
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=first_view) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(codes) == 4 and len(set(codes)) == 1
    assert db.session.scalar(select(func.count()).select_from(Badge)) == 1


def _tags(pdf: bytes) -> tuple[pikepdf.Pdf, list[tuple[str, str | None, str | None]]]:
    """The document and its structure elements as (role, own /Lang, /Alt), depth first."""
    document = pikepdf.open(io.BytesIO(pdf))
    found = []

    def walk(node):
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append(
                    (
                        str(node.S)[1:],
                        str(node.Lang) if "/Lang" in node else None,
                        str(node.Alt) if "/Alt" in node else None,
                    )
                )
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                walk(kid)

    walk(document.Root.StructTreeRoot)
    return document, found


def test_the_ticket_follows_the_readers_language_and_marks_the_other(client, delegate):
    thai, tags = _tags(client.get(ticket_path(delegate) + "?lang=th").data)
    assert str(thai.Root.Lang) == "th"
    assert str(thai.docinfo.Title) == "บัตรเข้างานอิเล็กทรอนิกส์ · การประชุมโต๊ะกลม ASCN (ทดสอบ)"
    # The Latin name and the organisation are marked English inside the Thai ticket.
    assert [lang for role, lang, _alt in tags if lang] == ["en", "en"]
    [alt] = [alt for role, _lang, alt in tags if role == "Figure"]
    assert alt == "คิวอาร์โค้ดบัตรเข้างานอิเล็กทรอนิกส์ของท่านสำหรับ การประชุมโต๊ะกลม ASCN (ทดสอบ)"

    english, tags = _tags(client.get(ticket_path(delegate) + "?lang=en").data)
    assert str(english.Root.Lang) == "en"
    assert str(english.docinfo.Title) == "E-ticket · ASCN Annual Meeting (test)"
    assert [lang for role, lang, _alt in tags if lang] == ["th"]  # the Thai name
    assert [alt for role, _lang, alt in tags if role == "Figure"] == [
        "QR code of your e-ticket for ASCN Annual Meeting (test)"
    ]


def test_the_manage_panel_marks_text_in_the_other_language(client, delegate):
    page = client.get(manage_path(delegate) + "?lang=th").get_data(as_text=True)
    assert '<p class="fs-5 fw-bold mb-0" lang="en">Nuttapon Nimmanphatcharin</p>' in page
    assert '<p class="fs-5 fw-semibold mb-1">ณัฐพล นิมมานพัชรินทร์</p>' in page
