"""The real ASCN facts that `flask seed-demo` loads: member states and their pilot cities,
partners, focus areas, organisations, people, and the 2019-2020 events.

Plain data only; eventsys/demo/seed.py puts it in the database.
"""

from __future__ import annotations

import datetime as dt

# (ISO code, English name as ASEAN writes it, Thai name, cities: (slug, English, Thai))
MEMBER_STATES = [
    ("BN", "Brunei Darussalam", "บรูไนดารุสซาลาม", [("bandar-seri-begawan", "Bandar Seri Begawan", "บันดาร์เสรีเบกาวัน")]),
    (
        "KH",
        "Cambodia",
        "กัมพูชา",
        [
            ("battambang", "Battambang", "พระตะบอง"),
            ("phnom-penh", "Phnom Penh", "พนมเปญ"),
            ("siem-reap", "Siem Reap", "เสียมราฐ"),
        ],
    ),
    (
        "ID",
        "Indonesia",
        "อินโดนีเซีย",
        [
            ("banyuwangi", "Banyuwangi", "บันยูวังงี"),
            ("dki-jakarta", "DKI Jakarta", "จาการ์ตา"),
            ("makassar", "Makassar", "มากัสซาร์"),
        ],
    ),
    (
        "LA",
        "Lao PDR",
        "สปป. ลาว",
        [("luang-prabang", "Luang Prabang", "หลวงพระบาง"), ("vientiane", "Vientiane", "เวียงจันทน์")],
    ),
    (
        "MY",
        "Malaysia",
        "มาเลเซีย",
        [
            ("johor-bahru", "Johor Bahru", "ยะโฮร์บาห์รู"),
            ("kota-kinabalu", "Kota Kinabalu", "โกตากินาบาลู"),
            ("kuala-lumpur", "Kuala Lumpur", "กัวลาลัมเปอร์"),
            ("kuching", "Kuching", "กูชิง"),
        ],
    ),
    (
        "MM",
        "Myanmar",
        "เมียนมา",
        [("mandalay", "Mandalay", "มัณฑะเลย์"), ("nay-pyi-taw", "Nay Pyi Taw", "เนปิดอว์"), ("yangon", "Yangon", "ย่างกุ้ง")],
    ),
    (
        "PH",
        "Philippines",
        "ฟิลิปปินส์",
        [("cebu-city", "Cebu City", "เซบู"), ("davao-city", "Davao City", "ดาเวา"), ("manila", "Manila", "มะนิลา")],
    ),
    ("SG", "Singapore", "สิงคโปร์", [("singapore", "Singapore", "สิงคโปร์")]),
    (
        "TH",
        "Thailand",
        "ไทย",
        [("bangkok", "Bangkok", "กรุงเทพมหานคร"), ("chonburi", "Chonburi", "ชลบุรี"), ("phuket", "Phuket", "ภูเก็ต")],
    ),
    (
        "VN",
        "Viet Nam",
        "เวียดนาม",
        [
            ("da-nang", "Da Nang", "ดานัง"),
            ("hanoi", "Hanoi", "ฮานอย"),
            ("ho-chi-minh-city", "Ho Chi Minh City", "นครโฮจิมินห์"),
        ],
    ),
]

# External partners: first formal dialogue in 2019; Australia through its Smart Cities Trust Fund.
PARTNER_COUNTRIES = [
    ("US", 2019, "", ""),
    ("CN", 2019, "", ""),
    ("JP", 2019, "", ""),
    ("KR", 2019, "", ""),
    ("AU", 2019, "ASEAN-Australia Smart Cities Trust Fund", "กองทุน ASEAN-Australia Smart Cities Trust Fund"),
]

FOCUS_AREAS = [
    ("civic-and-social", "Civic and Social", "พลเมืองและสังคม"),
    ("health-and-well-being", "Health and Well-being", "สุขภาพและความเป็นอยู่ที่ดี"),
    ("safety-and-security", "Safety and Security", "ความปลอดภัยและความมั่นคง"),
    ("quality-environment", "Quality Environment", "สิ่งแวดล้อมที่มีคุณภาพ"),
    ("built-infrastructure", "Built Infrastructure", "โครงสร้างพื้นฐาน"),
    ("industry-and-innovation", "Industry and Innovation", "อุตสาหกรรมและนวัตกรรม"),
]

