"""The one place badge tests normalise a known PDF text-layer defect.

WeasyPrint's text layer currently gives SARA AM (U+0E33) back as SARA AA (U+0E32); the fix is
being made in eventsys/pdf/thai_text.py. When it lands, make this function return `text` unchanged.
"""


def normalise_sara_am(text: str) -> str:
    return text.replace("\u0e33", "\u0e32")
