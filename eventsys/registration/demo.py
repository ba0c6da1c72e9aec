"""Demo content of registration: the sample event asks one question of its own, so organizers
trying eventsys see custom questions on the form, in the list and in exports."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from eventsys.db import db
from eventsys.events.models import Event
from eventsys.registration.models import Question, QuestionKind

SAMPLE_QUESTION = {
    "key": "site_visit",
    "label_en": "Will you join the site visit to the City Data Platform on the second afternoon?",
    "label_th": "คุณจะร่วมการศึกษาดูงานแพลตฟอร์มข้อมูลเมืองในช่วงบ่ายของวันที่สองหรือไม่",
    "kind": QuestionKind.YES_NO,
}


def seed_registration_demo(today: dt.date) -> int:
    sample = db.session.scalar(select(Event).where(Event.is_sample.is_(True)).order_by(Event.id).limit(1))
    if sample is None:
        return 0
    exists = db.session.scalar(
        select(Question).where(Question.event_id == sample.id, Question.key == SAMPLE_QUESTION["key"])
    )
    if exists is not None:
        return 0
    db.session.add(Question(event_id=sample.id, required=False, position=0, choices=[], **SAMPLE_QUESTION))
    db.session.flush()
    return 1
