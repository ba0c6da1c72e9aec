"""Queue mails in the caller's transaction; deliver them after commit (worker or inline).

`queue_mail()` only adds a row to the session: if the caller's transaction rolls back, no mail goes
out for something that did not happen. After a commit that queued mail, delivery is handed to the
job runner (RQ when REDIS_URL is set, inline otherwise). Delivery locks each row it sends, so two
workers never send the same mail; a failure is recorded and retried later with back-off.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from jinja2 import TemplateNotFound
from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.db import db, utcnow
from eventsys.mail.attachments import build_attachments
from eventsys.mail.layout import LOGO_CID, render_html, text_with_links
from eventsys.mail.models import MailStatus, OutboxMail

_PENDING_FLAG = "eventsys_mail_queued"
LOGO_FILE = Path("img") / "ascn-logo-mail.png"


def queue_mail(
    *,
    to: str,
    template: str | None = None,
    language: str = "en",
    context: dict | None = None,
    subject: str | None = None,
    body_text: str | None = None,
    event=None,
    attachments=(),
    inline_images=(),
    links=(),
    footer_text: str = "",
    list_unsubscribe: str | None = None,
    kind: str = "",
    registration_id: int | None = None,
    campaign_id: int | None = None,
) -> OutboxMail:
    """Queue a mail in the caller's transaction; it is delivered after commit.

    Either `template` (render `templates/<template>.txt`, first line the subject, in `language`;
    a `<template>.html` beside it replaces the generated HTML), or `subject` and `body_text`
    already rendered. Every mail gets an HTML part in the layout of mail/layout.py, in `event`'s
    colour; `links` become buttons there and labelled lines in the text. `attachments` are specs
    built at delivery (mail/attachments.py). `list_unsubscribe` (mail to many) adds the RFC 2369
    and RFC 8058 headers.
    """
    context = context or {}
    event = event if event is not None else context.get("event")
    html = None
    with force_locale(language):
        if template is not None:
            rendered = render_template(f"{template}.txt", **context).strip("\n")
            subject, _, body_text = rendered.partition("\n")
            try:
                html = render_template(f"{template}.html", **context)
            except TemplateNotFound:  # the usual case: the HTML comes from the text
                html = None
        if subject is None or body_text is None:
            raise ValueError("queue_mail needs a template, or a subject and a body_text.")
        subject = " ".join(subject.split())
        body_text = body_text.strip("\n") + "\n"
        if html is None:
            html = render_html(
                body_text,
                language=language,
                event=event,
                links=links,
                inline_images=inline_images,
                footer_text=footer_text,
                subject=subject,
            )
    text = text_with_links(body_text, links)
    if footer_text:
        text += "\n-- \n" + footer_text.strip("\n") + "\n"
    headers = {}
    if list_unsubscribe:
        headers["List-Unsubscribe"] = f"<{list_unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail = OutboxMail(
        to_address=to,
        subject=subject[:300],
        body_text=text,
        body_html=html,
        language=language,
        template=template or "",
        kind=kind or template or "",
        event_id=getattr(event, "id", None),
        registration_id=registration_id,
        campaign_id=campaign_id,
        attachments=[dict(spec) for spec in attachments],
        headers=headers,
    )
    db.session.add(mail)
    db.session.info[_PENDING_FLAG] = True
    return mail


@sa_event.listens_for(Session, "after_commit")
def _dispatch_after_commit(session: Session) -> None:
    if not session.info.pop(_PENDING_FLAG, False):
        return
    from eventsys.jobs import services as jobs

    # The session that just committed cannot be used from inside this hook: hand delivery to a
    # worker (REDIS_URL), or to the end of the current request. Elsewhere (CLI, shell) the mail
    # stays queued for `flask mail send`, which the deployment runs as a watcher.
    jobs.dispatch_once("eventsys.mail.services:deliver_due")


def sender_domain() -> str:
    """The domain of the From address: Message-IDs are made under it, as RFC 5322 asks."""
    address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    return address.rpartition("@")[2] or "eventsys.local"


def _logo_bytes() -> bytes:
    return (Path(current_app.static_folder) / LOGO_FILE).read_bytes()


def _content_type(value: str) -> tuple[str, str, dict[str, str]]:
    """("text", "calendar", {"charset": "utf-8"}) from "text/calendar; charset=utf-8". Text parts
    always name their charset: without one, mail programs read Thai as US-ASCII."""
    kind, *parameters = (part.strip() for part in value.split(";"))
    maintype, _, subtype = kind.partition("/")
    params = dict(p.partition("=")[::2] for p in parameters if "=" in p)
    if maintype == "text":
        params.setdefault("charset", "utf-8")
    return maintype, subtype, params


def build_message(mail: OutboxMail, *, now: dt.datetime | None = None) -> EmailMessage:
    """The MIME message of an outbox row: multipart/alternative text and HTML; the HTML's inline
    images (logo, ticket QR) in multipart/related; other attachments make it multipart/mixed."""
    msg = EmailMessage()
    msg["Subject"] = mail.subject
    msg["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    msg["To"] = Address(addr_spec=mail.to_address) if "@" in mail.to_address else mail.to_address
    msg["Date"] = format_datetime(now or utcnow())
    msg["Message-ID"] = mail.message_id or make_msgid(domain=sender_domain())
    msg["Auto-Submitted"] = "auto-generated"
    for name, value in (mail.headers or {}).items():
        msg[name] = value
    if mail.campaign_id is not None:
        msg["Precedence"] = "bulk"
    msg.set_content(mail.body_text)
    if not mail.body_html:
        msg["Content-Language"] = mail.language
        return msg
    msg.add_alternative(mail.body_html, subtype="html")
    html_part = msg.get_payload()[1]
    attachments = build_attachments(mail.attachments)
    if f"cid:{LOGO_CID}" in mail.body_html:
        html_part.add_related(_logo_bytes(), "image", "png", cid=f"<{LOGO_CID}>", filename="logo.png")
    for attachment in attachments:
        maintype, subtype, params = _content_type(attachment.content_type)
        if attachment.content_id and f"cid:{attachment.content_id}" in mail.body_html:
            html_part.add_related(
                attachment.data,
                maintype,
                subtype,
                cid=f"<{attachment.content_id}>",
                filename=attachment.filename,
                params=params,
            )
        else:
            msg.add_attachment(
                attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename, params=params
            )
    # Last: set_content() and the multipart conversions move Content-* headers into the parts.
    msg["Content-Language"] = mail.language
    return msg


def _transport(message: EmailMessage, mail: OutboxMail) -> None:
    cfg = current_app.config
    if not cfg.get("MAIL_SERVER"):
        # Development: each mail becomes an .eml file that any mail program opens.
        folder = Path(cfg["MAIL_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S")
        (folder / f"{stamp}-{mail.id:06d}.eml").write_bytes(bytes(message))
        return
    smtp_cls = smtplib.SMTP_SSL if cfg["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_cls(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=30) as smtp:
        if cfg["MAIL_USE_TLS"]:
            smtp.starttls()
        if cfg.get("MAIL_USERNAME"):
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(30 * 2 ** (attempts - 1), 6 * 3600))


def deliver_due(limit: int = 200, job=None) -> dict:
    """Send every queued mail that is due. Returns counts; safe to run in several workers at once."""
    sent = failed = 0
    max_attempts = current_app.config["MAIL_MAX_ATTEMPTS"]
    db.session.expire_all()  # what the outbox says now, not what this session last saw
    for _ in range(limit):
        stmt = (
            select(OutboxMail)
            .where(OutboxMail.status == MailStatus.QUEUED, OutboxMail.next_attempt_at <= utcnow())
            .order_by(OutboxMail.id)
            .limit(1)
        )
        if db.engine.dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        mail = db.session.scalar(stmt)
        if mail is None:
            break
        mail.attempts += 1
        if not mail.message_id:
            mail.message_id = make_msgid(domain=sender_domain())
        try:
            _transport(build_message(mail), mail)
        except Exception as exc:  # any transport failure: keep the mail, try again later
            mail.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if mail.attempts >= max_attempts:
                mail.status = MailStatus.FAILED
            else:
                mail.next_attempt_at = utcnow() + backoff(mail.attempts)
            failed += 1
        else:
            mail.status = MailStatus.SENT
            mail.sent_at = utcnow()
            mail.last_error = None
            sent += 1
        db.session.commit()
    return {"sent": sent, "failed": failed}


def retry_failed() -> int:
    mails = db.session.scalars(select(OutboxMail).where(OutboxMail.status == MailStatus.FAILED)).all()
    for mail in mails:
        mail.status = MailStatus.QUEUED
        mail.attempts = 0
        mail.next_attempt_at = utcnow()
    db.session.commit()
    return len(mails)


def forget_address(address: str) -> int:
    """Delete every mail kept for `address` (a person's data erasure); returns how many."""
    from sqlalchemy import delete

    result = db.session.execute(delete(OutboxMail).where(OutboxMail.to_address == address))
    return result.rowcount or 0
