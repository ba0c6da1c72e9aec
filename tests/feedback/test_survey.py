"""A delegate's survey: what it asks, in their language; answering once; closed; form errors."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from eventsys.agenda.models import PersonalAgendaItem
from eventsys.db import db, utcnow
from eventsys.feedback.models import FeedbackResponse
from tests.feedback.conftest import check_in, open_survey, survey_path


def responses():
    return db.session.scalars(select(FeedbackResponse).order_by(FeedbackResponse.target)).all()


def test_the_survey_asks_about_the_event_and_the_sessions_checked_in_at(
    client, event, opening, workshop, delegate, survey
):
    check_in(delegate, opening)
    page = client.get(survey_path(delegate, "en")).get_data(as_text=True)
    assert 'name="rating-event"' in page
    assert f'name="rating-session-{opening.id}"' in page
    assert f'name="rating-session-{workshop.id}"' not in page  # not attended
    assert "<legend" in page and "Opening plenary" in page
    assert 'for="rating-event-4">5: excellent</label>' in page
    assert 'name="named"' in page and "checked" not in page.split('name="named"')[1].split(">")[0]


def test_without_session_check_ins_the_personal_agenda_decides(client, event, opening, workshop, delegate, survey):
    db.session.add(PersonalAgendaItem(registration_id=delegate.id, session_id=workshop.id))
    db.session.commit()
    page = client.get(survey_path(delegate, "en")).get_data(as_text=True)
    assert f'name="rating-session-{workshop.id}"' in page
    assert f'name="rating-session-{opening.id}"' not in page


def test_the_page_speaks_the_delegates_language(client, event, opening, delegate, survey):
    check_in(delegate, opening)
    page = client.get(survey_path(delegate)).get_data(as_text=True)  # no ?lang: the registration's Thai
    assert '<html lang="th">' in page
    assert "พิธีเปิด" in page  # the session's Thai title
    assert "การประชุมโต๊ะกลม ASCN (ทดสอบ)" in page  # the event's


def test_answers_are_saved_once_and_shown_read_only(client, event, opening, delegate, survey):
    check_in(delegate, opening)
    form = {
        "rating-event": "4",
        "comment-event": "Useful exchange",
        f"rating-session-{opening.id}": "5",
        "named": "y",
    }
    response = client.post(survey_path(delegate, "en"), data=form)
    assert response.status_code == 303
    assert response.headers["Location"] == survey_path(delegate, "en")
    rows = responses()
    assert [(r.target, r.rating, r.comment, r.named, r.registration_id) for r in rows] == [
        ("event", 4, "Useful exchange", True, delegate.id),
        (f"session-{opening.id}", 5, "", True, delegate.id),
    ]
    page = client.get(survey_path(delegate, "en")).get_data(as_text=True)
    assert "Thank you: your answers are saved." in page
    assert "You have answered every question." in page
    assert 'name="rating-event"' not in page
    assert "“Useful exchange”" in page
    assert "You agreed that the rapporteur may see your name with these comments." in page

    again = client.post(survey_path(delegate, "en"), data={**form, "rating-event": "1"})
    assert again.status_code == 303
    assert "You have already answered these questions; your first answers stand." in client.get(
        again.headers["Location"]
    ).get_data(as_text=True)
    assert [r.rating for r in responses()] == [4, 5]


def test_a_delegate_may_answer_a_session_later_but_each_once(client, event, opening, delegate, survey):
    check_in(delegate, opening)
    assert client.post(survey_path(delegate, "en"), data={"rating-event": "3"}).status_code == 303
    page = client.get(survey_path(delegate, "en")).get_data(as_text=True)
    assert 'name="rating-event"' not in page and f'name="rating-session-{opening.id}"' in page
    assert client.post(survey_path(delegate, "en"), data={f"rating-session-{opening.id}": "2"}).status_code == 303
    assert [(r.target, r.rating) for r in responses()] == [("event", 3), (f"session-{opening.id}", 2)]


def test_form_errors_are_messages_not_failures(client, event, opening, delegate, survey):
    check_in(delegate, opening)
    nothing = client.post(survey_path(delegate, "en"), data={})
    assert nothing.status_code == 422
    assert "Choose a rating for at least one question." in nothing.get_data(as_text=True)
    comment_only = client.post(survey_path(delegate, "en"), data={"comment-event": "Great"})
    assert comment_only.status_code == 422
    assert "Choose a rating for your comment." in comment_only.get_data(as_text=True)
    out_of_range = client.post(survey_path(delegate, "en"), data={"rating-event": "7"})
    assert out_of_range.status_code == 422
    assert "Choose a rating from 1 to 5." in out_of_range.get_data(as_text=True)
    too_long = client.post(survey_path(delegate, "en"), data={"rating-event": "4", "comment-event": "x" * 2001})
    assert too_long.status_code == 422
    assert responses() == []


def test_after_the_closing_date_the_page_says_so(client, event, delegate, survey):
    survey.closes_at = utcnow() - dt.timedelta(minutes=1)
    db.session.commit()
    response = client.get(survey_path(delegate, "en"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The survey closed at the end of" in page
    assert 'name="rating-event"' not in page and "Send my answers" not in page
    late = client.post(survey_path(delegate, "en"), data={"rating-event": "5"})
    assert late.status_code == 409
    assert responses() == []


def test_before_it_opens_and_without_settings_nothing_is_asked(client, event, delegate):
    assert "The survey is not open." in client.get(survey_path(delegate, "en")).get_data(as_text=True)
    survey = open_survey(event)
    survey.opens_at = utcnow() + dt.timedelta(days=1)
    db.session.commit()
    page = client.get(survey_path(delegate, "en")).get_data(as_text=True)
    assert "The survey opens" in page
    assert 'name="rating-event"' not in page


def test_only_delegates_who_were_there_are_asked(client, make, event, delegate, other, survey):
    check_in(other)  # the event had check-ins; Somchai has none
    page = client.get(survey_path(delegate, "en")).get_data(as_text=True)
    assert "This survey is for the delegates who attended the event." in page
    assert client.post(survey_path(delegate, "en"), data={"rating-event": "5"}).status_code == 409
    assert 'name="rating-event"' in client.get(survey_path(other, "en")).get_data(as_text=True)


def test_a_forged_or_voided_link_is_404(client, event, delegate, survey):
    assert client.get(survey_path(delegate) + "x").status_code == 404
    path = survey_path(delegate)
    delegate.manage_key_version += 1
    db.session.commit()
    assert client.get(path).status_code == 404
    assert client.get(f"/events/another-event/registration/{path.split('/')[4]}/feedback").status_code == 404


def test_the_manage_page_offers_the_survey_while_it_is_open(client, event, delegate, survey):
    manage = f"/events/{event.slug}/registration/{survey_path(delegate).split('/')[4]}?lang=en"
    page = client.get(manage).get_data(as_text=True)
    assert 'id="give-feedback"' in page
    assert survey_path(delegate) in page
    survey.closes_at = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    assert 'id="give-feedback"' not in client.get(manage).get_data(as_text=True)


def test_the_organizers_question_is_asked_with_the_event(client, event, delegate):
    open_survey(event, question_en="Which topic next year?", question_th="ปีหน้าควรหยิบยกหัวข้อใด")
    page = client.get(survey_path(delegate, "en")).get_data(as_text=True)
    assert "Which topic next year?" in page
    assert "ปีหน้าควรหยิบยกหัวข้อใด" in client.get(survey_path(delegate, "th")).get_data(as_text=True)
    client.post(survey_path(delegate, "en"), data={"rating-event": "4", "extra-event": "Flood resilience"})
    assert db.session.scalar(select(FeedbackResponse.extra_answer)) == "Flood resilience"
    assert db.session.scalar(select(func.count()).select_from(FeedbackResponse)) == 1
