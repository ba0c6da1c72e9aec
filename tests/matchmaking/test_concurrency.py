"""Twenty acceptances at once for the last free table of a slot end with exactly one meeting; the
nineteen others are refused with a clear message. PostgreSQL only: real concurrent connections
(SQLite's single writer would serialise them before the race begins)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from eventsys.db import db
from eventsys.matchmaking import services, setup
from eventsys.matchmaking.models import MatchmakingBooking, Meeting, MeetingStatus
from eventsys.matchmaking.setup import MatchmakingError
from tests.matchmaking.conftest import join, local

pytestmark = pytest.mark.postgresql_only


def test_twenty_accepts_for_the_last_table_end_with_one_meeting(app, make, event):
    setup.add_slot_series(event, local(event, 14), local(event, 14, 20), 20)
    setup.set_tables(event, 1)
    [slot] = setup.slots(event)
    meeting_ids, invitee_ids = [], []
    for n in range(20):
        requester = make.registration(event, email=f"asker{n}@example.org")
        invitee = make.registration(event, email=f"host{n}@example.org")
        join(requester)
        join(invitee)
        meeting_ids.append(services.request_meeting(requester, services.participant_of(invitee), slot.id).id)
        invitee_ids.append(invitee.id)
    db.session.commit()
    db.session.remove()

    barrier = threading.Barrier(20)
    outcomes: list[str] = []
    errors: list[str] = []

    def accept(meeting_id: int, invitee_id: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                services.accept(meeting_id, invitee_id)
                outcomes.append("accepted")
            except MatchmakingError as exc:
                outcomes.append(str(exc))
            except Exception as exc:  # any other error fails the test below
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=accept, args=pair) for pair in zip(meeting_ids, invitee_ids, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(outcomes) == ["No table is left in this slot."] * 19 + ["accepted"]
    assert (
        db.session.scalar(select(func.count()).select_from(Meeting).where(Meeting.status == MeetingStatus.ACCEPTED))
        == 1
    )
    assert db.session.scalar(select(func.count()).select_from(MatchmakingBooking)) == 2
    assert (
        db.session.scalar(select(func.count()).select_from(Meeting).where(Meeting.status == MeetingStatus.PENDING))
        == 19
    )
