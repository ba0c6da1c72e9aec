"""The organizers' settings and the invitation mail: who gets it, in which language, never twice."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from eventsys.audit.models import AuditEntry
from eventsys.db import db, utcnow
from eventsys.feedback import services
from eventsys.feedback.models import FeedbackSurvey
from eventsys.registration.models import RegistrationStatus
from eventsys.registration.tokens import manage_url
from tests.feedback.conftest import check_in, open_survey


def feedback_mails(outbox):
    return [m for m in outbox() if m.kind == "feedback.invitation"]


def test_the_hub_links_to_the_survey(organizer_client, event):
    hub = organizer_client.get(f"/manage/events/{event.slug}?lang=en").get_data(as_text=True)
    assert f'href="/manage/events/{event.slug}/feedback"' in hub
    assert "Feedback survey" in hub


def test_settings_need_a_closing_date_and_are_saved_in_the_events_days(organizer_client, event):
    url = f"/manage/events/{event.slug}/feedback/settings"
    page = organizer_client.get(url)
    assert page.status_code == 200
    missing = organizer_client.post(url, data={"opens_on": "", "closes_on": ""})
    assert missing.status_code == 422
    assert "Choose the last day delegates may answer." in missing.get_data(as_text=True)
    backwards = organizer_client.post(url, data={"opens_on": "2030-01-10", "closes_on": "2030-01-09"})
    assert backwards.status_code == 422
    assert "The survey cannot close before it opens." in backwards.get_data(as_text=True)
    thai_only = organizer_client.post(url, data={"closes_on": "2030-01-09", "question_th": "คำถาม"})
    assert "Write the question in English too." in thai_only.get_data(as_text=True)

    saved = organizer_client.post(url, data={"closes_on": "2030-01-09", "question_en": "Next topic?"})
    assert (saved.status_code, saved.headers["Location"]) == (303, url)
    survey = db.session.scalar(select(FeedbackSurvey))
    assert survey.opens_at is None  # opens when the event ends
    assert survey.closes_at == dt.datetime(2030, 1, 9, 17, 0, tzinfo=dt.UTC)  # midnight in Bangkok
    assert services.closes_on(survey, event) == dt.date(2030, 1, 9)
    assert survey.question_en == "Next topic?"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "settings.change"))
    assert entry.detail["setting"] == "feedback_survey"
    assert 'value="2030-01-09"' in organizer_client.get(url).get_data(as_text=True)


def test_sending_mails_each_checked_in_delegate_once_in_their_language(
    organizer_client, make, event, delegate, other, outbox
):
    absent = make.registration(event, email="absent@example.org")
    make.registration(event, email="withdrawn@example.org", status=RegistrationStatus.WITHDRAWN)
    check_in(delegate)
    check_in(other)
    open_survey(event)
    send = f"/manage/events/{event.slug}/feedback/send"
    response = organizer_client.post(send)
    assert (response.status_code, response.headers["Location"]) == (
        303,
        f"/manage/events/{event.slug}/feedback/settings",
    )
    mails = feedback_mails(outbox)
    assert sorted((m.to_address, m.language) for m in mails) == [
        ("maria@example.org", "en"),
        ("somchai@example.org", "th"),
    ]
    assert absent.email not in [m.to_address for m in mails]
    english = next(m for m in mails if m.language == "en")
    assert english.subject == "Your feedback on ASCN Roundtable (test)"
    assert f"/events/{event.slug}/registration/" in english.body_text and "/feedback" in english.body_text
    page = organizer_client.get(f"/manage/events/{event.slug}/feedback/settings").get_data(as_text=True)
    assert "Last sending queued 2 invitations." in page

    again = organizer_client.post(send)
    assert again.status_code == 303
    assert len(feedback_mails(outbox)) == 2  # nobody twice
    assert "Last sending queued 0 invitations." in organizer_client.get(
        f"/manage/events/{event.slug}/feedback/settings"
    ).get_data(as_text=True)


def test_delegates_who_stopped_announcements_are_not_mailed_but_counted(
    organizer_client, make, event, delegate, outbox
):
    quiet = make.registration(event, email="quiet@example.org", local_name="สมหญิง ใจดี", language="th")
    quiet.announcements_opt_out_at = utcnow()
    db.session.commit()
    open_survey(event)
    settings = f"/manage/events/{event.slug}/feedback/settings?lang=en"
    assert "Not mailed: they asked for no announcements" in organizer_client.get(settings).get_data(as_text=True)
    organizer_client.post(f"/manage/events/{event.slug}/feedback/send")
    mails = feedback_mails(outbox)
    assert [m.to_address for m in mails] == ["somchai@example.org"]
    assert mails[0].headers["List-Unsubscribe"].startswith("<http://localhost/events/")
    assert manage_url(delegate) in mails[0].body_text  # the footer of every registration mail


def test_without_check_ins_every_confirmed_delegate_is_invited(organizer_client, make, event, delegate, other, outbox):
    make.registration(event, email="pending@example.org", status=RegistrationStatus.PENDING)
    open_survey(event)
    organizer_client.post(f"/manage/events/{event.slug}/feedback/send")
    assert sorted(m.to_address for m in feedback_mails(outbox)) == ["maria@example.org", "somchai@example.org"]


def test_nothing_is_sent_without_a_closing_date_or_after_it(organizer_client, event, delegate, outbox):
    send = f"/manage/events/{event.slug}/feedback/send"
    response = organizer_client.post(send)
    assert response.status_code == 303
    assert feedback_mails(outbox) == []
    survey = open_survey(event)
    survey.closes_at = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    organizer_client.post(send)
    assert feedback_mails(outbox) == []
    followed = organizer_client.get(f"/manage/events/{event.slug}/feedback/settings").get_data(as_text=True)
    assert "Set the closing date first" in followed
