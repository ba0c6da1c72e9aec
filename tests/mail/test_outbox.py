import smtplib

from sqlalchemy import select

from eventsys.db import db, utcnow
from eventsys.mail.models import MailStatus, OutboxMail
from eventsys.mail.services import deliver_due, queue_mail, retry_failed


def queue_one(to="delegate@example.org", language="en"):
    from eventsys.accounts.models import User

    user = User(email=to, name="Delegate")
    mail = queue_mail(
        to=to,
        template="accounts/mail/password_reset",
        language=language,
        context={"user": user, "link": "http://localhost/x", "minutes": 60},
    )
    db.session.commit()
    return mail


def test_a_rolled_back_transaction_sends_nothing(app):
    from eventsys.accounts.models import User

    queue_mail(
        to="a@example.org",
        template="accounts/mail/password_reset",
        context={"user": User(email="a@example.org"), "link": "x", "minutes": 1},
    )
    db.session.rollback()
    assert db.session.scalars(select(OutboxMail)).all() == []


def test_delivery_writes_eml_files_in_development(app, tmp_path):
    mail = queue_one()
    assert deliver_due() == {"sent": 1, "failed": 0}
    db.session.refresh(mail)
    assert mail.status == MailStatus.SENT and mail.attempts == 1 and mail.sent_at is not None
    files = list((tmp_path / "instance" / "mail").glob("*.eml"))
    assert len(files) == 1
    assert b"To: delegate@example.org" in files[0].read_bytes()


def test_failed_sends_are_kept_retried_and_never_lost(app, monkeypatch):
    app.config.update(MAIL_SERVER="smtp.invalid", MAIL_MAX_ATTEMPTS=2)

    class DownSMTP:
        def __init__(self, *args, **kwargs):
            raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(smtplib, "SMTP", DownSMTP)
    mail = queue_one()
    assert deliver_due() == {"sent": 0, "failed": 1}
    db.session.refresh(mail)
    assert mail.status == MailStatus.QUEUED
    assert mail.attempts == 1
    assert "smtp down" in mail.last_error
    assert mail.next_attempt_at > utcnow()
    assert deliver_due() == {"sent": 0, "failed": 0}  # not due yet: back-off

    mail.next_attempt_at = utcnow()
    db.session.commit()
    deliver_due()
    db.session.refresh(mail)
    assert mail.status == MailStatus.FAILED and mail.attempts == 2

    sent = []

    class UpSMTP:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, message):
            sent.append(message)

    monkeypatch.setattr(smtplib, "SMTP", UpSMTP)
    assert retry_failed() == 1
    assert deliver_due() == {"sent": 1, "failed": 0}
    db.session.refresh(mail)
    assert mail.status == MailStatus.SENT
    assert sent[0]["To"] == "delegate@example.org"


def test_thai_mail_is_rendered_in_thai(app):
    mail = queue_one(language="th")
    assert mail.subject == "ตั้งรหัสผ่านใหม่สำหรับ eventsys"
    assert "เรียน คุณDelegate" in mail.body_text


def test_mail_send_command(app):
    queue_one()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.output.strip() == "sent 1, failed 0"
