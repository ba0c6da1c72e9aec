"""The demo foreword: loaded once, printed in the 2019 Roundtable's book."""

from __future__ import annotations

from eventsys.events.services import get_event
from eventsys.proceedings.demo import seed_proceedings_demo
from tests.pdftext import pdftotext
from tests.proceedings.helpers import build_pdf


def test_demo_foreword_is_seeded_once_and_printed(seeded):
    assert seed_proceedings_demo(None) == 0  # seed-demo already ran it
    event = get_event("ascn-roundtable-2019")
    text = pdftotext(build_pdf(event, parts=("foreword",)))
    assert "Delegates from more than 20 ASEAN cities took part." in text
    assert "ASCN Roundtable 2019 organizers" in text
