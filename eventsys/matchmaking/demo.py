"""Demo content: the business-matching afternoon of the 2019 Annual Meeting, where pilot cities met
solution providers and partners about bankable projects (../shared/ascn-facts.md).

Six 20-minute slots on 23 August 2019 at eight numbered tables, delegates who opted in (city
representatives of pilot cities, solution providers, external partners), and a dozen meetings:
most accepted (at the lowest free table, as the scheduler gives them), some still pending, two
declined, one cancelled. The event is past, so the rows are written as they would stand, not
through the request flow that refuses slots already begun. The people are invented; their cities,
organisations and partners are the network's.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from eventsys.db import db
from eventsys.events.models import City, Event
from eventsys.matchmaking import rules
from eventsys.matchmaking.models import (
    MatchmakingBooking,
    MatchmakingParticipant,
    MatchmakingSetup,
    MatchmakingSlot,
    MatchmakingTable,
    Meeting,
    MeetingStatus,
)
from eventsys.projects.services import accepted_projects
from eventsys.registration.models import Registration, RegistrationCategory, RegistrationStatus

SLUG = "ascn-annual-meeting-2019"
DAY = dt.date(2019, 8, 23)
START, END, MINUTES, TABLES = dt.time(14, 0), dt.time(16, 0), 20, 8

CITY, PRIVATE, PARTNER = (
    RegistrationCategory.CITY_REPRESENTATIVE,
    RegistrationCategory.PRIVATE_SECTOR,
    RegistrationCategory.EXTERNAL_PARTNER,
)
# key: (first, last, local name, category, country, city slug, organisation, language,
#       offers en, offers th, seeks en, seeks th)
PEOPLE = {
    "phuket": (
        "Kittipong",
        "Srisawat",
        "กิตติพงษ์ ศรีสวัสดิ์",
        CITY,
        "TH",
        "phuket",
        "Phuket City Municipality",
        "th",
        "A city data platform pilot and tourism data to share.",
        "โครงการนำร่องแพลตฟอร์มข้อมูลเมืองและข้อมูลการท่องเที่ยว",
        "Partners for smart mobility and a PPP to fund it.",
        "พันธมิตรด้านการเดินทางอัจฉริยะและการร่วมลงทุนรัฐและเอกชน",
    ),
    "chonburi": (
        "Pimchanok",
        "Wongsuwan",
        "พิมพ์ชนก วงศ์สุวรรณ",
        CITY,
        "TH",
        "chonburi",
        "Chonburi Provincial Administration",
        "th",
        "Industrial estates in the Eastern Economic Corridor ready for pilots.",
        "นิคมอุตสาหกรรมในเขตพัฒนาพิเศษภาคตะวันออกที่พร้อมทดลอง",
        "Smart energy and water management solutions.",
        "โซลูชันพลังงานอัจฉริยะและการบริหารจัดการน้ำ",
    ),
    "da-nang": (
        "Nguyen",
        "Thi Lan",
        "",
        CITY,
        "VN",
        "da-nang",
        "Da Nang People's Committee",
        "en",
        "An intelligent operations centre running since 2018.",
        "",
        "Financing for flood early warning and smart lighting.",
        "",
    ),
    "makassar": (
        "Andi",
        "Rahman",
        "",
        CITY,
        "ID",
        "makassar",
        "City of Makassar",
        "en",
        "Lessons from the Sombere and Smart City programme.",
        "",
        "Technology partners for waste management.",
        "",
    ),
    "cebu": (
        "Maria",
        "Santos",
        "",
        CITY,
        "PH",
        "cebu-city",
        "Cebu City Government",
        "en",
        "A bus rapid transit corridor in preparation.",
        "",
        "Traffic management systems and investors.",
        "",
    ),
    "kota-kinabalu": (
        "Farah",
        "Abdullah",
        "",
        CITY,
        "MY",
        "kota-kinabalu",
        "Kota Kinabalu City Hall",
        "en",
        "A coastal city plan with clear priorities.",
        "",
        "Partners for clean water and e-government services.",
        "",
    ),
    "mastercard": (
        "Daniel",
        "Lim",
        "",
        PRIVATE,
        "SG",
        None,
        "Mastercard (City Possible)",
        "en",
        "City Possible: co-created urban solutions, digital payments for transit (City Key).",
        "City Possible: โซลูชันเมืองที่ร่วมกันสร้าง และการชำระเงินดิจิทัลสำหรับระบบขนส่ง",
        "Cities ready to pilot digital public services.",
        "เมืองที่พร้อมทดลองบริการสาธารณะดิจิทัล",
    ),
    "huawei": (
        "Chen",
        "Wei",
        "",
        PRIVATE,
        "CN",
        None,
        "Huawei Technologies (Thailand)",
        "en",
        "City operations centres, 5G and IoT networks.",
        "ศูนย์ปฏิบัติการเมือง เครือข่าย 5G และ IoT",
        "City partners for an operations centre pilot.",
        "",
    ),
    "thai-startup": (
        "Thanawat",
        "Chaiyaporn",
        "ธนวัฒน์ ชัยพร",
        PRIVATE,
        "TH",
        "bangkok",
        "Bangkok smart-parking start-up",
        "th",
        "Smart parking sensors and a payment app, live in two Thai cities.",
        "เซนเซอร์จอดรถอัจฉริยะและแอปชำระเงิน ใช้งานจริงในสองเมือง",
        "Cities with congested centres.",
        "เมืองที่มีปัญหาการจราจรในย่านใจกลางเมือง",
    ),
    "australia": (
        "Sarah",
        "Mitchell",
        "",
        PARTNER,
        "AU",
        None,
        "ASEAN-Australia Smart Cities Trust Fund",
        "en",
        "Grants and technical assistance for city projects.",
        "ทุนสนับสนุนและความช่วยเหลือทางวิชาการสำหรับโครงการของเมือง",
        "Bankable projects from pilot cities.",
        "โครงการที่พร้อมรับการลงทุนจากเมืองนำร่อง",
    ),
    "japan": (
        "Kenji",
        "Watanabe",
        "",
        PARTNER,
        "JP",
        None,
        "Japan's smart city partnership programme",
        "en",
        "Project preparation support and Japanese solution providers.",
        "",
        "Cities preparing transport and disaster-resilience projects.",
        "",
    ),
    "korea": (
        "Ji-won",
        "Park",
        "",
        PARTNER,
        "KR",
        None,
        "Republic of Korea smart city cooperation",
        "en",
        "Feasibility studies and smart city know-how.",
        "",
        "Pilot cities seeking integrated platforms.",
        "",
    ),
}
# (slot index, requester, invitee, status, message)
MEETINGS = [
    (0, "phuket", "mastercard", "accepted", "City Key for Phuket's visitors: could we pilot it on the airport bus?"),
    (0, "australia", "da-nang", "accepted", "Your flood early-warning project looks bankable; let us discuss a grant."),
    (0, "huawei", "chonburi", "accepted", "An operations centre for the EEC industrial estates."),
    (1, "cebu", "thai-startup", "accepted", "Smart parking for the downtown BRT stations."),
    (1, "makassar", "japan", "accepted", "Support to prepare the waste-to-energy project."),
    (2, "korea", "kota-kinabalu", "accepted", ""),
    (2, "phuket", "australia", "accepted", "Co-funding the Phuket city data platform."),
    (3, "da-nang", "huawei", "pending", "Smart lighting in the Son Tra peninsula."),
    (3, "chonburi", "mastercard", "pending", ""),
    (4, "kota-kinabalu", "thai-startup", "pending", "Parking in the waterfront district."),
    (4, "thai-startup", "phuket", "declined", "Expanding our parking app to Patong."),
    (5, "japan", "cebu", "declined", "Disaster resilience for the coastal roads."),
    (1, "mastercard", "makassar", "cancelled", "Digital payments for Makassar's buses."),
]


def _local(event: Event, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(DAY, time, tzinfo=event.zone).astimezone(dt.UTC)


def _registration(event: Event, key: str, spec: tuple) -> tuple[Registration, int]:
    first, last, local, category, country, city_slug, organisation, language = spec[:8]
    email = f"{key}.matchmaking@example.org"
    found = db.session.scalar(select(Registration).filter_by(event_id=event.id, email=email))
    if found is not None:
        return found, 0
    city = db.session.scalar(select(City).filter_by(slug=city_slug)) if city_slug else None
    registration = Registration(
        event_id=event.id,
        first_name=first,
        last_name=last,
        local_name=local,
        email=email,
        organisation=organisation,
        country_code=country,
        city=city,
        category=category,
        language=language,
        status=RegistrationStatus.CONFIRMED,
        consent_at=_local(event, dt.time(9, 0)) - dt.timedelta(days=30),
    )
    db.session.add(registration)
    db.session.flush()
    return registration, 1


def opt_in_project_submitters(event: Event) -> int:
    """The city representatives who submitted the meeting's accepted projects (the projects area's
    demo) take part too, seeking partners for their project."""
    made = 0
    for project in accepted_projects(event):
        registration = project.submitter_registration
        if registration is None or registration.status != RegistrationStatus.CONFIRMED:
            continue
        if db.session.scalar(select(MatchmakingParticipant.id).filter_by(registration_id=registration.id)):
            continue
        db.session.add(
            MatchmakingParticipant(
                event_id=event.id,
                registration_id=registration.id,
                offers_en=f"The project: {project.title_en}",
                offers_th=f"โครงการ: {project.title_th}" if project.title_th else "",
                seeks_en="Finance, technology and partners for this project.",
                seeks_th="แหล่งเงินทุน เทคโนโลยี และพันธมิตรสำหรับโครงการนี้",
            )
        )
        made += 1
    db.session.flush()
    return made


def seed_matchmaking_demo(today: dt.date) -> int:
    event = db.session.scalar(select(Event).filter_by(slug=SLUG))
    if event is None or db.session.scalar(select(MatchmakingSlot.id).filter_by(event_id=event.id).limit(1)):
        return 0
    created = 0
    db.session.add(MatchmakingSetup(event_id=event.id, opens_at=_local(event, START) - dt.timedelta(days=21)))
    slots = [
        MatchmakingSlot(event_id=event.id, starts_at=a, ends_at=b)
        for a, b in rules.slot_series(_local(event, START), _local(event, END), MINUTES)
    ]
    tables = [MatchmakingTable(event_id=event.id, number=n, label=label) for n, label in rules.table_labels(TABLES)]
    db.session.add_all([*slots, *tables])
    db.session.flush()
    created += 1 + len(slots) + len(tables)
    people = {}
    for key, spec in PEOPLE.items():
        people[key], made = _registration(event, key, spec)
        offers_en, offers_th, seeks_en, seeks_th = spec[8:]
        db.session.add(
            MatchmakingParticipant(
                event_id=event.id,
                registration_id=people[key].id,
                offers_en=offers_en,
                offers_th=offers_th,
                seeks_en=seeks_en,
                seeks_th=seeks_th,
            )
        )
        created += made + 1
    db.session.flush()
    created += opt_in_project_submitters(event)
    pairs = [(t.id, t.number) for t in tables]
    taken: dict[int, list[int]] = {}
    for index, requester, invitee, status, message in MEETINGS:
        slot = slots[index]
        meeting = Meeting(
            event_id=event.id,
            slot_id=slot.id,
            requester_id=people[requester].id,
            invitee_id=people[invitee].id,
            message=message,
            status=MeetingStatus(status),
            created_at=slot.starts_at - dt.timedelta(days=3),
            decided_at=slot.starts_at - dt.timedelta(days=2) if status != "pending" else None,
        )
        if status == "accepted":
            meeting.table_id = rules.lowest_free_table(pairs, taken.setdefault(slot.id, []))
            taken[slot.id].append(meeting.table_id)
        if status == "cancelled":
            meeting.cancelled_by_id = people[requester].id
        db.session.add(meeting)
        db.session.flush()
        if status == "accepted":
            db.session.add_all(
                MatchmakingBooking(slot_id=slot.id, registration_id=person, meeting_id=meeting.id)
                for person in (meeting.requester_id, meeting.invitee_id)
            )
        created += 1
    db.session.flush()
    return created
