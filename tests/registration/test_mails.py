"""Registration mails: one per state, in the delegate's language, kept and retried when sending fails."""

from __future__ import annotations

import datetime as dt

import pytest

from eventsys.db import db
from eventsys.mail import services as mail_services
from eventsys.mail.models import MailStatus
from eventsys.registration import services
from tests.registration.conftest import payload


def test_each_state_mails_its_template_in_the_delegates_language(make, reference, outbox):
    from eventsys.events.models import RegistrationMode

    event = make.event("mailing", mode=RegistrationMode.MODERATED, capacity=1)
    organizer = make.organizer(event)
    th = services.register(event, payload(email="th@example.org"), actor="d", language="th")
    en = services.register(event, payload(email="en@example.org", first_name="Budi"), actor="d", language="en")
    services.approve(event, [th.id, en.id], actor=organizer)
    services.withdraw(th, actor="delegate")
    services.reject(event, [en.id], actor=organizer, reason="Capacity of the room")
    sent = [(m.to_address, m.kind.split(".", 1)[1], m.language) for m in outbox()]
    assert sent == [
        ("th@example.org", "received", "th"),
        ("en@example.org", "received", "en"),
        ("th@example.org", "confirmed", "th"),
        ("en@example.org", "waitlisted", "en"),
        ("th@example.org", "withdrawn", "th"),
        ("en@example.org", "promoted", "en"),
        ("en@example.org", "rejected", "en"),
    ]
    subjects = [m.subject for m in outbox()]
    assert subjects[0] == "ได้รับการลงทะเบียนแล้ว: การประชุมโต๊ะกลม ASCN (ทดสอบ)"
    assert subjects[3] == "On the waiting list: ASCN Roundtable (test)"
    assert "เรียน คุณกนกวรรณ ศรีสุข" in outbox()[0].body_text  # a Thai mail greets by the name in Thai script
    assert services.manage_url(th) in outbox()[0].body_text


@pytest.mark.delivers_mail
def test_a_failed_send_is_kept_and_retried(open_event, outbox, monkeypatch):
    services.register(open_event, payload(), actor="delegate")
    calls = []

    def flaky(message, mail):
        calls.append(mail.id)
        if len(calls) == 1:
            raise ConnectionError("smtp down")

    monkeypatch.setattr(mail_services, "_transport", flaky)
    assert mail_services.deliver_due() == {"sent": 0, "failed": 1}
    [mail] = outbox()
    assert (mail.status, mail.attempts, mail.last_error) == (MailStatus.QUEUED, 1, "ConnectionError: smtp down")
    mail.next_attempt_at = mail.next_attempt_at - dt.timedelta(hours=1)
    db.session.commit()
    assert mail_services.deliver_due() == {"sent": 1, "failed": 0}
    assert mail.status == MailStatus.SENT
