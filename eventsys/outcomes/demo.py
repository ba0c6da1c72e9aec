"""Demo outcomes: approved outcomes for three sessions of the 2019 Roundtable (the agenda demo
creates the sessions; a session that is not there is skipped). Running it twice creates nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from eventsys.agenda.models import AgendaSession
from eventsys.db import db
from eventsys.demo.data import ROUNDTABLE_2019_SESSIONS
from eventsys.events.models import Event
from eventsys.outcomes.models import Outcome, OutcomeReview, OutcomeStatus, OutcomeVersion, ReviewAction

ROUNDTABLE_SLUG = "ascn-roundtable-2019"
ANNUAL_MEETING = "2019-08-22"  # the first day of the Annual Meeting, where documents were endorsed


def _statement(item_id, en, th, focus, dims):
    return {"id": item_id, "text_en": en, "text_th": th, "focus_areas": focus, "dimensions": dims}


def _action(item_id, en, th, owner, focus, dims, status="open", due=ANNUAL_MEETING):
    return {
        "id": item_id,
        "what_en": en,
        "what_th": th,
        "owner": owner,
        "due": due,
        "status": status,
        "focus_areas": focus,
        "dimensions": dims,
    }


DEMO_OUTCOMES = {
    "terms_of_reference": {
        "summary_en": "Delegates reviewed the draft ASCN Terms of Reference, which set out the network's "
        "purpose, membership, governance and the role of the annual chair, and agreed to put "
        "it forward for endorsement at the ASCN Annual Meeting in August 2019.",
        "summary_th": "ผู้แทนได้พิจารณาร่างขอบเขตการดำเนินงาน (Terms of Reference) ของเครือข่ายเมืองอัจฉริยะอาเซียน "
        "ซึ่งกำหนดวัตถุประสงค์ สมาชิกภาพ การกำกับดูแล และบทบาทของประธานประจำปี "
        "และเห็นชอบให้เสนอเพื่อรับรองในการประชุมประจำปีเดือนสิงหาคม 2562",
        "key_messages": [
            _statement(
                "km-tor-1",
                "A clear governance structure lets the 26 pilot cities work as one network.",
                "โครงสร้างการกำกับดูแลที่ชัดเจนช่วยให้เมืองนำร่อง 26 เมืองทำงานร่วมกันเป็นเครือข่ายเดียว",
                ["civic-and-social"],
                ["smart-governance"],
            ),
        ],
        "recommendations": [
            _statement(
                "rec-tor-endorse",
                "Endorse the ASCN Terms of Reference at the ASCN Annual Meeting 2019.",
                "รับรองขอบเขตการดำเนินงานของเครือข่ายเมืองอัจฉริยะอาเซียนในการประชุมประจำปี 2562",
                ["civic-and-social"],
                ["smart-governance"],
            ),
            _statement(
                "rec-tor-partners",
                "Engage external partners through a structured dialogue under the Terms of Reference.",
                "สร้างความร่วมมือกับประเทศคู่เจรจาผ่านการหารืออย่างเป็นระบบภายใต้ขอบเขตการดำเนินงาน",
                ["industry-and-innovation"],
                ["smart-economy", "smart-governance"],
            ),
        ],
        "action_items": [
            _action(
                "act-tor-th",
                "Circulate the revised Terms of Reference to all member states for comment.",
                "เวียนร่างขอบเขตการดำเนินงานฉบับปรับปรุงให้ประเทศสมาชิกทุกประเทศให้ความเห็น",
                "member_state:TH",
                ["civic-and-social"],
                ["smart-governance"],
                status="done",
                due="2019-07-15",
            ),
            _action(
                "act-tor-sg",
                "Confirm the national focal point for ASCN before the Annual Meeting.",
                "ยืนยันผู้ประสานงานระดับชาติของเครือข่ายก่อนการประชุมประจำปี",
                "member_state:SG",
                ["civic-and-social"],
                ["smart-governance"],
                status="in_progress",
            ),
        ],
    },
    "monitoring_and_evaluation": {
        "summary_en": "The draft ASCN Monitoring and Evaluation framework proposes indicators for each of the "
        "six focus areas so that pilot cities report progress the same way. Delegates agreed to "
        "put it forward for endorsement at the Annual Meeting.",
        "summary_th": "ร่างกรอบการติดตามและประเมินผลของเครือข่ายเสนอตัวชี้วัดสำหรับแต่ละด้านทั้งหกด้าน "
        "เพื่อให้เมืองนำร่องรายงานความก้าวหน้าในรูปแบบเดียวกัน "
        "ที่ประชุมเห็นชอบให้เสนอเพื่อรับรองในการประชุมประจำปี",
        "key_messages": [],
        "recommendations": [
            _statement(
                "rec-me-endorse",
                "Endorse the ASCN Monitoring and Evaluation framework at the Annual Meeting 2019.",
                "รับรองกรอบการติดตามและประเมินผลของเครือข่ายในการประชุมประจำปี 2562",
                ["built-infrastructure", "quality-environment"],
                ["smart-governance"],
            ),
            _statement(
                "rec-me-data",
                "Pilot cities share their indicator data through a common city data platform.",
                "เมืองนำร่องแบ่งปันข้อมูลตัวชี้วัดผ่านแพลตฟอร์มข้อมูลเมืองร่วมกัน",
                ["industry-and-innovation"],
                ["smart-governance", "smart-economy"],
            ),
        ],
        "action_items": [
            _action(
                "act-me-bangkok",
                "Report baseline indicators for Bangkok using the draft framework.",
                "รายงานตัวชี้วัดพื้นฐานของกรุงเทพมหานครตามร่างกรอบการติดตามและประเมินผล",
                "city:bangkok",
                ["quality-environment"],
                ["smart-environment", "smart-mobility"],
            ),
            _action(
                "act-me-phuket",
                "Report baseline indicators for Phuket using the draft framework.",
                "รายงานตัวชี้วัดพื้นฐานของภูเก็ตตามร่างกรอบการติดตามและประเมินผล",
                "city:phuket",
                ["health-and-well-being"],
                ["smart-living"],
                status="in_progress",
            ),
        ],
    },
    "city_status_reports": {
        "summary_en": "Pilot cities reported on their action plans: smart mobility, energy efficiency and "
        "city data projects progressed; several cities asked for help preparing bankable projects.",
        "summary_th": "เมืองนำร่องรายงานความก้าวหน้าของแผนปฏิบัติการ ทั้งด้านการเดินทางอัจฉริยะ "
        "การใช้พลังงานอย่างมีประสิทธิภาพ และโครงการข้อมูลเมือง "
        "หลายเมืองขอความช่วยเหลือในการเตรียมโครงการที่พร้อมรับการลงทุน",
        "key_messages": [],
        "recommendations": [
            _statement(
                "rec-csr-bankable",
                "Match pilot cities with solution providers to turn plans into bankable projects.",
                "จับคู่เมืองนำร่องกับผู้ให้บริการโซลูชันเพื่อพัฒนาแผนเป็นโครงการที่พร้อมรับการลงทุน",
                ["industry-and-innovation"],
                ["smart-economy"],
            ),
        ],
        "action_items": [
            _action(
                "act-csr-chonburi",
                "Present an updated smart mobility plan at the Annual Meeting.",
                "นำเสนอแผนการเดินทางอัจฉริยะฉบับปรับปรุงในการประชุมประจำปี",
                "city:chonburi",
                ["built-infrastructure"],
                ["smart-mobility"],
            ),
            _action(
                "act-csr-da-nang",
                "Share the city's energy efficiency results with other pilot cities.",
                "แบ่งปันผลการใช้พลังงานอย่างมีประสิทธิภาพกับเมืองนำร่องอื่น",
                "city:da-nang",
                ["quality-environment"],
                ["smart-energy"],
            ),
        ],
    },
}

APPROVED_AT = dt.datetime(2019, 6, 21, 3, 0, tzinfo=dt.UTC)


def seed_outcomes_demo(today: dt.date) -> int:
    event = db.session.scalar(select(Event).where(Event.slug == ROUNDTABLE_SLUG))
    if event is None:
        return 0
    created = 0
    for key, content in DEMO_OUTCOMES.items():
        session = db.session.scalar(
            select(AgendaSession).where(
                AgendaSession.event_id == event.id, AgendaSession.title_en == ROUNDTABLE_2019_SESSIONS[key]
            )
        )
        if session is None or db.session.scalar(select(Outcome.id).where(Outcome.session_id == session.id)):
            continue
        outcome = Outcome(
            session_id=session.id, status=OutcomeStatus.APPROVED, current_number=1, created_at=APPROVED_AT
        )
        version = OutcomeVersion(number=1, content=content, created_at=APPROVED_AT)
        outcome.versions.append(version)
        outcome.reviews.extend(
            [
                OutcomeReview(action=ReviewAction.SUBMITTED, version_number=1, created_at=APPROVED_AT),
                OutcomeReview(action=ReviewAction.APPROVED, version_number=1, created_at=APPROVED_AT),
            ]
        )
        db.session.add(outcome)
        db.session.flush()
        outcome.approved_version = version
        db.session.flush()
        created += 4
    return created
