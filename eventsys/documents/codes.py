"""Verification codes: short, typeable, case-insensitive, and self-checking.

A code is 12 Crockford base32 characters shown as `XXXX-XXXX-XXXX`: 8 random characters (40 bits)
then 4 check characters (20 bits), the first bits of an HMAC-SHA256 of the random part under a key
derived from SECRET_KEY. So /verify/<code> tells three cases apart without a lookup for the first:

- the check fails: the code was mistyped or altered (a forger who changes a character must also
  guess 20 bits of a keyed MAC: one chance in a million per try, and tries are rate-limited);
- the check holds but no document has the code: never issued here;
- a document has it: its facts, valid or revoked.

Crockford's alphabet leaves out I, L, O and U; reading back, I and L count as 1 and O as 0, and
case, spaces and hyphens do not matter, so a code read out over the phone still works. Changing
SECRET_KEY makes every printed code fail its check: keep it as long as the documents are in use.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets

from flask import current_app

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_CHARS, CHECK_CHARS = 8, 4
LENGTH = RANDOM_CHARS + CHECK_CHARS
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})


class CodeState(str, enum.Enum):
    WELL_FORMED = "well_formed"
    MALFORMED = "malformed"  # wrong length or characters: mistyped
    ALTERED = "altered"  # the check characters do not match: mistyped or tampered with


def _key() -> bytes:
    """A key of its own for codes, derived from SECRET_KEY (never the secret itself)."""
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, b"eventsys.documents.verification-code", hashlib.sha256).digest()


def _encode(value: int, chars: int) -> str:
    out = []
    for _ in range(chars):
        out.append(ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(out))


def _check(random_part: str) -> str:
    digest = hmac.new(_key(), random_part.encode("ascii"), hashlib.sha256).digest()
    return _encode(int.from_bytes(digest[:4], "big") >> (32 - 5 * CHECK_CHARS), CHECK_CHARS)


def display(compact: str) -> str:
    return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def new_code() -> str:
    random_part = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_CHARS))
    return display(random_part + _check(random_part))


def normalise(text: str) -> str:
    """What the reader typed, as the compact upper-case code (no check made)."""
    return "".join(ch for ch in (text or "").upper() if ch not in " -_.").translate(_READ_AS)[:64]


def parse(text: str) -> tuple[CodeState, str]:
    """(state, the code as stored, `XXXX-XXXX-XXXX`) of what the reader typed."""
    compact = normalise(text)
    if len(compact) != LENGTH or any(ch not in ALPHABET for ch in compact):
        return CodeState.MALFORMED, compact
    random_part, check = compact[:RANDOM_CHARS], compact[RANDOM_CHARS:]
    if not hmac.compare_digest(_check(random_part), check):
        return CodeState.ALTERED, display(compact)
    return CodeState.WELL_FORMED, display(compact)
