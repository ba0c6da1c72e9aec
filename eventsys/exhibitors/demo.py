"""Demo content: the World Smart City Showcase 2020's exhibitors (as ../shared/ascn-facts.md tells it:
depa hosts, City Possible member cities and Thai smart cities show their plans, Mastercard and
Huawei among the partners), two halls and their booths. Logos are drawn here as simple PNGs
(initials on the exhibitor's colour): the demo ships no logo files, and real ones are trademarks.
"""

from __future__ import annotations

import functools
import io

from sqlalchemy import func, select

from eventsys.config import PROJECT_ROOT
from eventsys.db import db
from eventsys.events.models import City, Event, Topic
from eventsys.exhibitors import logos
from eventsys.exhibitors.models import Booth, Exhibitor, ExhibitorKind, ExhibitorStatus, Hall

SLUG = "world-smart-city-showcase-2020"
FONT = PROJECT_ROOT / "static" / "fonts" / "NotoSans-Bold.ttf"

# (key, kind, name en, name th, country, ASCN city slug, focus areas, colour, website, description en, th)
EXHIBITORS = [
    (
        "depa",
        "agency",
        "Digital Economy Promotion Agency (depa)",
        "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า)",
        "TH",
        None,
        ["industry-and-innovation", "civic-and-social"],
        "#1452b8",
        "https://www.depa.or.th",
        "The Showcase's host. depa promotes Thailand's digital economy, declares smart-city zones and runs the "
        "Chief Smart City Officers course; it partners with Mastercard's City Possible programme.",
        "เจ้าภาพงาน ดีป้าส่งเสริมเศรษฐกิจดิจิทัลของประเทศ ประกาศเขตส่งเสริมเมืองอัจฉริยะ และจัดหลักสูตร "
        "Chief Smart City Officers ร่วมมือกับโครงการ City Possible ของมาสเตอร์การ์ด",
    ),
    (
        "mastercard",
        "company",
        "Mastercard City Possible",
        "มาสเตอร์การ์ด ซิตี้ พอสซิเบิล",
        "US",
        None,
        ["industry-and-innovation", "civic-and-social"],
        "#c2410c",
        "https://www.mastercard.com",
        "City Possible is Mastercard's global network of cities co-developing urban solutions; depa is its first "
        "government partner, and 27 Thai cities joined in January 2020. See City Key, first built with Honolulu.",
        "City Possible เครือข่ายเมืองทั่วโลกของมาสเตอร์การ์ดที่ร่วมพัฒนาโซลูชันเมือง ดีป้าเป็นพันธมิตรภาครัฐรายแรก "
        "และ 27 เมืองของไทยเข้าร่วมเมื่อมกราคม 2563",
    ),
    (
        "huawei",
        "company",
        "Huawei",
        "หัวเว่ย",
        "CN",
        None,
        ["built-infrastructure", "safety-and-security"],
        "#b91c1c",
        "https://www.huawei.com",
        "Connectivity, cloud and city operations centres for smart-city platforms.",
        "โครงข่ายการสื่อสาร คลาวด์ และศูนย์ปฏิบัติการเมืองสำหรับแพลตฟอร์มเมืองอัจฉริยะ",
    ),
    (
        "phuket",
        "city",
        "Phuket Smart City",
        "ภูเก็ตเมืองอัจฉริยะ",
        "TH",
        "phuket",
        ["safety-and-security", "quality-environment"],
        "#0b7a75",
        "",
        "One of Thailand's first smart-city pilots: tourist safety, a city data platform and "
        "environmental sensors along the beaches.",
        "หนึ่งในเมืองนำร่องเมืองอัจฉริยะแห่งแรกของไทย ความปลอดภัยของนักท่องเที่ยว แพลตฟอร์มข้อมูลเมือง และเซนเซอร์สิ่งแวดล้อมริมชายหาด",
    ),
    (
        "khon-kaen",
        "city",
        "Khon Kaen Smart City",
        "ขอนแก่นเมืองอัจฉริยะ",
        "TH",
        None,
        ["built-infrastructure", "health-and-well-being"],
        "#6f42c1",
        "",
        "A pilot of depa's smart-city programme: light rail financed by a city development company, "
        "and smart health services.",
        "เมืองนำร่องของดีป้า ระบบรางเบาที่ลงทุนโดยบริษัทพัฒนาเมือง และบริการสุขภาพอัจฉริยะ",
    ),
    (
        "bangkok",
        "city",
        "Bangkok Metropolitan Administration",
        "กรุงเทพมหานคร",
        "TH",
        "bangkok",
        ["built-infrastructure", "quality-environment"],
        "#0b2f6b",
        "",
        "Flood warning, traffic data and open city data for the capital's smart-city plan.",
        "ระบบเตือนภัยน้ำท่วม ข้อมูลจราจร และข้อมูลเปิดของเมือง ตามแผนเมืองอัจฉริยะของกรุงเทพฯ",
    ),
    (
        "eec",
        "agency",
        "Eastern Economic Corridor Office (EEC)",
        "สำนักงานคณะกรรมการนโยบายเขตพัฒนาพิเศษภาคตะวันออก (สกพอ.)",
        "TH",
        None,
        ["industry-and-innovation", "built-infrastructure"],
        "#8a5a00",
        "",
        "Smart-city plans of the Eastern "
        "Economic Corridor, an early Thai pilot: new city districts built for investment.",
        "แผนเมืองอัจฉริยะของเขตพัฒนาพิเศษภาคตะวันออก เมืองนำร่องรุ่นแรกของไทย",
    ),
    (
        "yala",
        "city",
        "Yala City Municipality",
        "เทศบาลนครยะลา",
        "TH",
        None,
        ["civic-and-social", "safety-and-security"],
        "#15803d",
        "",
        "One of the 27 Thai cities of City Possible: a city card for residents, inspired by Mastercard City Key.",
        "หนึ่งใน 27 เมืองของไทยในเครือข่าย City Possible บัตรประจำเมืองสำหรับประชาชน ได้แรงบันดาลใจจาก City Key",
    ),
    (
        "chonburi",
        "city",
        "Chonburi Province",
        "จังหวัดชลบุรี",
        "TH",
        "chonburi",
        ["quality-environment", "industry-and-innovation"],
        "#0f8a8a",
        "",
        "Smart energy and water management for a fast-growing province of the EEC.",
        "การจัดการพลังงานและน้ำอัจฉริยะสำหรับจังหวัดที่เติบโตเร็วในเขต EEC",
    ),
    (
        "da-nang",
        "city",
        "Da Nang City",
        "นครดานัง",
        "VN",
        "da-nang",
        ["safety-and-security", "civic-and-social"],
        "#be123c",
        "",
        "An ASCN pilot city: an intelligent operations centre and e-government services.",
        "เมืองนำร่อง ASCN ศูนย์ปฏิบัติการอัจฉริยะและบริการรัฐบาลอิเล็กทรอนิกส์",
    ),
    (
        "kuala-lumpur",
        "city",
        "Kuala Lumpur City Hall",
        "ศาลาว่าการกัวลาลัมเปอร์",
        "MY",
        "kuala-lumpur",
        ["built-infrastructure", "civic-and-social"],
        "#1d4ed8",
        "",
        "An ASCN pilot city: smart mobility and digital city services.",
        "เมืองนำร่อง ASCN การเดินทางอัจฉริยะและบริการเมืองดิจิทัล",
    ),
    (
        "makassar",
        "city",
        "Makassar City",
        "เมืองมากัสซาร์",
        "ID",
        "makassar",
        ["health-and-well-being"],
        "#9333ea",
        "",
        "An ASCN pilot city: home-care health services reached by phone.",
        "เมืองนำร่อง ASCN บริการสุขภาพถึงบ้านผ่านโทรศัพท์",
    ),
    (
        "ascn-australia",
        "partner",
        "ASEAN-Australia Smart Cities Trust Fund",
        "กองทุน ASEAN-Australia Smart Cities Trust Fund",
        "AU",
        None,
        ["civic-and-social", "industry-and-innovation"],
        "#047857",
        "",
        "An external partner of ASCN helping cities prepare bankable projects.",
        "ประเทศคู่เจรจาภายนอกของ ASCN ช่วยเมืองเตรียมโครงการที่พร้อมรับการลงทุน",
    ),
]
PENDING = (
    "chiang-mai",
    "city",
    "Chiang Mai Smart City",
    "เชียงใหม่เมืองอัจฉริยะ",
    "TH",
    None,
    ["quality-environment"],
    "#4b5563",
    "",
    "Air-quality sensors and a city data platform (application under review).",
    "เซนเซอร์คุณภาพอากาศและแพลตฟอร์มข้อมูลเมือง",
)