SMART_CITY_DIMENSIONS = [
    ("smart-environment", "Smart Environment", "สิ่งแวดล้อมอัจฉริยะ"),
    ("smart-economy", "Smart Economy", "เศรษฐกิจอัจฉริยะ"),
    ("smart-mobility", "Smart Mobility", "การเดินทางและขนส่งอัจฉริยะ"),
    ("smart-energy", "Smart Energy", "พลังงานอัจฉริยะ"),
    ("smart-people", "Smart People", "พลเมืองอัจฉริยะ"),
    ("smart-living", "Smart Living", "การดำรงชีวิตอัจฉริยะ"),
    ("smart-governance", "Smart Governance", "การบริหารภาครัฐอัจฉริยะ"),
]

# slug, English, Thai, acronym, kind, country, parent slug
ORGANISATIONS = [
    ("mdes", "Ministry of Digital Economy and Society", "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "MDES", "ministry", "TH", None),
    ("depa", "Digital Economy Promotion Agency", "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล", "depa", "agency", "TH", "mdes"),
    ("moen", "Ministry of Energy", "กระทรวงพลังงาน", "", "ministry", "TH", None),
    ("eppo", "Energy Policy and Planning Office", "สำนักงานนโยบายและแผนพลังงาน", "EPPO", "agency", "TH", "moen"),
    ("mot", "Ministry of Transport", "กระทรวงคมนาคม", "", "ministry", "TH", None),
    (
        "otp",
        "Office of Transport and Traffic Policy and Planning",
        "สำนักงานนโยบายและแผนการขนส่งและจราจร",
        "OTP",
        "agency",
        "TH",
        "mot",
    ),
    ("asean-secretariat", "ASEAN Secretariat", "สำนักเลขาธิการอาเซียน", "ASEC", "intergovernmental", "ID", None),
    ("huawei", "Huawei", "หัวเว่ย", "", "company", "CN", None),
    ("mastercard", "Mastercard", "มาสเตอร์การ์ด", "", "company", "US", None),
]

# name (Latin), local name, honorific, position en, position th, organisation slug
PEOPLE = [
    (
        "Nuttapon Nimmanphatcharin",
        "ดร.ณัฐพล นิมมานพัชรินทร์",
        "Dr.",
        "President and CEO, depa",
        "ผู้อำนวยการใหญ่ สำนักงานส่งเสริมเศรษฐกิจดิจิทัล",
        "depa",
    ),
    (
        "Pichet Durongkaveroj",
        "ดร.พิเชฐ ดุรงคเวโรจน์",
        "Dr.",
        "Minister of Digital Economy and Society",
        "รัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม",
        "mdes",
    ),
]

SERIES = {
    "slug": "ascn-2019-2020",
    "title_en": "ASEAN Smart Cities Network 2019–2020",
    "title_th": "เครือข่ายเมืองอัจฉริยะอาเซียน 2562–2563",
    "description_en": (
        "The ASEAN Smart Cities Network (ASCN) was launched in 2018 on Singapore's initiative and links "
        "26 pilot cities in the ten ASEAN member states. Thailand chaired ASCN in 2019 under its ASEAN "
        "chairmanship theme, “Advancing Partnership for Sustainability”. The outcomes of the 2019 "
        "meetings were reported to the 35th ASEAN Summit in November 2019."
    ),
    "description_th": (
        "เครือข่ายเมืองอัจฉริยะอาเซียน (ASCN) ริเริ่มโดยสิงคโปร์ในปี 2561 เชื่อมโยงเมืองนำร่อง 26 เมืองใน "
        "10 ประเทศสมาชิกอาเซียน ประเทศไทยเป็นประธาน ASCN ในปี 2562 ภายใต้แนวคิด "
        "“ร่วมมือ ร่วมใจ ก้าวไกล ยั่งยืน” (Advancing Partnership for Sustainability) "
        "และได้รายงานผลการประชุมต่อที่ประชุมสุดยอดอาเซียน ครั้งที่ 35 ในเดือนพฤศจิกายน 2562"
    ),
}

EVENTS = [
    {
        "slug": "ascn-roundtable-2019",
        "kind": "roundtable",
        "title_en": "ASEAN Smart Cities Network Roundtable Meeting and Conference",
        "title_th": "การประชุม ASEAN Smart Cities Network Roundtable Meeting and Conference",
        "theme_en": "Held alongside ASEAN Sustainable Energy Week",
        "theme_th": "จัดคู่กับงาน ASEAN Sustainable Energy Week",
        "start_date": dt.date(2019, 6, 6),
        "end_date": dt.date(2019, 6, 7),
        "venue_en": "BITEC (Bangkok International Trade & Exhibition Centre), Bangna, Bangkok",
        "venue_th": "ศูนย์นิทรรศการและการประชุมไบเทค บางนา กรุงเทพฯ",
        "city": "bangkok",
        "registration_mode": "moderated",
        "capacity": 250,
        "description_en": (
            "Delegates from more than 20 ASEAN cities met at BITEC for city status reports, the draft "
            "ASCN Terms of Reference, the draft Monitoring and Evaluation framework and smart-city "
            "development guidelines. A side programme of exhibitions and talks covered “Smart and "
            "Sustainable City”, smart cities and the SDGs, the City Data Platform, and Smart City "
            "Experience and Best Practices."
        ),
        "description_th": (
            "เมื่อวันที่ 6-7 มิถุนายน 2562 กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม ร่วมกับกระทรวงคมนาคม "
            "และกระทรวงพลังงาน จัดการประชุม ASEAN Smart Cities Network (ASCN) Roundtable Meeting and "
            "Conference ณ ศูนย์นิทรรศการและการประชุมไบเทค กรุงเทพฯ โดยมีผู้แทนจากเมืองชั้นนำกว่า 20 "
            "เมืองในกลุ่มอาเซียนเข้าร่วม"
        ),
        "hosts": [
            ("mdes", "through the Digital Economy Promotion Agency (depa)", "โดยสำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า)"),
            ("moen", "through the Energy Policy and Planning Office (EPPO)", "โดยสำนักงานนโยบายและแผนพลังงาน (สนพ.)"),
            (
                "mot",
                "through the Office of Transport and Traffic Policy and Planning (OTP)",
                "โดยสำนักงานนโยบายและแผนการขนส่งและจราจร (สนข.)",
            ),
        ],
    },
    {
        "slug": "ascn-annual-meeting-2019",
        "kind": "annual_meeting",
        "title_en": "ASCN Annual Meeting 2019 (ASEAN Smart Cities Network C&E 2019)",
        "title_th": "การประชุมประจำปีเครือข่ายเมืองอัจฉริยะอาเซียน 2562 (ASEAN Smart Cities Network C&E 2019)",
        "theme_en": "Advancing Partnership for Sustainability",
        "theme_th": "ร่วมมือ ร่วมใจ ก้าวไกล ยั่งยืน",
        "start_date": dt.date(2019, 8, 22),
        "end_date": dt.date(2019, 8, 24),
        "venue_en": "Bangkok, Thailand",
        "venue_th": "กรุงเทพมหานคร ประเทศไทย",
        "city": "bangkok",
        "registration_mode": "moderated",
        "capacity": 400,
        "description_en": (
            "Progress on each pilot city's action plan, new projects with solution providers, bankable "
            "projects and engagement with external partners, and the endorsement of the ASCN Terms of "
            "Reference and the ASCN Monitoring and Evaluation documents."
        ),
        "description_th": (
            "ติดตามความก้าวหน้าแผนปฏิบัติการของเมืองนำร่อง โครงการใหม่ร่วมกับผู้ให้บริการโซลูชัน "
            "โครงการที่พร้อมรับการลงทุน และความร่วมมือกับประเทศคู่เจรจา พร้อมรับรองเอกสาร "
            "ASCN Terms of Reference และ ASCN Monitoring and Evaluation"
        ),
        "hosts": [("mdes", "", ""), ("depa", "", "")],
    },
    {
        "slug": "world-smart-city-showcase-2020",
        "kind": "showcase",
        "title_en": "World Smart City Showcase 2020",
        "title_th": "งานแสดงเมืองอัจฉริยะระดับโลก 2563 (World Smart City Showcase)",
        "theme_en": "City Possible member cities present their smart-city plans",
        "theme_th": "เมืองสมาชิก City Possible นำเสนอแผนพัฒนาเมืองอัจฉริยะ",
        # The facts give "mid-2020"; the demo places it on the first days of July.
        "start_date": dt.date(2020, 7, 1),
        "end_date": dt.date(2020, 7, 2),
        "venue_en": "Bangkok, Thailand",
        "venue_th": "กรุงเทพมหานคร ประเทศไทย",
        "city": "bangkok",
        "registration_mode": "open",
        "capacity": 1000,
        "description_en": (
            "Hosted by depa in mid-2020: member cities of the City Possible network (27 Thai cities "
            "joined it in January 2020) show their smart-city plans, and Thai smart cities share their "
            "experience."
        ),
        "description_th": (
            "ดีป้าเป็นเจ้าภาพในช่วงกลางปี 2563 เมืองสมาชิกเครือข่าย City Possible (27 เมืองของไทยเข้าร่วม"
            "เมื่อมกราคม 2563) นำเสนอแผนพัฒนาเมืองอัจฉริยะ และเมืองอัจฉริยะของไทยแลกเปลี่ยนประสบการณ์"
        ),
        "hosts": [("depa", "", ""), ("mastercard", "City Possible partner", "พันธมิตรโครงการ City Possible")],
    },
]

# The one upcoming event, so every flow can be tried live. Dated a month after seeding.
SAMPLE_EVENT = {
    "slug": "ascn-roundtable-sample",
    "kind": "roundtable",
    "title_en": "Sample event: ASCN Roundtable (try registration here)",
    "title_th": "กิจกรรมตัวอย่าง: การประชุมโต๊ะกลม ASCN (ทดลองลงทะเบียนได้ที่นี่)",
    "theme_en": "A sample event for trying eventsys; not a real meeting",
    "theme_th": "กิจกรรมตัวอย่างสำหรับทดลองใช้ระบบ ไม่ใช่การประชุมจริง",
    "days_from_seed": 30,
    "length_days": 2,
    "venue_en": "BITEC, Bangna, Bangkok (sample)",
    "venue_th": "ศูนย์นิทรรศการและการประชุมไบเทค บางนา กรุงเทพฯ (ตัวอย่าง)",
    "city": "bangkok",
    "registration_mode": "open",
    "capacity": 200,
    "description_en": "This is a sample event so that registration, agenda and badges can be tried live. "
    "It is not a real ASCN meeting.",
    "description_th": "กิจกรรมนี้เป็นตัวอย่างเพื่อทดลองลงทะเบียน ดูกำหนดการ และพิมพ์บัตร ไม่ใช่การประชุม ASCN จริง",
    "hosts": [("depa", "", "")],
}

# The 2019 Roundtable's programme titles that other areas' demo data refers to (outcomes cite
# these sessions; the summit report cites those outcomes). The agenda demo creates them.
ROUNDTABLE_2019_SESSIONS = {
    "city_status_reports": "City Status Reports from the ASCN Pilot Cities",
    "terms_of_reference": "Draft ASCN Terms of Reference",
    "monitoring_and_evaluation": "Draft ASCN Monitoring and Evaluation Framework",
    "development_guidelines": "Smart City Development Guidelines",
    "city_data_platform": "City Data Platform",
    "sdgs_panel": "Smart Cities and the SDGs",
    "best_practices": "Smart City Experience and Best Practices",
}
