"""Demo content of the proceedings area: the foreword of the 2019 Roundtable's proceedings."""

from __future__ import annotations

from sqlalchemy import select

from eventsys.db import db
from eventsys.events.models import Event
from eventsys.proceedings.models import Foreword

FOREWORD_EN = (
    "On 6–7 June 2019 the Ministry of Digital Economy and Society, with the Ministry of Transport and "
    "the Ministry of Energy, hosted the ASEAN Smart Cities Network Roundtable Meeting and Conference at "
    "BITEC, Bangkok. Delegates from more than 20 ASEAN cities took part.\n\n"
    "These proceedings record the programme, the sessions and the people who led them, and the "
    "participants who agreed to be listed, for the delegates and for the meetings that follow."
)
FOREWORD_TH = (
    "เมื่อวันที่ 6-7 มิถุนายน 2562 กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม ร่วมกับกระทรวงคมนาคม "
    "และกระทรวงพลังงาน จัดการประชุม ASEAN Smart Cities Network (ASCN) Roundtable Meeting and "
    "Conference ณ ศูนย์นิทรรศการและการประชุมไบเทค กรุงเทพฯ โดยมีผู้แทนจากเมืองชั้นนำกว่า 20 "
    "เมืองในกลุ่มอาเซียนเข้าร่วม\n\n"
    "รายงานการประชุมฉบับนี้บันทึกกำหนดการ ช่วงการประชุมและผู้นำการประชุม ตลอดจนรายชื่อผู้เข้าร่วมที่ยินยอม"
    "ให้เปิดเผยชื่อ เพื่อผู้แทนและการประชุมครั้งต่อไป"
)


def seed_proceedings_demo(today) -> int:
    event = db.session.scalar(select(Event).where(Event.slug == "ascn-roundtable-2019"))
    if event is None or db.session.scalar(select(Foreword).where(Foreword.event_id == event.id)):
        return 0
    db.session.add(
        Foreword(
            event_id=event.id, text_en=FOREWORD_EN, text_th=FOREWORD_TH, signed_by="ASCN Roundtable 2019 organizers"
        )
    )
    db.session.flush()
    return 1
