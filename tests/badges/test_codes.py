"""Signed badge codes: what they carry, and that nothing altered or foreign verifies."""

import base64

import pytest

from eventsys.badges import services, tokens
from eventsys.badges.models import BadgeKey


def test_code_names_event_registration_and_serial_and_nothing_personal(db, event, delegate):
    badge = services.ensure_badge(delegate)
    code = services.code_for(badge)
    assert code.startswith("ES1") and len(code) == 123
    raw = base64.b32decode(code[3:])
    assert raw[:11] == bytes([1]) + event.id.to_bytes(4, "big") + delegate.id.to_bytes(4, "big") + (1).to_bytes(
        2, "big"
    )
    assert len(raw) == 11 + 64
    for personal in ("Nuttapon", "Nimmanphatcharin", "depa", delegate.email):
        assert personal.encode() not in raw and personal.upper() not in code
    claim = services.verify_code(code)
    assert (claim.event_id, claim.registration_id, claim.serial) == (event.id, delegate.id, 1)


def test_a_flipped_byte_fails_the_signature(db, event, delegate):
    code = services.code_for(services.ensure_badge(delegate))
    raw = bytearray(base64.b32decode(code[3:]))
    raw[20] ^= 0x01
    forged = "ES1" + base64.b32encode(bytes(raw)).decode()
    with pytest.raises(services.InvalidCode):
        services.verify_code(forged)


@pytest.mark.parametrize("code", ["", "hello", "ES1" + "A" * 119, "ES1" + "1" * 120, "XX1" + "A" * 120])
def test_malformed_codes_are_refused(db, code):
    with pytest.raises(services.InvalidCode):
        services.verify_code(code)


def test_each_event_has_its_own_key_and_the_private_key_is_not_stored(db, make, event, delegate, app):
    other = make.event()
    key, other_key = services.event_key(event), services.event_key(other)
    assert key.public_key != other_key.public_key and len(key.public_key) == 32
    private = tokens.derive_private_key(app.config["SECRET_KEY"], key.salt)
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    secret = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    stored = db.session.get(BadgeKey, key.id)
    assert secret not in (stored.salt, stored.public_key)


def test_a_code_signed_with_another_events_key_does_not_verify(db, make, event, delegate, app):
    other = make.event()
    other_key = services.event_key(other)
    forged = tokens.sign_code(
        tokens.derive_private_key(app.config["SECRET_KEY"], other_key.salt), event.id, delegate.id, 1
    )
    services.event_key(event)
    with pytest.raises(services.InvalidCode):
        services.verify_code(forged)


def test_reissue_revokes_the_old_serial(db, delegate):
    first = services.ensure_badge(delegate)
    second = services.reissue(delegate)
    db.session.commit()
    assert (first.serial, second.serial) == (1, 2)
    assert first.is_revoked and not second.is_revoked
    assert services.current_badge(delegate).id == second.id


def test_scanner_keys_list_the_public_key_and_revocations(db, event, delegate):
    services.ensure_badge(delegate)
    services.reissue(delegate)
    body = services.scanner_keys(event)
    key = services.event_key(event)
    assert body["algorithm"] == "Ed25519"
    assert base64.urlsafe_b64decode(body["public_key"] + "=") == key.public_key
    assert [(r["registration_id"], r["serial"]) for r in body["revoked"]] == [(delegate.id, 1)]
