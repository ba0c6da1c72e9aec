"""Every mail as a mail program sees it: multipart text and HTML, the headers, inline images and
attachments, parsed back with the standard `email` package."""

from email import policy
from email.parser import BytesParser

import pytest
from sqlalchemy import select

from eventsys.db import db
from eventsys.mail.attachments import Attachment, register_attachment
from eventsys.mail.layout import LOGO_CID, paragraphs, render_html, text_colour_on
from eventsys.mail.models import MailStatus, OutboxMail
from eventsys.mail.services import build_message, deliver_due, queue_mail


def parsed(mail: OutboxMail):
    return BytesParser(policy=policy.default).parsebytes(bytes(build_message(mail)))


def test_a_plain_mail_is_multipart_text_and_html_with_date_and_message_id(app):
    mail = queue_mail(
        to="a@example.org", subject="Hello  there", body_text="Line one\nhttps://example.org/x\n\nSecond."
    )
    db.session.commit()
    msg = parsed(mail)
    assert msg["Subject"] == "Hello there"
    assert msg["Date"] and msg["Message-ID"].endswith("@eventsys.local>")
    assert msg["Content-Language"] == "en"
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("related",))
    assert text.startswith("Line one\nhttps://example.org/x\n\nSecond.")
    # The logo the HTML shows travels with it as an inline part.
    assert html.get_content_type() == "multipart/related"
    html_text = html.get_body(("html",)).get_content()
    assert '<a href="https://example.org/x"' in html_text and 'lang="en"' in html_text
    logo = [p for p in html.iter_parts() if p.get_content_type() == "image/png"]
    assert len(logo) == 1 and logo[0]["Content-ID"] == f"<{LOGO_CID}>"
    assert msg["List-Unsubscribe"] is None


def test_template_mails_get_the_html_layout_too(app):
    from eventsys.accounts.models import User

    mail = queue_mail(
        to="b@example.org",
        template="accounts/mail/password_reset",
        language="th",
        context={"user": User(email="b@example.org", name="สมชาย"), "link": "http://localhost/r/abc", "minutes": 60},
    )
    db.session.commit()
    msg = parsed(mail)
    assert msg["Content-Language"] == "th"
    html = msg.get_body(("html",)).get_content()
    assert 'lang="th"' in html and "Noto Sans Thai" in html and "http://localhost/r/abc" in html


def test_links_become_buttons_and_labelled_lines(app):
    mail = queue_mail(
        to="c@example.org",
        subject="S",
        body_text="Body",
        links=[("Your agenda", "https://x.example/agenda")],
        footer_text="Keep it private.",
    )
    db.session.commit()
    msg = parsed(mail)
    assert (
        msg.get_body(("plain",)).get_content()
        == "Body\n\nYour agenda:\nhttps://x.example/agenda\n\n-- \nKeep it private.\n"
    )
    html = msg.get_body(("html",)).get_content()
    assert 'href="https://x.example/agenda"' in html and ">Your agenda</a>" in html and "Keep it private." in html


def test_attachments_are_built_at_delivery_inline_or_attached(app):
    built = []

    def builder(spec):
        built.append(spec)
        return [
            Attachment("qr.png", "image/png", b"\x89PNG fake", content_id="ticket-qr"),
            Attachment("ticket.pdf", "application/pdf", b"%PDF-1.7 fake"),
        ]

    register_attachment(app, "test_kind", builder)
    mail = queue_mail(
        to="d@example.org",
        subject="Ticket",
        body_text="Here it is.",
        attachments=[{"kind": "test_kind", "n": 1}],
        inline_images=[("ticket-qr", "Your QR code")],
    )
    db.session.commit()
    assert built == []  # queueing renders nothing heavy
    msg = parsed(mail)
    assert built == [{"kind": "test_kind", "n": 1}]
    assert msg.get_content_type() == "multipart/mixed"
    [pdf] = list(msg.iter_attachments())
    assert pdf.get_filename() == "ticket.pdf" and pdf.get_content() == b"%PDF-1.7 fake"
    related = msg.get_body(("related",))
    cids = {p["Content-ID"] for p in related.iter_parts() if p.get_content_maintype() == "image"}
    assert cids == {f"<{LOGO_CID}>", "<ticket-qr>"}
    assert 'src="cid:ticket-qr"' in related.get_body(("html",)).get_content()
    assert 'alt="Your QR code"' in related.get_body(("html",)).get_content()


def test_an_unknown_attachment_kind_fails_the_delivery_and_keeps_the_mail(app):
    mail = queue_mail(to="e@example.org", subject="S", body_text="B", attachments=[{"kind": "nobody-builds-this"}])
    db.session.commit()
    assert deliver_due() == {"sent": 0, "failed": 1}
    db.session.refresh(mail)
    assert mail.status == MailStatus.QUEUED and "nobody-builds-this" in mail.last_error


def test_mail_to_many_carries_one_click_unsubscribe(app):
    mail = queue_mail(to="f@example.org", subject="News", body_text="B", list_unsubscribe="https://x.example/u/1")
    db.session.commit()
    msg = parsed(mail)
    assert msg["List-Unsubscribe"] == "<https://x.example/u/1>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_event_colour_and_title_head_the_html(app, make):
    sample_event = make.event()
    sample_event.brand_colour = "#f2b705"
    mail = queue_mail(to="g@example.org", subject="S", body_text="B", event=sample_event)
    db.session.commit()
    assert db.session.scalar(select(OutboxMail.event_id).where(OutboxMail.id == mail.id)) == sample_event.id
    html = parsed(mail).get_body(("html",)).get_content()
    assert "background:#f2b705;color:#111111" in html  # dark text on a light colour
    assert sample_event.title_en in html


@pytest.mark.parametrize(("colour", "text"), [("#1452b8", "#ffffff"), ("#ffffff", "#111111"), ("#0b2f6b", "#ffffff")])
def test_text_on_the_event_colour_stays_readable(colour, text):
    assert text_colour_on(colour) == text


def test_paragraphs_escape_html(app):
    [p] = paragraphs("<script>x</script> & https://a.example/?q=1&b=2.")
    assert "&lt;script&gt;" in p and 'href="https://a.example/?q=1&amp;b=2"' in p and p.endswith("</a>.")


def test_render_html_is_a_document_in_the_mail_language(app):
    with app.test_request_context("/"):
        html = render_html("สวัสดี", language="th")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="th"' in html


def test_text_attachments_name_their_charset(app):
    register_attachment(
        app, "calendar", lambda spec: [Attachment("event.ics", "text/calendar", "SUMMARY:ประชุม\r\n".encode())]
    )
    mail = queue_mail(to="h@example.org", subject="S", body_text="B", attachments=[{"kind": "calendar"}])
    db.session.commit()
    [ics] = list(parsed(mail).iter_attachments())
    assert ics.get_content_type() == "text/calendar" and ics.get_param("charset") == "utf-8"
    assert ics.get_content() == "SUMMARY:ประชุม\r\n"
