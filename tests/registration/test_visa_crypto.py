"""Visa letter requests at rest: the passport details are one Fernet token in the database, never
readable there; they decrypt under any configured key (rotation); the key comes from configuration."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from eventsys.config import ConfigError, load_config
from eventsys.crypto import DecryptionError, decrypt_text, encrypt_text, rotate_text
from eventsys.db import db
from eventsys.registration.models import VisaDetails, VisaLetterStatus
from eventsys.registration.visa import request_visa_letter

DETAILS = VisaDetails(
    name_in_passport="SRISUK KANOKWAN",
    nationality="TH",
    passport_number="AA1234567",
    passport_expiry=dt.date(2031, 5, 1),
    date_of_birth=dt.date(1985, 2, 14),
)


def test_the_database_holds_no_passport_number_or_name(make, open_event):
    registration = make.registration(open_event, first_name="Kanokwan", last_name="Srisuk")
    request = request_visa_letter(registration, DETAILS)
    raw = db.session.execute(
        text("SELECT details_encrypted, status FROM visa_letter_requests WHERE id = :id"), {"id": request.id}
    ).one()
    assert raw.status == "requested"
    for secret in ("AA1234567", "SRISUK", "KANOKWAN", "1985-02-14", "2031-05-01"):
        assert secret not in raw.details_encrypted
    assert raw.details_encrypted.startswith("gAAAAA")  # a Fernet token (version byte 0x80)


def test_details_round_trip_through_the_database(make, open_event):
    registration = make.registration(open_event)
    request = request_visa_letter(registration, DETAILS)
    db.session.expire_all()
    assert registration.visa_letter_request.id == request.id
    assert registration.visa_letter_request.status == VisaLetterStatus.REQUESTED
    assert registration.visa_letter_request.details == DETAILS
    assert registration.visa_letter_request.details.masked_passport_number == "••••••567"


def test_a_value_under_an_old_key_decrypts_when_that_key_is_second(app):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    app.config["DATA_ENCRYPTION_KEYS"] = old
    token = encrypt_text("AA1234567 ไทย")
    app.config["DATA_ENCRYPTION_KEYS"] = f"{new},{old}"
    assert decrypt_text(token) == "AA1234567 ไทย"
    rotated = rotate_text(token)
    app.config["DATA_ENCRYPTION_KEYS"] = new  # the old key retired once every value was rotated
    assert decrypt_text(rotated) == "AA1234567 ไทย"
    with pytest.raises(DecryptionError):
        decrypt_text(token)


def test_new_values_are_encrypted_under_the_first_key(app):
    first, second = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    app.config["DATA_ENCRYPTION_KEYS"] = f"{first},{second}"
    token = encrypt_text("secret")
    assert Fernet(first.encode()).decrypt(token.encode()) == b"secret"


def test_an_altered_value_is_refused(app):
    token = encrypt_text("AA1234567")
    altered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(DecryptionError):
        decrypt_text(altered)


def test_production_refuses_to_start_without_keys(monkeypatch):
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS", raising=False)
    with pytest.raises(ConfigError, match="DATA_ENCRYPTION_KEYS must be set"):
        load_config({"ENV": "production", "SECRET_KEY": "s" * 40})
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", f" {key} , ")
    assert load_config({"ENV": "production", "SECRET_KEY": "s" * 40})["DATA_ENCRYPTION_KEYS"] == key


def test_a_malformed_key_is_a_configuration_error(monkeypatch):
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", "not-a-key")
    with pytest.raises(ConfigError, match="Fernet key"):
        load_config({"SECRET_KEY": "s" * 40})


def test_development_derives_a_key_from_the_secret_key(monkeypatch):
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS", raising=False)
    one = load_config({"SECRET_KEY": "first secret"})["DATA_ENCRYPTION_KEYS"]
    assert one == load_config({"SECRET_KEY": "first secret"})["DATA_ENCRYPTION_KEYS"]
    assert one != load_config({"SECRET_KEY": "second secret"})["DATA_ENCRYPTION_KEYS"]
    Fernet(one.encode())  # a valid key


def test_rotate_data_key_encrypts_every_request_under_the_new_key(app, make, open_event):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    app.config["DATA_ENCRYPTION_KEYS"] = old
    requests = [request_visa_letter(make.registration(open_event), DETAILS) for _ in range(3)]
    app.config["DATA_ENCRYPTION_KEYS"] = f"{new},{old}"
    result = app.test_cli_runner().invoke(args=["rotate-data-key"])
    assert result.output == "Encrypted again under the first key: 3 visa letter request(s).\n"
    app.config["DATA_ENCRYPTION_KEYS"] = new  # the old key removed: everything still opens
    db.session.expire_all()
    assert [r.details for r in requests] == [DETAILS] * 3
