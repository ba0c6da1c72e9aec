"""Two submits of one delegate's survey at the same moment (two tabs, a double click) end with one
answer per question: the unique constraint decides on PostgreSQL, the write lock on SQLite."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from eventsys.db import db
from eventsys.feedback import services
from eventsys.feedback.models import FeedbackResponse
from eventsys.registration.models import Registration


def test_two_submits_at_once_store_one_answer(app, event, delegate, survey):
    registration_id = delegate.id
    db.session.commit()
    db.session.remove()
    barrier = threading.Barrier(2)
    outcomes: list[services.Submitted] = []
    errors: list[BaseException] = []

    def submit(rating: int) -> None:
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                registration = db.session.get(Registration, registration_id)
                answer = services.Answer(target="event", session_id=None, rating=rating)
                outcomes.append(services.submit(registration, [answer], named=False, language="en"))
                db.session.remove()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(rating,)) for rating in (2, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted((len(o.saved), len(o.already)) for o in outcomes) == [(0, 1), (1, 0)]
    assert db.session.scalar(select(func.count()).select_from(FeedbackResponse)) == 1
