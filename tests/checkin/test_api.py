"""POST /api/v1/events/<slug>/checkins and GET /api/v1/events/<slug>/checkin-keys."""

import base64
import datetime as dt
import struct

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from eventsys.badges import services as badges
from eventsys.badges import tokens
from eventsys.checkin.models import Checkin, Scan, ScanResult
from eventsys.registration.models import RegistrationStatus


def url(event):
    return f"/api/v1/events/{event.slug}/checkins"


def code_of(registration):
    return badges.code_for(badges.ensure_badge(registration))


def test_first_scan_checks_in_and_a_repeat_says_when(app, client, db, event, delegate, staff, token_for):
    headers = token_for(staff)
    code = code_of(delegate)
    first = client.post(
        url(event),
        headers=headers,
        json={"code": code, "list": f"day-{event.start_date}", "nonce": "nonce-0000000001", "device": "Door 1"},
    )
    assert first.status_code == 201
    body = first.json
    assert (body["result"], body["already_checked_in"], body["list"]["key"]) == (
        "checked_in",
        False,
        f"day-{event.start_date}",
    )
    assert body["registration"] == {
        "id": delegate.id,
        "name": "Nuttapon Nimmanphatcharin",
        "local_name": "ณัฐพล นิมมานพัชรินทร์",
        "organisation": "Digital Economy Promotion Agency (depa)",
        "category": "speaker",
        "category_label": "Speaker",
        "country": "Thailand",
        "city": "",
        "status": "confirmed",
    }

    repeat = client.post(
        url(event),
        headers={**headers, "User-Agent": "Pixel 7 Chrome"},
        json={"code": code, "list": f"day-{event.start_date}", "nonce": "nonce-0000000002"},
    )
    assert repeat.status_code == 200
    assert repeat.json["already_checked_in"] is True
    assert repeat.json["first_checked_in_at"] == body["checked_in_at"]
    local = dt.datetime.fromisoformat(body["checked_in_at"]).astimezone(event.zone).strftime("%H:%M")
    assert repeat.json["message"] == f"Already checked in at {local}."
    scans = db.session.scalars(select(Scan).order_by(Scan.id)).all()
    assert [(s.result, s.user_id, s.device) for s in scans] == [
        (ScanResult.CHECKED_IN, staff.id, "Door 1"),
        (ScanResult.ALREADY_CHECKED_IN, staff.id, "Pixel 7 Chrome"),
    ]


def test_the_same_nonce_twice_is_recorded_once(app, client, db, event, delegate, staff, token_for):
    headers = token_for(staff)
    payload = {"code": code_of(delegate), "nonce": "offline-sync-123"}
    first = client.post(url(event), headers=headers, json=payload)
    again = client.post(url(event), headers=headers, json=payload)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json["replayed"] is True and again.json["scan_id"] == first.json["scan_id"]
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 1
    assert db.session.scalar(select(func.count()).select_from(Checkin)) == 1


def test_a_code_of_another_event_is_403_and_recorded(app, client, db, make, event, staff, token_for):
    other = make.event()
    stranger = make.registration(other, first_name="Other", last_name="Event")
    response = client.post(
        url(event), headers=token_for(staff), json={"code": code_of(stranger), "nonce": "n-other-01"}
    )
    assert response.status_code == 403
    assert response.json["result"] == "wrong_event" and response.json["registration"] is None
    assert (response.json["error"], response.json["message"]) == ("wrong_event", "This badge is for another event.")
    assert db.session.scalar(select(Scan.result)) == ScanResult.WRONG_EVENT


def test_a_revoked_code_is_409(app, client, db, event, delegate, staff, token_for):
    old = code_of(delegate)
    badges.reissue(delegate)
    db.session.commit()
    response = client.post(url(event), headers=token_for(staff), json={"code": old, "nonce": "n-revoked-1"})
    assert response.status_code == 409
    assert response.json["result"] == "revoked"
    assert response.json["registration"]["name"] == "Nuttapon Nimmanphatcharin"
    fresh = client.post(url(event), headers=token_for(staff), json={"code": code_of(delegate), "nonce": "n-fresh-01"})
    assert fresh.status_code == 201 and fresh.json["badge_serial"] == 2


def test_a_registration_that_is_not_confirmed_is_409(app, client, make, event, staff, token_for):
    waiting = make.registration(event, first_name="Wai", last_name="Ting", status=RegistrationStatus.WAITLISTED)
    response = client.post(url(event), headers=token_for(staff), json={"code": code_of(waiting), "nonce": "n-wait-001"})
    assert response.status_code == 409
    assert (response.json["result"], response.json["message"]) == (
        "not_confirmed",
        "Registration not confirmed (waitlisted).",
    )


def forgeries(code: str) -> dict[str, str]:
    """Well-formed codes that must not verify, each made from the real one by construction (never by
    chance), so none can ever equal it."""
    claim = tokens.parse_code(code)
    stranger = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))  # a fixed key that is not the event's
    # The payload layout of eventsys.badges.tokens: version, event id, registration id, badge serial.
    other_registration = struct.pack(
        ">BIIH", tokens.PAYLOAD_VERSION, claim.event_id, claim.registration_id + 1, claim.serial
    )
    flipped = bytes([claim.signature[0] ^ 1]) + claim.signature[1:]

    def encode(payload: bytes, signature: bytes) -> str:
        return tokens.PREFIX + base64.b32encode(payload + signature).decode("ascii")

    return {
        "signed by another key": tokens.sign_code(stranger, claim.event_id, claim.registration_id, claim.serial),
        "the real signature on another registration": encode(other_registration, claim.signature),
        "one bit of the signature flipped": encode(claim.signed, flipped),
    }


