"""Demo content: the 2019 Roundtable's survey and a few dozen answers, so its results page and the
rapporteur's view beside the outcomes have charts and comments to show.

The demo holds no registrations for that meeting, so the answers are what an erasure leaves:
ratings and anonymous comments tied to nobody. A fixed seed keeps them the same on every run.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from eventsys.agenda.models import AgendaSession, SessionType
from eventsys.db import db
from eventsys.events.models import Event
from eventsys.feedback.models import EVENT_TARGET, FeedbackResponse, FeedbackSurvey, session_target
from eventsys.feedback.services import local_midnight

SLUG = "ascn-roundtable-2019"
EVENT_ANSWERS = 34
SESSION_ANSWERS = (9, 16)  # per session, at least and at most
# Weights of ratings 1..5: a well-received meeting, with a few unhappy delegates.
WEIGHTS = (1, 2, 6, 14, 11)

# Comments by mood: praise goes with a 4 or 5, criticism with 1 to 3, so a comment matches its rating.
COMMENTS = {
    ("en", "good"): [
        "Very useful exchange between cities facing the same problems.",
        "Good mix of ministries, cities and private partners.",
        "Clear conclusions; the action items are realistic.",
        "Interpretation into Thai was excellent.",
        "The case studies from the pilot cities were the most useful part.",
        "Well chaired: every delegation had time to speak.",
    ],
    ("en", "poor"): [
        "The discussion was rich, but the session ran out of time for questions.",
        "The room was too cold and the microphones did not always work.",
        "Too many presentations, too little discussion.",
        "Please share the presentations with all delegates before the session.",
    ],
    ("th", "good"): [
        "ได้แลกเปลี่ยนประสบการณ์กับเมืองอื่นที่มีปัญหาคล้ายกัน เป็นประโยชน์มาก",
        "การจัดการประชุมเป็นระบบ เจ้าหน้าที่ให้ความช่วยเหลือดีมาก",
        "กรณีศึกษาของเมืองนำร่องนำไปปรับใช้ได้จริง",
        "ล่ามแปลได้ชัดเจน เข้าใจง่าย",
    ],
    ("th", "poor"): [
        "เนื้อหาดี แต่เวลาสำหรับการถามตอบน้อยเกินไป",
        "ขอให้ส่งเอกสารประกอบการนำเสนอให้ผู้เข้าร่วมประชุมล่วงหน้า",
        "ห้องประชุมเย็นเกินไป และไมโครโฟนมีปัญหาเป็นระยะ",
    ],
}
# Answers to the organizers' own question ("Which topic should the next Roundtable take up?").
EXTRA = {
    "en": ["Flood resilience and early warning.", "Financing smart city projects.", "Open data standards for cities."],
    "th": ["การบริหารจัดการน้ำท่วมและระบบเตือนภัย", "แหล่งเงินทุนสำหรับโครงการเมืองอัจฉริยะ"],
}
# Sessions nobody rates: breaks, the exhibition, the networking reception.
NOT_RATED = (SessionType.BREAK, SessionType.EXHIBITION, SessionType.NETWORKING)


class _Pool:
    """Each comment at most once per target, so a session's list reads like different people."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.left = {key: list(texts) for key, texts in COMMENTS.items()}

    def take(self, language: str, rating: int) -> str:
        texts = self.left[(language, "good" if rating >= 4 else "poor")]
        return texts.pop(self.rng.randrange(len(texts))) if texts else ""


def _answer(rng, pool, event, target, session_id, at, *, extra: bool = False) -> FeedbackResponse:
    language = "th" if rng.random() < 0.4 else "en"
    rating = rng.choices((1, 2, 3, 4, 5), weights=WEIGHTS)[0]
    return FeedbackResponse(
        event_id=event.id,
        session_id=session_id,
        target=target,
        registration_id=None,
        rating=rating,
        comment=pool.take(language, rating) if rng.random() < 0.35 else "",
        extra_answer=rng.choice(EXTRA[language]) if extra and rng.random() < 0.2 else "",
        named=False,
        language=language,
        created_at=at + dt.timedelta(minutes=rng.randint(0, 60 * 24 * 10)),
    )


def seed_feedback_demo(today: dt.date) -> int:
    event = db.session.scalar(select(Event).where(Event.slug == SLUG))
    if event is None or db.session.scalar(select(FeedbackSurvey.id).where(FeedbackSurvey.event_id == event.id)):
        return 0
    opens = local_midnight(event, event.end_date + dt.timedelta(days=1))
    db.session.add(
        FeedbackSurvey(
            event_id=event.id,
            opens_at=opens,
            closes_at=local_midnight(event, event.end_date + dt.timedelta(days=15)),
            question_en="Which topic should the next Roundtable take up?",
            question_th="การประชุมโต๊ะกลมครั้งต่อไปควรหยิบยกหัวข้อใด",
        )
    )
    rng = random.Random(2019)
    pool = _Pool(rng)
    rows = [_answer(rng, pool, event, EVENT_TARGET, None, opens, extra=True) for _ in range(EVENT_ANSWERS)]
    sessions = db.session.scalars(
        select(AgendaSession)
        .where(AgendaSession.event_id == event.id, AgendaSession.deleted_at.is_(None))
        .where(AgendaSession.type.not_in(NOT_RATED))
        .order_by(AgendaSession.starts_at)
    ).all()
    for session in sessions:
        pool = _Pool(rng)
        rows += [
            _answer(rng, pool, event, session_target(session.id), session.id, opens)
            for _ in range(rng.randint(*SESSION_ANSWERS))
        ]
    db.session.add_all(rows)
    db.session.flush()
    return 1 + len(rows)
