"""Alphabetical order for names in Thai and English, as a Thai dictionary sorts.

Sorting Thai by code point puts every word that starts with a leading vowel (เ แ โ ใ ไ) after
all the others, and lets tone marks decide before letters. The Royal Institute order, as
implemented since Londe & Warotamasikkhadit (1969): a leading vowel counts after the consonant it
is written before, tone marks and the other above-marks (U+0E47-U+0E4C) count only where two
words are otherwise the same. Latin text compares case-insensitively and, like an English
index, by its base letters first ("Åland Islands" among the A's, "Đà Nẵng" among the D's),
accents deciding only between otherwise equal words; it sorts before Thai.
(Python has no Thai collation of its own, and ICU is a heavy dependency for these rules.)
"""

from __future__ import annotations

import unicodedata

LEADING_VOWELS = frozenset("เแโใไ")
MARKS = frozenset(chr(c) for c in range(0x0E47, 0x0E4D))  # MAITAIKHU, tone marks, THANTHAKHAT
# Latin letters with no decomposition into a base letter and an accent.
LATIN_BASES = str.maketrans(
    {"Đ": "D", "đ": "d", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe"}
    | {"Þ": "TH", "þ": "th", "ı": "i", "Ħ": "H", "ħ": "h"}
)


def _is_latin_accent(char: str) -> bool:
    """Combining diacritics of Latin letters only: Thai vowels and tone marks combine too."""
    code = ord(char)
    return 0x0300 <= code <= 0x036F or 0x1AB0 <= code <= 0x1AFF or 0x1DC0 <= code <= 0x1DFF


def _base_letters(text: str) -> str:
    """The letters without their accents (NFD, then the combining marks dropped)."""
    decomposed = unicodedata.normalize("NFD", text.translate(LATIN_BASES))
    return "".join(c for c in decomposed if not _is_latin_accent(c))


def sort_key(text: str) -> tuple[str, str, str, str]:
    """A key for sorted(): dictionary order for Thai, case- and accent-insensitive order for Latin."""
    chars = list(text.strip())
    i = 0
    while i < len(chars) - 1:
        if chars[i] in LEADING_VOWELS:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
            i += 1
        i += 1
    letters = "".join(c for c in chars if c not in MARKS)
    marks = "".join(f"{n:03d}{c}" for n, c in enumerate(chars) if c in MARKS)
    return _base_letters(letters).casefold(), marks, letters.casefold(), text
