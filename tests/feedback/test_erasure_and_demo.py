"""What an erasure leaves of a delegate's answers, and the demo's survey."""

from __future__ import annotations

from sqlalchemy import func, select

from eventsys.db import db
from eventsys.events.models import Event
from eventsys.feedback import results
from eventsys.feedback.models import FeedbackInvitation, FeedbackResponse
from eventsys.registration.erasure import erase_personal_data
from tests.feedback.test_results import answer


def test_an_erased_delegates_ratings_stay_anonymous_and_named_comments_go(
    make, organizer, event, opening, delegate, other, survey
):
    answer(delegate, "event", 5, "Named words", named=True)
    answer(delegate, f"session-{opening.id}", 2, session=opening, named=True)
    answer(other, "event", 4, "Anonymous words")
    db.session.add(FeedbackInvitation(event_id=event.id, registration_id=delegate.id))
    db.session.commit()
    erase_personal_data(delegate, actor=organizer)
    rows = db.session.scalars(select(FeedbackResponse).order_by(FeedbackResponse.id)).all()
    assert [(r.rating, r.comment, r.named, r.registration_id) for r in rows] == [
        (5, "", False, None),
        (2, "", False, None),
        (4, "Anonymous words", False, other.id),
    ]
    assert db.session.scalar(select(func.count()).select_from(FeedbackInvitation)) == 0
    figures = results.event_results(event)
    assert figures.event.responses == 2 and figures.event.mean == 4.5
    assert [c.text for c in figures.event.comments] == ["Anonymous words"]


def test_an_anonymous_comment_survives_its_authors_erasure(organizer, event, delegate, survey):
    answer(delegate, "event", 3, "Kept, it named nobody")
    erase_personal_data(delegate, actor=organizer)
    row = db.session.scalar(select(FeedbackResponse))
    assert (row.comment, row.registration_id) == ("Kept, it named nobody", None)


def test_the_demo_roundtable_has_answers_to_chart(seeded, client, make):
    from tests.conftest import login

    event = db.session.scalar(select(Event).where(Event.slug == "ascn-roundtable-2019"))
    found = results.event_results(event)
    assert found.event.responses == 34
    assert len(found.sessions) >= 3
    assert all(9 <= s.results.responses <= 16 for s in found.sessions)
    languages = {c.language for c in found.event.comments}
    assert languages == {"en", "th"}
    organizer = make.organizer(event, email="demo-organizer@example.org")
    login(client, organizer)
    page = client.get(f"/manage/events/{event.slug}/feedback?lang=en").get_data(as_text=True)
    assert "34 answers · mean" in page
    assert "The survey closed at the end of" in page
