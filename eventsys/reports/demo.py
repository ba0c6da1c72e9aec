"""Demo report: "ASCN outcomes to the 35th ASEAN Summit", published, citing the demo outcomes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from eventsys.agenda.models import AgendaSession
from eventsys.db import db
from eventsys.demo.data import ROUNDTABLE_2019_SESSIONS, SERIES
from eventsys.events.models import Event, EventSeries
from eventsys.outcomes.models import Outcome
from eventsys.reports.models import ReportItem, ReportSection, SummitReport

SLUG = "ascn-outcomes-35th-asean-summit"

# (section en, section th, opening en, [(session key, recommendation id or None, connecting en)])
SECTIONS = [
    (
        "Governance of the network",
        "การกำกับดูแลเครือข่าย",
        "The 2019 Roundtable prepared the network's founding documents for endorsement.",
        [
            ("terms_of_reference", "rec-tor-endorse", "On the Terms of Reference, the Roundtable recommended:"),
            ("terms_of_reference", "rec-tor-partners", ""),
        ],
    ),
    (
        "Monitoring and evaluation",
        "การติดตามและประเมินผล",
        "A shared framework lets pilot cities report progress the same way.",
        [("monitoring_and_evaluation", None, "The Roundtable concluded on the draft framework:")],
    ),
    (
        "Progress of the pilot cities",
        "ความก้าวหน้าของเมืองนำร่อง",
        "",
        [("city_status_reports", "rec-csr-bankable", "From the city status reports:")],
    ),
]


def seed_reports_demo(today: dt.date) -> int:
    if db.session.scalar(select(SummitReport.id).where(SummitReport.slug == SLUG)):
        return 0
    event = db.session.scalar(select(Event).where(Event.slug == "ascn-roundtable-2019"))
    if event is None:
        return 0
    outcomes = {}
    for key, title in ROUNDTABLE_2019_SESSIONS.items():
        outcome = db.session.scalar(
            select(Outcome)
            .join(AgendaSession, AgendaSession.id == Outcome.session_id)
            .where(
                AgendaSession.event_id == event.id,
                AgendaSession.title_en == title,
                Outcome.approved_version_id.is_not(None),
            )
        )
        if outcome is not None:
            outcomes[key] = outcome
    if not outcomes:
        return 0
    series = db.session.scalar(select(EventSeries).where(EventSeries.slug == SERIES["slug"]))
    report = SummitReport(
        slug=SLUG,
        series=series,
        title_en="ASCN outcomes to the 35th ASEAN Summit",
        title_th="ผลการดำเนินงานของเครือข่ายเมืองอัจฉริยะอาเซียนต่อที่ประชุมสุดยอดอาเซียน ครั้งที่ 35",
        target_en="35th ASEAN Summit",
        target_th="การประชุมสุดยอดอาเซียน ครั้งที่ 35",
        target_date=dt.date(2019, 11, 2),
        introduction_en=(
            "Under Thailand's chairmanship, theme “Advancing Partnership for Sustainability”, the "
            "ASEAN Smart Cities Network met at the Roundtable Meeting and Conference (6–7 June 2019) "
            "and the Annual Meeting (22–24 August 2019). This report brings their approved outcomes "
            "to the 35th ASEAN Summit."
        ),
        introduction_th=(
            "ภายใต้การเป็นประธานของประเทศไทยและแนวคิด “ร่วมมือ ร่วมใจ ก้าวไกล ยั่งยืน” "
            "เครือข่ายเมืองอัจฉริยะอาเซียนได้จัดการประชุมโต๊ะกลม (6–7 มิถุนายน 2562) "
            "และการประชุมประจำปี (22–24 สิงหาคม 2562) รายงานฉบับนี้นำเสนอผลการประชุมที่ได้รับการรับรอง"
            "ต่อที่ประชุมสุดยอดอาเซียน ครั้งที่ 35"
        ),
        is_published=True,
        published_at=dt.datetime(2019, 10, 25, 3, 0, tzinfo=dt.UTC),
    )
    created = 1
    for title_en, title_th, text_en, items in SECTIONS:
        cited = [(outcomes[key], rec, text) for key, rec, text in items if key in outcomes]
        if not cited:
            continue
        section = ReportSection(position=len(report.sections), title_en=title_en, title_th=title_th, text_en=text_en)
        for item_position, (outcome, rec, text) in enumerate(cited):
            section.items.append(
                ReportItem(
                    position=item_position,
                    outcome_id=outcome.id,
                    recommendation_id=rec,
                    cited_version_id=outcome.approved_version_id,
                    connecting_en=text,
                )
            )
        report.sections.append(section)
        created += 1 + len(cited)
    db.session.add(report)
    db.session.flush()
    return created
