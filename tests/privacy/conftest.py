"""A delegate the system holds something of in every area: answers, history, a check-in and scans,
a badge printed twice, a session sign-up, a calendar feed, mails."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eventsys.agenda.models import PersonalAgendaItem
from eventsys.registration.models import Answer, QuestionKind, RegistrationStatus

EMAIL = "siriporn@example.org"


@pytest.fixture
def held(make, db):
    from eventsys.agenda.personal import issue_feed
    from eventsys.badges import services as badges
    from eventsys.checkin import services as checkin
    from eventsys.mail.services import deliver_due, queue_mail
    from eventsys.registration import services as registrations
    from eventsys.registration.settings import add_question

    event = make.event(slug="ascn-roundtable-privacy", days_ahead=-3, length=2)
    organizer = make.organizer(event, email="organizer@example.org")
    question = add_question(event, key="diet", label_en="Dietary needs", label_th="อาหาร", kind=QuestionKind.TEXT)
    registration = make.registration(
        event,
        first_name="Siriporn",
        last_name="Kaewmanee",
        local_name="ศิริพร แก้วมณี",
        email=EMAIL,
        organisation="Phuket City Municipality",
        status=RegistrationStatus.PENDING,
    )
    db.session.add(Answer(registration_id=registration.id, question_id=question.id, value="Halal"))
    db.session.commit()
    registrations.approve(event, [registration.id], actor=organizer)
    lists = checkin.ensure_lists(event)
    checkin.record_scan(event, nonce="scan-1", registration_id=registration.id, list_key=lists[0].key, user=organizer)
    badge = badges.ensure_badge(registration)
    db.session.commit()
    badges.print_badges(event, [registration], user=organizer, scope="one", workers=1)
    session = make.session(event, "Smart mobility for ASEAN cities")
    db.session.add(PersonalAgendaItem(registration_id=registration.id, session_id=session.id))
    db.session.commit()
    issue_feed(registration)
    queue_mail(
        to=EMAIL, template="registration/mail/sign_in_link", context={"link": "x", "minutes": 15, "email": EMAIL}
    )
    db.session.commit()
    deliver_due()
    return SimpleNamespace(
        event=event, organizer=organizer, registration=registration, question=question, badge=badge, session=session
    )
