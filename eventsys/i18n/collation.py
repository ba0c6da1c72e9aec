"""Alphabetical order for names in Thai and English, as a Thai dictionary sorts.

Sorting Thai by code point puts every word that starts with a leading vowel (เ แ โ ใ ไ) after
all the others, and lets tone marks decide before letters. The Royal Institute order, as
implemented since Londe & Warotamasikkhadit (1969): a leading vowel counts after the consonant it
is written before, tone marks and the other above-marks (U+0E47-U+0E4C) count only where two
words are otherwise the same. Latin text compares case-insensitively, and sorts before Thai.
(Python has no Thai collation of its own, and ICU is a heavy dependency for this one rule.)
"""

from __future__ import annotations

LEADING_VOWELS = frozenset("เแโใไ")
MARKS = frozenset(chr(c) for c in range(0x0E47, 0x0E4D))  # MAITAIKHU, tone marks, THANTHAKHAT


def sort_key(text: str) -> tuple[str, str, str]:
    """A key for sorted(): dictionary order for Thai, case-insensitive order for Latin."""
    chars = list(text.strip())
    i = 0
    while i < len(chars) - 1:
        if chars[i] in LEADING_VOWELS:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
            i += 1
        i += 1
    letters = "".join(c for c in chars if c not in MARKS)
    marks = "".join(f"{n:03d}{c}" for n, c in enumerate(chars) if c in MARKS)
    return letters.casefold(), marks, text
