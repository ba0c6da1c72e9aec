"""Encryption at rest of the few fields that must not sit readable in the database or its backups
(a delegate's passport details for a visa invitation letter).

`cryptography`'s Fernet (AES-128-CBC and HMAC-SHA256, a timestamped token) through `MultiFernet`
over the keys in DATA_ENCRYPTION_KEYS (config.py): the first key encrypts, every key decrypts, so a
key is rotated by putting the new one first and keeping the old one after it until every value has
been encrypted again (`rotate_text`). A value that no key opens (another site's key, tampered bytes)
raises `DecryptionError`, never returns garbage.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

_CACHE = "eventsys.crypto"


class DecryptionError(ValueError):
    """No configured key opens this value: it was encrypted under a key since removed, or altered."""


def _keys(config_value) -> tuple[str, ...]:
    if isinstance(config_value, list | tuple):
        keys = [str(k).strip() for k in config_value]
    else:
        keys = [k.strip() for k in str(config_value or "").split(",")]
    return tuple(k for k in keys if k)


def _fernet() -> MultiFernet:
    """The app's MultiFernet, built once per key list (tests change the keys on a live app)."""
    keys = _keys(current_app.config.get("DATA_ENCRYPTION_KEYS"))
    if not keys:
        raise RuntimeError("DATA_ENCRYPTION_KEYS is empty: no key to encrypt personal data with.")
    cached = current_app.extensions.get(_CACHE)
    if cached is None or cached[0] != keys:
        cached = (keys, MultiFernet([Fernet(key.encode("ascii")) for key in keys]))
        current_app.extensions[_CACHE] = cached
    return cached[1]


def encrypt_text(plain: str) -> str:
    """`plain` encrypted under the first key, as ASCII text (a Fernet token) for a Text column."""
    return _fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    """The text `encrypt_text` encrypted, under any configured key; DecryptionError if none opens it."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise DecryptionError("no configured DATA_ENCRYPTION_KEYS key opens this value") from exc


def rotate_text(token: str) -> str:
    """The same value encrypted again under the first key (after a new key was put first)."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise DecryptionError("no configured DATA_ENCRYPTION_KEYS key opens this value") from exc
