"""Two rapporteurs press Save at the same moment from the same version: one wins, one is told."""

import threading

from eventsys.outcomes import services
from tests.outcomes.conftest import content


def test_simultaneous_saves_from_the_same_version_never_both_succeed(cast, app, db):
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    ids = (cast.session.id, cast.rapporteur.id, cast.second_rapporteur.id)
    db.session.remove()
    barrier = threading.Barrier(2)
    results = {}

    def save(user_id, summary):
        from eventsys.accounts.models import User
        from eventsys.db import db as database

        with app.app_context():
            session = services.get_session(ids[0])
            user = database.session.get(User, user_id)
            # End the read transaction: on SQLite it holds the write lock (BEGIN IMMEDIATE).
            database.session.commit()
            barrier.wait(timeout=30)
            try:
                services.save_draft(session, user, content(summary), 1)
                results[summary] = "saved"
            except services.EditConflict as conflict:
                results[summary] = f"conflict at {conflict.current_number}"
            finally:
                database.session.remove()

    threads = [
        threading.Thread(target=save, args=(ids[1], "First.")),
        threading.Thread(target=save, args=(ids[2], "Second.")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results.values()) == ["conflict at 2", "saved"]
    outcome = services.outcome_for(ids[0])
    winner = next(summary for summary, result in results.items() if result == "saved")
    assert [v.content["summary_en"] for v in outcome.versions][1:] == [winner]
