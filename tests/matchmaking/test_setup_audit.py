"""Every change an organizer makes to matchmaking (the opt-in window, slots, tables) is in the audit
log under their name, with what it was before; a save that changes nothing adds no entry."""

from __future__ import annotations

from sqlalchemy import select

from eventsys.audit.models import AuditEntry
from eventsys.db import db
from eventsys.matchmaking import setup
from tests.matchmaking.conftest import local

PREFIX = "/manage/events/ascn-matching-test/matchmaking"


def _entries() -> list[tuple[str, str, dict]]:
    rows = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "settings.change").order_by(AuditEntry.id)
    ).all()
    return [(row.actor_label, row.detail.get("setting"), row.detail) for row in rows]


def test_organizers_changes_to_matchmaking_are_audited(organizer_client, organizer, event):
    day = event.start_date.isoformat()
    made = organizer_client.post(
        PREFIX + "/slots", data={"day": day, "start": "14:00", "end": "14:40", "minutes": "20"}
    )
    assert made.status_code == 303
    first, second = setup.slots(event)
    assert organizer_client.post(PREFIX + f"/slots/{second.id}/delete").status_code == 303
    assert organizer_client.post(PREFIX + "/tables", data={"count": "2", "labels": ""}).status_code == 303
    assert organizer_client.post(PREFIX + "/tables", data={"count": "", "labels": "Hall A\nHall B"}).status_code == 303
    assert organizer_client.post(PREFIX + "/tables", data={"count": "", "labels": "Hall A\nHall B"}).status_code == 303
    tomorrow = event.start_date.isoformat()
    assert organizer_client.post(PREFIX + "/window", data={"opens_on": "", "closes_on": tomorrow}).status_code == 303
    assert organizer_client.post(PREFIX + "/window", data={"opens_on": "", "closes_on": tomorrow}).status_code == 303

    entries = _entries()
    assert {actor for actor, _, _ in entries} == {organizer.email}
    assert [setting for _, setting, _ in entries] == [
        "matchmaking_slots",
        "matchmaking_slots",
        "matchmaking_tables",
        "matchmaking_tables",
        "matchmaking_window",
    ]  # the second save of the same tables and of the same window changed nothing: no entry
    iso = [
        [local(event, 14).isoformat(), local(event, 14, 20).isoformat()],
        [
            local(event, 14, 20).isoformat(),
            local(event, 14, 40).isoformat(),
        ],
    ]
    assert entries[0][2]["added"] == iso
    assert entries[1][2]["deleted"] == [iso[1]]
    assert (entries[2][2]["before"], entries[2][2]["value"]) == ([], ["1", "2"])
    assert (entries[3][2]["before"], entries[3][2]["value"]) == (["1", "2"], ["Hall A", "Hall B"])
    assert entries[4][2]["before"] == [None, None] and entries[4][2]["value"][0] is None
    assert first.id in [s.id for s in setup.slots(event)]
