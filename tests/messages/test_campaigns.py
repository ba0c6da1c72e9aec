"""Mail to participants: preview (count and one rendered mail), then send through a background job:
one outbox mail per recipient in their language, List-Unsubscribe set, opted-out and erased
registrations skipped and counted, and a job run again never mails anyone twice."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from eventsys.audit.models import AuditEntry
from eventsys.db import db, utcnow
from eventsys.jobs.models import Job, JobStatus
from eventsys.jobs.services import run_job
from eventsys.mail.models import OutboxMail
from eventsys.messages import campaigns
from eventsys.messages.models import CampaignRecipient, CampaignStatus, MailCampaign, RecipientOutcome
from eventsys.registration.models import RegistrationStatus
from eventsys.registration.tokens import unsubscribe_url
from tests.messages.conftest import parsed, text_of

TEXTS = {
    "subject_en": "Shuttle to {event_venue}",
    "body_en": "Dear {name},\n\nThe shuttle leaves at 08:00. Your registration: {manage_url}",
    "subject_th": "รถรับส่งไป {event_venue}",
    "body_th": "เรียน {name}\n\nรถรับส่งออกเวลา 08.00 น.",
}


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)


def preview(client, event, **data):
    return client.post(
        f"/manage/events/{event.slug}/mail", data={"statuses": "confirmed", **TEXTS, **data, "preview": "y"}
    )


def send(client, event, **data):
    """Preview, then press "Send" on the preview, as the organizer does."""
    page = preview(client, event, **data).get_data(as_text=True)
    return client.post(
        f"/manage/events/{event.slug}/mail",
        data={
            "statuses": "confirmed",
            **TEXTS,
            **data,
            "digest": hidden(page, "digest"),
            "confirm_count": hidden(page, "confirm_count"),
            "send": "y",
        },
    )


@pytest.fixture
def delegates(make, event):
    return {
        "somchai": make.registration(
            event,
            first_name="Somchai",
            last_name="Jaidee",
            local_name="สมชาย ใจดี",
            email="somchai@example.org",
            language="th",
        ),
        "anna": make.registration(event, first_name="Anna", last_name="Reyes", email="anna@example.org", language="en"),
        "opted_out": make.registration(
            event, first_name="Quiet", email="quiet@example.org", announcements_opt_out_at=utcnow()
        ),
        "erased": make.registration(event, first_name="", last_name="", email="r99@erased.invalid"),
        "pending": make.registration(event, email="pending@example.org", status=RegistrationStatus.PENDING),
    }


def mails_to(address: str) -> list[OutboxMail]:
    return db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == address)).all()


def test_the_preview_shows_the_count_and_the_first_recipients_mail_and_sends_nothing(
    organizer_client, event, delegates
):
    response = preview(organizer_client, event)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 people will receive this mail." in page
    assert "1 skipped: asked for no more announcements" in page and "1 skipped: personal data erased" in page
    assert "In English: 1" in page and "In Thai: 1" in page
    # The first recipient (Somchai, in Thai) and the first of the other language (Anna).
    assert "เรียน สมชาย ใจดี" in page and "Dear Anna Reyes," in page
    assert f"รถรับส่งไป {event.venue_th}" in page and f"Shuttle to {event.venue_en}" in page
    assert 'data-confirm="Send this mail to 2 people now?"' in page
    assert db.session.scalar(select(func.count()).select_from(MailCampaign)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0


def test_sending_queues_one_mail_per_recipient_in_their_language(organizer_client, event, delegates, organizer):
    response = send(organizer_client, event)
    campaign = db.session.scalars(select(MailCampaign)).one()
    assert (response.status_code, response.headers["Location"]) == (
        302,
        f"/manage/events/{event.slug}/mail/{campaign.id}",
    )
    assert campaign.status == CampaignStatus.DONE and campaign.created_by_id == organizer.id
    assert (campaign.queued_count, campaign.opted_out_count, campaign.erased_count) == (2, 1, 1)
    assert campaign.filters["statuses"] == ["confirmed"]
    mails = db.session.scalars(select(OutboxMail).where(OutboxMail.campaign_id == campaign.id)).all()
    assert sorted(m.to_address for m in mails) == ["anna@example.org", "somchai@example.org"]

    thai = parsed(mails_to("somchai@example.org")[0])
    assert thai["Subject"] == f"รถรับส่งไป {event.venue_th}"
    assert thai["Content-Language"] == "th"
    assert text_of(thai).startswith("เรียน สมชาย ใจดี\n\nรถรับส่งออกเวลา 08.00 น.\n")
    url = unsubscribe_url(delegates["somchai"])
    assert thai["List-Unsubscribe"] == f"<{url}>"
    assert thai["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in text_of(thai)  # the footer says how to stop them too

    english = parsed(mails_to("anna@example.org")[0])
    assert english["Subject"] == f"Shuttle to {event.venue_en}"
    assert english["Content-Language"] == "en"
    assert "Dear Anna Reyes," in text_of(english)
    assert "/registration/" in text_of(english)  # {manage_url}
    assert english["List-Unsubscribe"] == f"<{unsubscribe_url(delegates['anna'])}>"

    assert mails_to("quiet@example.org") == [] and mails_to("r99@erased.invalid") == []
    outcomes = dict(db.session.execute(select(CampaignRecipient.registration_id, CampaignRecipient.outcome)).all())
    assert outcomes[delegates["opted_out"].id] == RecipientOutcome.OPTED_OUT
    assert outcomes[delegates["erased"].id] == RecipientOutcome.ERASED
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "mail.participants")).one()
    assert entry.target_ids == [str(campaign.id)] and entry.detail["recipients"] == 2 and entry.detail["skipped"] == 2


def test_thai_readers_get_the_english_text_when_there_is_no_thai(organizer_client, event, delegates):
    send(organizer_client, event, subject_th="", body_th="")
    message = parsed(mails_to("somchai@example.org")[0])
    assert message["Subject"] == f"Shuttle to {event.venue_en}"
    assert message["Content-Language"] == "en"
    assert text_of(message).startswith("Dear Somchai Jaidee,")  # the English text greets by the Latin name


def test_the_campaign_page_and_its_json_show_the_result(organizer_client, event, delegates):
    send(organizer_client, event)
    campaign = db.session.scalars(select(MailCampaign)).one()
    page = organizer_client.get(f"/manage/events/{event.slug}/mail/{campaign.id}").get_data(as_text=True)
    assert 'data-status="done"' in page and 'data-count="queued">2<' in page and 'data-count="opted_out">1<' in page
    assert "Sending to 2 people." in page  # the flash
    state = organizer_client.get(f"/manage/events/{event.slug}/mail/{campaign.id}.json").get_json()
    assert state == {
        "status": "done",
        "progress": 100,
        "counts": {"recipients": 4, "queued": 2, "opted_out": 1, "erased": 1, "skipped": 2},
        "error": None,
    }


def test_a_changed_text_after_the_preview_is_previewed_again_not_sent(organizer_client, event, delegates):
    page = preview(organizer_client, event).get_data(as_text=True)
    response = organizer_client.post(
        f"/manage/events/{event.slug}/mail",
        data={
            "statuses": "confirmed",
            **TEXTS,
            "body_en": "Something else",
            "digest": hidden(page, "digest"),
            "confirm_count": hidden(page, "confirm_count"),
            "send": "y",
        },
    )
    assert response.status_code == 200
    assert "changed since the preview" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(MailCampaign)) == 0


def test_a_new_recipient_after_the_preview_asks_for_a_new_confirmation(organizer_client, make, event, delegates):
    page = preview(organizer_client, event).get_data(as_text=True)
    make.registration(event, email="late@example.org")
    response = organizer_client.post(
        f"/manage/events/{event.slug}/mail",
        data={
            "statuses": "confirmed",
            **TEXTS,
            "digest": hidden(page, "digest"),
            "confirm_count": hidden(page, "confirm_count"),
            "send": "y",
        },
    )
    assert response.status_code == 200 and "3 people will receive this mail." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0


def test_unknown_placeholders_are_form_errors(organizer_client, event, delegates):
    response = preview(organizer_client, event, body_th="เรียน {nmae}", subject_en="Hi {first_name:>10}")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Unknown placeholder {nmae}." in page
    assert "Placeholder {first_name} takes no format" in page


def test_a_thai_subject_needs_a_thai_text(organizer_client, event, delegates):
    response = preview(organizer_client, event, body_th="")
    assert response.status_code == 422
    assert "Write both the Thai subject and the Thai text, or leave both empty." in response.get_data(as_text=True)


def test_nobody_selected_cannot_be_sent(organizer_client, event, delegates):
    page = preview(organizer_client, event, statuses="rejected").get_data(as_text=True)
    assert "Nobody matches these filters" in page and 'id="send-button"' not in page


def test_running_the_job_again_mails_nobody_twice(app, event, delegates, organizer):
    draft = campaigns.Draft(filter=campaigns.RecipientFilter(), **TEXTS)
    campaign = campaigns.start(event, draft, actor=organizer)
    assert campaign.status == CampaignStatus.DONE
    job = db.session.scalars(select(Job).where(Job.kind == "mail_campaign")).one()
    run_job(job.id)  # what an RQ retry does
    campaigns.restart(db.session.get(MailCampaign, campaign.id), actor=organizer)  # "Continue sending"
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 2
    assert db.session.scalar(select(func.count()).select_from(CampaignRecipient)) == 4
    assert db.session.get(MailCampaign, campaign.id).queued_count == 2


def test_a_job_that_stops_halfway_continues_where_it_stopped(organizer_client, make, event, organizer, monkeypatch):
    people = [make.registration(event, first_name=f"P{n}", email=f"p{n}@example.org") for n in range(5)]
    monkeypatch.setattr(campaigns, "BATCH", 2)
    real_compose = campaigns.compose

    def failing(draft, registration):
        if registration.id == people[3].id:
            raise OSError("disk full")
        return real_compose(draft, registration)

    monkeypatch.setattr(campaigns, "compose", failing)
    send(organizer_client, event)
    campaign = db.session.scalars(select(MailCampaign)).one()
    assert campaign.status == CampaignStatus.FAILED
    assert db.session.scalars(select(Job)).one().status == JobStatus.FAILED
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 2  # the first batch
    page = organizer_client.get(f"/manage/events/{event.slug}/mail/{campaign.id}").get_data(as_text=True)
    assert "Sending stopped before the end." in page and "OSError: disk full" in page and "Continue sending" in page

    monkeypatch.setattr(campaigns, "compose", real_compose)
    response = organizer_client.post(f"/manage/events/{event.slug}/mail/{campaign.id}/resume")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(MailCampaign, campaign.id).status == CampaignStatus.DONE
    addresses = db.session.scalars(select(OutboxMail.to_address)).all()
    assert sorted(addresses) == sorted(p.email for p in people)  # each exactly once


def test_the_unique_recipient_row_stops_a_second_mail(app, event, delegates, organizer):
    """Two workers on one campaign: whichever commits second fails instead of mailing again."""
    import sqlalchemy.exc

    campaign = campaigns.start(event, campaigns.Draft(filter=campaigns.RecipientFilter(), **TEXTS), actor=organizer)
    db.session.add(
        CampaignRecipient(
            campaign_id=campaign.id, registration_id=delegates["anna"].id, outcome=RecipientOutcome.QUEUED
        )
    )
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_browsers_line_breaks_become_plain_line_breaks(organizer_client, event, delegates):
    send(organizer_client, event, body_en="Dear {name},\r\n\r\nSee you.\r\n", subject_th="", body_th="")
    mail = mails_to("anna@example.org")[0]
    assert "\r" not in mail.body_text and mail.body_text.startswith("Dear Anna Reyes,\n\nSee you.\n")