# (hall name en, th, width, height, booths: (number, x, y, w, h, exhibitor key or None))
HALLS = [
    (
        "Hall 1: City Possible cities",
        "ฮอลล์ 1: เมืองในเครือข่าย City Possible",
        22,
        10,
        [
            ("A1", 1, 1, 4, 3, "phuket"),
            ("A2", 6, 1, 4, 3, "khon-kaen"),
            ("A3", 11, 1, 4, 3, "bangkok"),
            ("A4", 16, 1, 5, 3, "yala"),
            ("A5", 1, 6, 4, 3, "chonburi"),
            ("A6", 6, 6, 4, 3, "da-nang"),
            ("A7", 11, 6, 4, 3, "kuala-lumpur"),
            ("A8", 16, 6, 5, 3, None),
        ],
    ),
    (
        "Hall 2: Agencies and partners",
        "ฮอลล์ 2: หน่วยงานและพันธมิตร",
        16,
        10,
        [
            ("B1", 1, 1, 6, 4, "depa"),
            ("B2", 9, 1, 6, 4, "mastercard"),
            ("B3", 1, 6, 3, 3, "huawei"),
            ("B4", 5, 6, 3, 3, "eec"),
            ("B5", 9, 6, 3, 3, "ascn-australia"),
            ("B6", 13, 6, 2, 3, None),
        ],
    ),
]


