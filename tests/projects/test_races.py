"""Two first reviews by the same reviewer at the same moment (a double click, two tabs) end in one
review: the unique constraint decides on PostgreSQL, the write lock on SQLite."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from eventsys.accounts.models import User
from eventsys.db import db
from eventsys.projects import reviews, services
from eventsys.projects.models import Project, ProjectReview
from tests.projects.conftest import make_project


def test_two_first_reviews_at_once_end_in_one_row(app, event, call, city_rep, reviewer):
    project_id, reviewer_id = make_project(event, city_rep).id, reviewer.id
    criteria = [c.id for c in call.criteria]
    db.session.commit()
    db.session.remove()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def review(score: int) -> None:
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                project = db.session.get(Project, project_id)
                user = db.session.get(User, reviewer_id)
                the_call = services.call_for(project.event)
                reviews.save_review(project, user, the_call, {str(c): score for c in criteria}, f"score {score}")
                db.session.commit()
                db.session.remove()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=review, args=(score,)) for score in (2, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert db.session.scalar(select(func.count()).select_from(ProjectReview)) == 1
    saved = db.session.scalars(select(ProjectReview)).one()
    # The row holds one of the two saves whole, never a mix.
    assert (saved.comment, sorted(set(saved.scores.values()))) in [("score 2", [2]), ("score 4", [4])]
