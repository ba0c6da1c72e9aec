"""Queue mails in the caller's transaction; deliver them after commit (worker or inline).

`queue_mail()` only adds a row to the session: if the caller's transaction rolls back, no mail goes
out for something that did not happen. After a commit that queued mail, delivery is handed to the
job runner (RQ when REDIS_URL is set, inline otherwise). Delivery locks each row it sends, so two
workers never send the same mail; a failure is recorded and retried later with back-off.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from eventsys.db import db, utcnow
from eventsys.mail.models import MailStatus, OutboxMail

_PENDING_FLAG = "eventsys_mail_queued"


def queue_mail(*, to: str, template: str, language: str = "en", context: dict | None = None) -> OutboxMail:
    """Render `templates/<template>.txt` (first line: subject) in `language` and queue it.

    A `<template>.html` beside it, if present, becomes the HTML alternative.
    """
    context = context or {}
    with force_locale(language):
        rendered = render_template(f"{template}.txt", **context).strip("\n")
        try:
            html = render_template(f"{template}.html", **context)
        except Exception as exc:  # no HTML variant for this mail
            if type(exc).__name__ != "TemplateNotFound":
                raise
            html = None
    subject, _, body = rendered.partition("\n")
    mail = OutboxMail(
        to_address=to,
        subject=subject.strip(),
        body_text=body.strip() + "\n",
        body_html=html,
        language=language,
        template=template,
    )
    db.session.add(mail)
    db.session.info[_PENDING_FLAG] = True
    return mail


@event.listens_for(Session, "after_commit")
def _dispatch_after_commit(session: Session) -> None:
    if not session.info.pop(_PENDING_FLAG, False):
        return
    from eventsys.jobs import services as jobs

    # The session that just committed cannot be used from inside this hook: hand delivery to a
    # worker (REDIS_URL), or to the end of the current request. Elsewhere (CLI, shell) the mail
    # stays queued for `flask mail send`, which the deployment runs as a watcher.
    jobs.dispatch_soon("eventsys.mail.services:deliver_due")


def build_message(mail: OutboxMail) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = mail.subject
    msg["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    msg["To"] = mail.to_address
    msg["Message-ID"] = mail.message_id or make_msgid(domain="eventsys.local")
    msg["Content-Language"] = mail.language
    msg.set_content(mail.body_text)
    if mail.body_html:
        msg.add_alternative(mail.body_html, subtype="html")
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
            mail.message_id = make_msgid(domain="eventsys.local")
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
