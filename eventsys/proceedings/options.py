"""What the organizer chooses for a book: language, parts, watermark; and its stable hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

LANGUAGES = ("en", "th", "both")
# The parts of the book in print order; the cover is always there. The index of people comes
# last, as a book's index does (and so nothing before it depends on how long it is).
PARTS = ("foreword", "contents", "programme", "sessions", "participants", "index")
WATERMARKS = ("until_approved", "always", "never")


class InvalidOptions(ValueError):
    pass


@dataclass(frozen=True)
class BookOptions:
    language: str = "en"
    parts: tuple[str, ...] = PARTS
    watermark: str = "until_approved"  # "draft" across pages until all outcomes are approved

    def __post_init__(self):
        if self.language not in LANGUAGES:
            raise InvalidOptions(f"unknown language {self.language!r}")
        unknown = set(self.parts) - set(PARTS)
        if unknown:
            raise InvalidOptions(f"unknown part(s): {', '.join(sorted(unknown))}")
        if self.watermark not in WATERMARKS:
            raise InvalidOptions(f"unknown watermark choice {self.watermark!r}")
        # Print order, whatever order they were given in.
        object.__setattr__(self, "parts", tuple(p for p in PARTS if p in self.parts))

    def has(self, part: str) -> bool:
        return part in self.parts

    def as_dict(self) -> dict:
        data = asdict(self)
        data["parts"] = list(self.parts)
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> BookOptions:
        data = data or {}
        return cls(
            language=data.get("language", "en"),
            parts=tuple(data.get("parts", PARTS)),
            watermark=data.get("watermark", "until_approved"),
        )

    @property
    def hash(self) -> str:
        return hashlib.sha256(json.dumps(self.as_dict(), sort_keys=True).encode()).hexdigest()
