"""Demo agenda (seed-demo step 20): the 2019 Roundtable's two days at BITEC, its session titles
from eventsys/demo/data.py, and a small programme for the upcoming sample event so personal
agendas can be tried live.

Runs once: an event that already has sessions is left exactly as it is.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from eventsys.accounts.models import Role, User
from eventsys.accounts.services import generate_password, grant_role
from eventsys.agenda import publishing
from eventsys.agenda.models import AgendaSession, Room, SessionPerson, SessionRole, SessionType, Track
from eventsys.agenda.services import local_moment
from eventsys.db import db
from eventsys.demo.data import ROUNDTABLE_2019_SESSIONS as TITLES
from eventsys.events.models import Event, Organisation, Person, Topic

RAPPORTEUR_EMAIL = "rapporteur@ascn.example.org"
MINISTER = "Pichet Durongkaveroj"
DEPA_PRESIDENT = "Nuttapon Nimmanphatcharin"

ROOMS = [  # key, English, Thai, capacity
    ("hall", "Grand Hall 203", "แกรนด์ฮอลล์ 203", 500),
    ("mr211", "Meeting Room 211", "ห้องประชุม 211", 80),
    ("mr212", "Meeting Room 212", "ห้องประชุม 212", 60),
    ("eh98", "Exhibition Hall 98", "ห้องนิทรรศการ 98", 1000),
]
TRACKS = [
    ("roundtable", "ASCN Roundtable", "การประชุมโต๊ะกลม ASCN", "#0b2f6b"),
    ("conference", "Smart and Sustainable City Conference", "การประชุมเมืองอัจฉริยะและยั่งยืน", "#0f8a8a"),
    ("exhibition", "Exhibition", "นิทรรศการ", "#b7791f"),
]

# day (0-based), start, end, type, room, track, English title, Thai title, abstract (en, th),
# topic slugs, people [(who, role)]
PROGRAMME = [
    (
        0,
        "08:00",
        "09:00",
        "break",
        None,
        None,
        "Registration and welcome coffee",
        "ลงทะเบียนและรับรองกาแฟ",
        ("", ""),
        [],
        [],
    ),
    (
        0,
        "09:00",
        "09:45",
        "plenary",
        "hall",
        "roundtable",
        "Opening Ceremony",
        "พิธีเปิดการประชุม",
        (
            "Welcome to the ASEAN Smart Cities Network Roundtable Meeting and Conference, co-hosted by the Ministry "
            "of Digital Economy and Society, the Ministry of Energy and the Ministry of Transport.",
            "พิธีเปิดการประชุม ASEAN Smart Cities Network Roundtable Meeting and Conference โดยกระทรวงดิจิทัล"
            "เพื่อเศรษฐกิจและสังคม ร่วมกับกระทรวงพลังงานและกระทรวงคมนาคม",
        ),
        [],
        [(MINISTER, "speaker"), (DEPA_PRESIDENT, "speaker")],
    ),
    (
        0,
        "09:45",
        "10:15",
        "plenary",
        "hall",
        "conference",
        "Keynote: Advancing Partnership for Sustainability",
        "ปาฐกถาพิเศษ: ร่วมมือ ร่วมใจ ก้าวไกล ยั่งยืน",
        (
            "Thailand's priorities as ASCN chair in 2019, alongside ASEAN Sustainable Energy Week.",
            "แนวทางของประเทศไทยในฐานะประธาน ASCN ปี 2562 ควบคู่กับงาน ASEAN Sustainable Energy Week",
        ),
        ["civic-and-social", "smart-governance"],
        [(MINISTER, "speaker")],
    ),
    (0, "10:15", "10:30", "break", None, None, "Coffee break", "พักรับประทานอาหารว่าง", ("", ""), [], []),
    (
        0,
        "10:30",
        "12:30",
        "roundtable",
        "mr211",
        "roundtable",
        TITLES["city_status_reports"],
        "รายงานสถานะของเมืองนำร่อง ASCN",
        (
            "Delegates of the pilot cities report on their smart-city action plans: progress, projects and "
            "what they need from the network.",
            "ผู้แทนเมืองนำร่องรายงานความก้าวหน้าของแผนปฏิบัติการเมืองอัจฉริยะ โครงการ และความต้องการจากเครือข่าย",
        ),
        ["civic-and-social", "built-infrastructure", "smart-governance"],
        [(MINISTER, "chair")],
    ),
    (
        0,
        "10:30",
        "12:00",
        "panel",
        "mr212",
        "conference",
        TITLES["sdgs_panel"],
        "เมืองอัจฉริยะกับเป้าหมายการพัฒนาที่ยั่งยืน",
        (
            "How smart-city projects in ASEAN cities contribute to the Sustainable Development Goals.",
            "โครงการเมืองอัจฉริยะในเมืองของอาเซียนมีส่วนช่วยให้บรรลุเป้าหมายการพัฒนาที่ยั่งยืนอย่างไร",
        ),
        ["quality-environment", "health-and-well-being", "smart-environment", "smart-energy"],
        [(DEPA_PRESIDENT, "moderator")],
    ),
    (
        0,
        "09:00",
        "17:00",
        "exhibition",
        "eh98",
        "exhibition",
        "Exhibition: Smart and Sustainable City",
        "นิทรรศการ: เมืองอัจฉริยะและยั่งยืน",
        (
            "Thai smart cities and solution providers show their projects.",
            "เมืองอัจฉริยะของไทยและผู้ให้บริการโซลูชันนำเสนอผลงาน",
        ),
        ["industry-and-innovation", "smart-economy"],
        [],
    ),
    (0, "12:30", "13:30", "break", None, None, "Lunch", "พักรับประทานอาหารกลางวัน", ("", ""), [], []),
    (
        0,
        "13:30",
        "15:00",
        "roundtable",
        "mr211",
        "roundtable",
        TITLES["terms_of_reference"],
        "ร่าง Terms of Reference ของ ASCN",
        (
            "Discussion of the draft Terms of Reference of the network, to be put to members for endorsement at "
            "the Annual Meeting.",
            "พิจารณาร่าง Terms of Reference ของเครือข่าย เพื่อเสนอให้สมาชิกรับรองในการประชุมประจำปี",
        ),
        ["civic-and-social", "smart-governance"],
        [(MINISTER, "chair"), ("rapporteur", "rapporteur")],
    ),
    (
        0,
        "13:30",
        "15:00",
        "workshop",
        "mr212",
        "conference",
        TITLES["city_data_platform"],
        "แพลตฟอร์มข้อมูลเมือง (City Data Platform)",
        (
            "Open city data as shared infrastructure: how a City Data Platform connects agencies, services and "
            "citizens.",
            "ข้อมูลเมืองแบบเปิดในฐานะโครงสร้างพื้นฐานร่วม แพลตฟอร์มข้อมูลเมืองเชื่อมหน่วยงาน บริการ และประชาชนอย่างไร",
        ),
        ["built-infrastructure", "industry-and-innovation", "smart-governance", "smart-mobility"],
        [(DEPA_PRESIDENT, "speaker")],
    ),
    (0, "15:00", "15:15", "break", None, None, "Coffee break", "พักรับประทานอาหารว่าง", ("", ""), [], []),
    (
        0,
        "15:15",
        "16:45",
        "roundtable",
        "mr211",
        "roundtable",
        TITLES["monitoring_and_evaluation"],
        "ร่างกรอบการติดตามและประเมินผลของ ASCN",
        (
            "Discussion of the draft ASCN Monitoring and Evaluation framework: indicators, reporting and review.",
            "พิจารณาร่างกรอบการติดตามและประเมินผลของ ASCN ทั้งตัวชี้วัด การรายงาน และการทบทวน",
        ),
        ["civic-and-social", "smart-governance"],
        [(DEPA_PRESIDENT, "chair"), ("rapporteur", "rapporteur")],
    ),
    (0, "18:00", "20:00", "networking", "hall", None, "Welcome reception", "งานเลี้ยงต้อนรับ", ("", ""), [], []),
    (1, "08:30", "09:00", "break", None, None, "Morning coffee", "รับรองกาแฟยามเช้า", ("", ""), [], []),
    (
        1,
        "09:00",
        "10:30",
        "roundtable",
        "mr211",
        "roundtable",
        TITLES["development_guidelines"],
        "แนวทางการพัฒนาเมืองอัจฉริยะ",
        (
            "Guidelines for developing smart cities across the network, from planning to bankable projects.",
            "แนวทางการพัฒนาเมืองอัจฉริยะของเครือข่าย ตั้งแต่การวางแผนจนถึงโครงการที่พร้อมรับการลงทุน",
        ),
        ["built-infrastructure", "quality-environment", "smart-living"],
        [(DEPA_PRESIDENT, "chair")],
    ),
    (
        1,
        "09:00",
        "17:00",
        "exhibition",
        "eh98",
        "exhibition",
        "Exhibition: Smart and Sustainable City (day 2)",
        "นิทรรศการ: เมืองอัจฉริยะและยั่งยืน (วันที่สอง)",
        ("", ""),
        ["industry-and-innovation"],
        [],
    ),
    (1, "10:30", "10:45", "break", None, None, "Coffee break", "พักรับประทานอาหารว่าง", ("", ""), [], []),
    (
        1,
        "10:45",
        "12:15",
        "panel",
        "hall",
        "conference",
        TITLES["best_practices"],
        "ประสบการณ์และแนวปฏิบัติที่ดีของเมืองอัจฉริยะ",
        (
            "Cities share what worked and what did not, from mobility to energy and public services.",
            "เมืองต่าง ๆ แลกเปลี่ยนสิ่งที่ได้ผลและไม่ได้ผล ตั้งแต่การเดินทาง พลังงาน ไปจนถึงบริการสาธารณะ",
        ),
        ["safety-and-security", "health-and-well-being", "smart-mobility", "smart-people"],
        [(DEPA_PRESIDENT, "moderator")],
    ),
    (1, "12:15", "13:15", "break", None, None, "Lunch", "พักรับประทานอาหารกลางวัน", ("", ""), [], []),
    (
        1,
        "13:15",
        "14:45",
        "roundtable",
        "mr211",
        "roundtable",
        "Roundtable Summary and Next Steps",
        "สรุปผลการประชุมโต๊ะกลมและขั้นตอนต่อไป",
        (
            "What goes forward to the ASCN Annual Meeting in August 2019.",
            "ประเด็นที่จะเสนอต่อการประชุมประจำปีของ ASCN ในเดือนสิงหาคม 2562",
        ),
        ["smart-governance"],
        [(DEPA_PRESIDENT, "chair"), ("rapporteur", "rapporteur")],
    ),
    (
        1,
        "15:00",
        "15:30",
        "plenary",
        "hall",
        "roundtable",
        "Closing Ceremony",
        "พิธีปิดการประชุม",
        ("", ""),
        [],
        [(MINISTER, "speaker")],
    ),
]

SAMPLE_PROGRAMME = [
    (
        0,
        "09:00",
        "09:30",
        "plenary",
        "hall",
        None,
        "Sample: Welcome and how this sample event works",
        "ตัวอย่าง: กล่าวต้อนรับและวิธีใช้กิจกรรมตัวอย่าง",
        ("", ""),
        ["civic-and-social"],
        [],
    ),
    (
        0,
        "10:00",
        "11:30",
        "workshop",
        "mr211",
        None,
        "Sample workshop: planning a city data catalogue",
        "ตัวอย่างการอบรม: วางแผนบัญชีข้อมูลเมือง",
        (
            "A sample session that needs sign-up (20 places), for trying personal agendas.",
            "ช่วงตัวอย่างที่ต้องลงชื่อล่วงหน้า (20 ที่นั่ง) สำหรับทดลองใช้กำหนดการส่วนตัว",
        ),
        ["smart-governance"],
        [],
    ),
    (
        1,
        "09:00",
        "10:30",
        "panel",
        "hall",
        None,
        "Sample panel: smart mobility in ASEAN cities",
        "ตัวอย่างการเสวนา: การเดินทางอัจฉริยะในเมืองอาเซียน",
        ("", ""),
        ["smart-mobility"],
        [],
    ),
]


def _rapporteur_person() -> tuple[Person, int]:
    created = 0
    user = User.by_email(RAPPORTEUR_EMAIL)
    if user is None:
        user = User(email=RAPPORTEUR_EMAIL, name="ASCN Rapporteur")
        user.set_password(generate_password())  # nobody knows it: an admin resets it to hand it over
        db.session.add(user)
        db.session.flush()
        created += 1
    person = db.session.scalar(select(Person).where(Person.user_id == user.id))
    if person is None:
        depa = db.session.scalar(select(Organisation).filter_by(slug="depa"))
        person = Person(
            name="ASCN Rapporteur",
            local_name="ผู้บันทึกการประชุม ASCN",
            position_en="Rapporteur, ASCN Roundtable 2019",
            position_th="ผู้บันทึกการประชุมโต๊ะกลม ASCN 2562",
            organisation=depa,
            email=RAPPORTEUR_EMAIL,
            user_id=user.id,
            country_code="TH",
        )
        db.session.add(person)
        db.session.flush()
        created += 1
    return person, created


def _build(event: Event, programme: list, *, people: dict[str, Person]) -> int:
    rooms = {}
    for position, (key, name_en, name_th, capacity) in enumerate(ROOMS):
        rooms[key] = Room(event_id=event.id, name_en=name_en, name_th=name_th, capacity=capacity, position=position)
    tracks = {
        key: Track(event_id=event.id, name_en=en, name_th=th, colour=colour, position=position)
        for position, (key, en, th, colour) in enumerate(TRACKS)
    }
    db.session.add_all([*rooms.values(), *tracks.values()])
    topics = {t.slug: t for t in db.session.scalars(select(Topic))}
    created = len(rooms) + len(tracks)
    for day, start, end, kind, room, track, title_en, title_th, abstract, topic_slugs, roles in programme:
        date = event.start_date + dt.timedelta(days=day)
        session = AgendaSession(
            event_id=event.id,
            type=SessionType(kind),
            title_en=title_en,
            title_th=title_th,
            abstract_en=abstract[0],
            abstract_th=abstract[1],
            starts_at=local_moment(event, date, dt.time.fromisoformat(start)),
            ends_at=local_moment(event, date, dt.time.fromisoformat(end)),
            room=rooms.get(room),
            track=tracks.get(track),
            topics=[topics[s] for s in topic_slugs if s in topics],
        )
        if title_en.startswith("Sample workshop"):
            session.signup_required, session.signup_capacity = True, 20
        for position, (who, role) in enumerate(roles):
            if who in people:
                session.people.append(SessionPerson(person=people[who], role=SessionRole(role), position=position))
        db.session.add(session)
        created += 1 + len(session.people)
    db.session.flush()
    return created


def _has_sessions(event: Event) -> bool:
    return bool(
        db.session.scalar(select(func.count()).select_from(AgendaSession).where(AgendaSession.event_id == event.id))
    )


def seed_agenda_demo(today: dt.date) -> int:
    created = 0
    roundtable = db.session.scalar(select(Event).filter_by(slug="ascn-roundtable-2019"))
    if roundtable is not None and not _has_sessions(roundtable):
        rapporteur, created = _rapporteur_person()
        user = db.session.get(User, rapporteur.user_id)
        if not user.has_role(roundtable, Role.RAPPORTEUR):
            grant_role(user, roundtable, Role.RAPPORTEUR)
            created += 1
        people = {
            p.name: p for p in db.session.scalars(select(Person).where(Person.name.in_([MINISTER, DEPA_PRESIDENT])))
        }
        people["rapporteur"] = rapporteur
        created += _build(roundtable, PROGRAMME, people=people)
        publishing.publish(roundtable)
    sample = db.session.scalar(select(Event).filter_by(slug="ascn-roundtable-sample"))
    if sample is not None and not _has_sessions(sample):
        created += _build(sample, SAMPLE_PROGRAMME, people={})
        publishing.publish(sample)
    return created