@functools.cache  # every test that seeds the demo draws them: once per process is enough
def draw_logo(initials: str, colour: str) -> bytes:
    """A 256 px square PNG: the initials, white on the exhibitor's colour."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (256, 256), colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 120 if len(initials) < 3 else 84)
    draw.text((128, 128), initials, fill="#ffffff", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _initials(name: str) -> str:
    words = [w for w in name.replace("(", " ").replace(")", " ").split() if w[:1].isalpha() and w[:1].isupper()]
    return "".join(w[0] for w in words[:3]) or name[:2].upper()


def _exhibitor(event: Event, spec, status: ExhibitorStatus, topics: dict, cities: dict) -> Exhibitor:
    key, kind, name_en, name_th, country, city, focus, colour, website, text_en, text_th = spec
    exhibitor = Exhibitor(
        event_id=event.id,
        status=status,
        kind=ExhibitorKind(kind),
        name_en=name_en,
        name_th=name_th,
        country_code=country,
        city=cities.get(city) if city else None,
        description_en=text_en,
        description_th=text_th,
        website=website,
        contact_name="Showcase contact",
        contact_email=f"showcase+{key}@example.org",
        language="th" if country == "TH" else "en",
        logo_path=logos.store(event.id, draw_logo(_initials(name_en), colour), "png"),
        logo_type="image/png",
    )
    exhibitor.topics = [topics[slug] for slug in focus if slug in topics]
    db.session.add(exhibitor)
    return exhibitor


def seed_exhibitors_demo(today) -> int:
    event = db.session.scalar(select(Event).where(Event.slug == SLUG))
    if event is None:
        return 0
    if db.session.scalar(select(func.count()).select_from(Exhibitor).where(Exhibitor.event_id == event.id)):
        return 0  # seeded before: leave the organizers' edits alone
    topics = {t.slug: t for t in db.session.scalars(select(Topic))}
    cities = {c.slug: c for c in db.session.scalars(select(City))}
    made = {spec[0]: _exhibitor(event, spec, ExhibitorStatus.ACCEPTED, topics, cities) for spec in EXHIBITORS}
    _exhibitor(event, PENDING, ExhibitorStatus.PENDING, topics, cities)
    db.session.flush()
    created = len(made) + 1
    for position, (name_en, name_th, width, height, booths) in enumerate(HALLS):
        hall = Hall(event_id=event.id, name_en=name_en, name_th=name_th, width=width, height=height, position=position)
        db.session.add(hall)
        db.session.flush()
        for number, x, y, w, h, key in booths:
            exhibitor_id = made[key].id if key else None
            db.session.add(
                Booth(event_id=event.id, hall_id=hall.id, number=number, x=x, y=y, w=w, h=h, exhibitor_id=exhibitor_id)
            )
            created += 1
        created += 1
    db.session.flush()
    return created