def test_malformed_and_forged_codes_are_422(app, client, db, event, delegate, staff, token_for):
    headers = token_for(staff)
    code = code_of(delegate)
    assert badges.verify_code(code).registration_id == delegate.id  # the real one verifies
    forged = forgeries(code)
    for how, fake in forged.items():
        assert fake != code, how
        tokens.parse_code(fake)  # well-formed: only the signature check can refuse it
        with pytest.raises(badges.InvalidCode, match="signature does not verify"):
            badges.verify_code(fake)
    for n, bad in enumerate(["", "not a badge", *forged.values(), code.lower()[:-2]]):
        response = client.post(url(event), headers=headers, json={"code": bad, "nonce": f"n-bad-000{n}"})
        assert response.status_code == 422, bad
        assert response.json["result"] == "invalid"
    assert client.post(url(event), headers=headers, json={"nonce": "n-bad-0009"}).status_code == 422
    assert (
        client.post(url(event), headers=headers, json={"registration_id": 2**40, "nonce": "n-bad-0010"}).status_code
        == 422
    )
    assert client.post(url(event), headers=headers, json={"code": code, "nonce": "short"}).status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 6  # refused scans are recorded too
    assert db.session.scalar(select(func.count()).select_from(Checkin)) == 0


def test_lists_per_session_and_check_out(app, client, make, event, delegate, staff, token_for):
    session = make.session(event, title_en="Smart Mobility Roundtable", start="10:30")
    headers = token_for(staff)
    code = code_of(delegate)
    day = client.post(url(event), headers=headers, json={"code": code, "nonce": "n-list-0001"})
    assert day.json["list"]["key"] == f"day-{event.start_date}"  # no list given: the first day during set-up
    room = client.post(
        url(event), headers=headers, json={"code": code, "list": f"session-{session.id}", "nonce": "n-list-0002"}
    )
    assert room.status_code == 201 and room.json["list"]["name"] == "10:30 Smart Mobility Roundtable"
    out = client.post(
        url(event),
        headers=headers,
        json={"code": code, "list": f"session-{session.id}", "direction": "out", "nonce": "n-list-0003"},
    )
    assert out.status_code == 200 and out.json["result"] == "checked_out" and out.json["checked_out_at"]
    again = client.post(
        url(event),
        headers=headers,
        json={"code": code, "list": f"session-{session.id}", "direction": "out", "nonce": "n-list-0004"},
    )
    assert again.status_code == 409 and again.json["result"] == "not_checked_in"
    back = client.post(
        url(event), headers=headers, json={"code": code, "list": f"session-{session.id}", "nonce": "n-list-0005"}
    )
    assert back.status_code == 201 and back.json["checked_out_at"] is None
    missing = client.post(
        url(event), headers=headers, json={"code": code, "list": "day-1999-01-01", "nonce": "n-list-0006"}
    )
    assert missing.status_code == 404


def test_manual_check_in_by_registration_id(app, client, make, event, delegate, staff, token_for):
    other = make.registration(make.event(), first_name="Else", last_name="Where")
    headers = token_for(staff)
    ok = client.post(url(event), headers=headers, json={"registration_id": delegate.id, "nonce": "n-manual-01"})
    assert ok.status_code == 201 and ok.json["registration"]["id"] == delegate.id
    foreign = client.post(url(event), headers=headers, json={"registration_id": other.id, "nonce": "n-manual-02"})
    assert foreign.status_code == 403


def test_only_staff_and_organizers_scan(app, client, make, event, delegate, organizer, token_for):
    code = code_of(delegate)
    stranger = make.user(email="someone@example.org")
    assert client.post(url(event), json={"code": code}).status_code == 401
    assert client.post(url(event), headers=token_for(stranger), json={"code": code}).status_code == 403
    assert client.post(url(event), headers=token_for(organizer), json={"code": code}).status_code == 201
    assert client.post(url(event), headers=token_for(organizer), data="x").status_code == 415
    assert (
        client.post("/api/v1/events/nope/checkins", headers=token_for(organizer), json={"code": code}).status_code
        == 404
    )


def test_checkin_keys_give_the_public_key_revocations_and_lists(app, client, db, event, delegate, staff, token_for):
    code_of(delegate)
    badges.reissue(delegate)
    db.session.commit()
    response = client.get(f"/api/v1/events/{event.slug}/checkin-keys", headers=token_for(staff))
    assert response.status_code == 200
    body = response.json
    assert body["algorithm"] == "Ed25519" and body["event"] == event.slug and len(body["public_key"]) == 43
    assert [(r["registration_id"], r["serial"]) for r in body["revoked"]] == [(delegate.id, 1)]
    assert [row["key"] for row in body["lists"]] == [f"day-{day}" for day in event.days]
    assert client.get(f"/api/v1/events/{event.slug}/checkin-keys").status_code == 401
