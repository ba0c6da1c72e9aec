"""The event's outbox: its mails newest first with counts by state, the reason of a failure, and
retries (one mail, or every failed one) that requeue only this event's mails."""

from __future__ import annotations

import re

import pytest

from eventsys.db import db
from eventsys.mail.models import MailStatus, OutboxMail
from eventsys.mail.services import queue_mail

REASON = "SMTPRecipientsRefused: {'x@example.org': (550, b'5.1.1 mailbox unavailable')}"


def mail(event, to="a@example.org", subject="Hello", status=MailStatus.SENT, error=None, attempts=1, **fields):
    row = queue_mail(to=to, subject=subject, body_text="Body", event=event, **fields)
    row.status, row.last_error, row.attempts = status, error, attempts
    db.session.commit()
    return row


def test_an_empty_outbox_says_so(organizer_client, event):
    page = organizer_client.get(f"/manage/events/{event.slug}/outbox").get_data(as_text=True)
    assert "No mail yet" in page and "No mail to participants has been sent for this event yet." in page
    assert 'id="retry-all"' not in page


def test_the_outbox_lists_the_events_mails_with_counts_and_the_reason_of_a_failure(organizer_client, make, event):
    mail(event, to="sent@example.org", subject="Registration confirmed", kind="registration.confirmed")
    mail(event, to="queued@example.org", subject="Waiting", status=MailStatus.QUEUED, attempts=0)
    mail(event, to="x@example.org", subject="Bounced", status=MailStatus.FAILED, error=REASON, attempts=8)
    mail(make.event("other-event"), to="other@example.org", subject="Not ours", status=MailStatus.FAILED)
    page = organizer_client.get(f"/manage/events/{event.slug}/outbox").get_data(as_text=True)
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', page))
    assert counts == {"queued": "1", "sent": "1", "failed": "1"}
    addresses = re.findall(r"To (\S+@example\.org)", page)
    assert addresses == ["x@example.org", "queued@example.org", "sent@example.org"]  # newest first
    assert "Not ours" not in page
    assert "5.1.1 mailbox unavailable" in page and "8 attempts" in page
    assert "Registration confirmed · English" in page  # the kind's label and the language
    assert 'id="retry-all"' in page and "Retry the 1 failed mail" in page


def test_the_status_filter(organizer_client, event):
    mail(event, to="sent@example.org")
    mail(event, to="x@example.org", status=MailStatus.FAILED, error=REASON)
    page = organizer_client.get(f"/manage/events/{event.slug}/outbox?status=failed").get_data(as_text=True)
    assert re.findall(r"To (\S+@example\.org)", page) == ["x@example.org"]
    page = organizer_client.get(f"/manage/events/{event.slug}/outbox?status=bogus").get_data(as_text=True)
    assert len(re.findall(r"To (\S+@example\.org)", page)) == 2


def test_pages_of_fifty(organizer_client, event):
    for n in range(51):
        mail(event, to=f"p{n}@example.org")
    page = organizer_client.get(f"/manage/events/{event.slug}/outbox").get_data(as_text=True)
    assert len(re.findall(r"data-mail-id=", page)) == 50 and "Page 1 of 2" in page
    page = organizer_client.get(f"/manage/events/{event.slug}/outbox?page=2").get_data(as_text=True)
    assert re.findall(r"To (\S+@example\.org)", page) == ["p0@example.org"]
    assert organizer_client.get(f"/manage/events/{event.slug}/outbox?page=x").status_code == 200


@pytest.mark.delivers_mail
def test_retry_requeues_a_failed_mail_which_is_then_delivered(organizer_client, event, app):
    failed = mail(event, to="x@example.org", status=MailStatus.FAILED, error=REASON, attempts=8)
    response = organizer_client.post(f"/manage/events/{event.slug}/outbox/{failed.id}/retry")
    assert (response.status_code, response.headers["Location"]) == (
        302,
        f"/manage/events/{event.slug}/outbox?status=failed",
    )
    db.session.expire_all()
    again = db.session.get(OutboxMail, failed.id)
    # Requeued, then delivered at the end of the request (no worker here; mail goes to MAIL_DIR).
    assert again.status == MailStatus.SENT and again.attempts == 1 and again.last_error is None
    page = organizer_client.get(f"/manage/events/{event.slug}/outbox").get_data(as_text=True)
    assert "The mail is queued again." in page


def test_retry_of_a_mail_that_did_not_fail_or_of_another_event_changes_nothing(organizer_client, make, event):
    sent = mail(event, to="sent@example.org")
    theirs = mail(make.event("other-event"), to="x@example.org", status=MailStatus.FAILED, error=REASON)
    for row in (sent, theirs):
        response = organizer_client.post(f"/manage/events/{event.slug}/outbox/{row.id}/retry")
        assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(OutboxMail, theirs.id).status == MailStatus.FAILED
    assert db.session.get(OutboxMail, sent.id).attempts == 1
    page = organizer_client.get(f"/manage/events/{event.slug}/outbox").get_data(as_text=True)
    assert "This mail has not failed: there is nothing to retry." in page


def test_retry_all_requeues_only_this_events_failed_mails(organizer_client, make, event, monkeypatch):
    from eventsys.messages import services

    monkeypatch.setattr(services, "dispatch_soon", lambda *args, **kwargs: None)  # keep them queued, to look
    ours = [mail(event, to=f"f{n}@example.org", status=MailStatus.FAILED, error=REASON) for n in range(3)]
    theirs = mail(make.event("other-event"), to="x@example.org", status=MailStatus.FAILED, error=REASON)
    response = organizer_client.post(f"/manage/events/{event.slug}/outbox/retry-failed")
    assert (response.status_code, response.headers["Location"]) == (302, f"/manage/events/{event.slug}/outbox")
    db.session.expire_all()
    assert [db.session.get(OutboxMail, row.id).status for row in ours] == [MailStatus.QUEUED] * 3
    assert all(db.session.get(OutboxMail, row.id).attempts == 0 for row in ours)
    assert db.session.get(OutboxMail, theirs.id).status == MailStatus.FAILED
    page = organizer_client.get(f"/manage/events/{event.slug}/outbox").get_data(as_text=True)
    assert "3 mails are queued again." in page


def test_the_hub_tells_organizers_about_failed_mail(organizer_client, event):
    assert "could not be delivered" not in organizer_client.get(f"/manage/events/{event.slug}").get_data(as_text=True)
    mail(event, to="x@example.org", status=MailStatus.FAILED, error=REASON)
    page = organizer_client.get(f"/manage/events/{event.slug}").get_data(as_text=True)
    assert "1 mail of this event could not be delivered." in page
    assert f'href="/manage/events/{event.slug}/outbox?status=failed"' in page


def test_campaigns_are_listed_with_their_counts_and_filter_the_outbox(organizer_client, make, event, organizer):
    from eventsys.messages import campaigns

    make.registration(event, email="anna@example.org")
    campaign = campaigns.start(
        event,
        campaigns.Draft(filter=campaigns.RecipientFilter(), subject_en="Shuttle", body_en="Hi {name}"),
        actor=organizer,
    )
    mail(event, to="other@example.org", subject="Unrelated")
    page = organizer_client.get(f"/manage/events/{event.slug}/outbox").get_data(as_text=True)
    assert "Shuttle" in page and "1 mail queued" in page
    page = organizer_client.get(f"/manage/events/{event.slug}/outbox?campaign={campaign.id}").get_data(as_text=True)
    assert re.findall(r"To (\S+@example\.org)", page) == ["anna@example.org"]
    assert "Only the mails of “Shuttle”." in page
