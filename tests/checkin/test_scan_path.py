"""The door's hot path: a scan is a few indexed look-ups and two inserts, nothing read back."""

from __future__ import annotations

import re

from sqlalchemy import select

from eventsys.badges import services as badges
from eventsys.checkin.models import CheckinList


def scan(client, event, registration, headers, nonce, **body):
    code = badges.code_for(badges.ensure_badge(registration))
    return client.post(
        f"/api/v1/events/{event.slug}/checkins", headers=headers, json={"code": code, "nonce": nonce, **body}
    )


def test_a_scan_reads_the_badge_in_one_query_and_reads_nothing_back(
    app, client, db, make, event, delegate, staff, token_for, count_queries
):
    headers = token_for(staff)
    other = make.registration(event, email="second.delegate@example.org")
    day = f"day-{event.start_date}"
    assert scan(client, event, delegate, headers, "nonce-first-0001", list=day).status_code == 201
    code = badges.code_for(badges.ensure_badge(other))
    db.session.commit()
    url = f"/api/v1/events/{event.slug}/checkins"
    with count_queries() as counter:
        response = client.post(
            url,
            headers=headers,
            json={"code": code, "nonce": "nonce-second-01", "list": day},
        )
    assert (response.status_code, response.json["result"], response.json["registration"]["id"]) == (
        201,
        "checked_in",
        other.id,
    )
    tables = [re.search(r"\b(?:FROM|INTO)\s+(\w+)", sql).group(1) for sql in counter.statements if "COMMIT" not in sql]
    # The token with its account and roles, and the event; then one query for the list, the
    # event's public key, the registration and the badge; the check-in and the scan.
    assert tables == ["api_tokens", "events", "badge_keys", "checkins", "checkin_scans"], tables


def test_the_first_scan_of_an_event_makes_its_lists(app, client, db, event, delegate, staff, token_for):
    assert db.session.scalars(select(CheckinList).filter_by(event_id=event.id)).all() == []
    response = scan(client, event, delegate, token_for(staff), "nonce-first-0002")
    assert response.status_code == 201
    keys = db.session.scalars(select(CheckinList.key).filter_by(event_id=event.id)).all()
    assert response.json["list"]["key"] in keys
    assert f"day-{event.start_date}" in keys


def test_an_unknown_list_is_404_and_writes_nothing(app, client, db, event, delegate, staff, token_for):
    response = scan(client, event, delegate, token_for(staff), "nonce-first-0003", list="day-1999-01-01")
    assert response.status_code == 404
    assert response.json["message"] == "No check-in list 'day-1999-01-01' for this event."
