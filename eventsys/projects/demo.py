"""Demo projects: the ASCN Annual Meeting 2019 reviewed pilot cities' projects and matched cities
with solution providers on bankable projects (../shared/ascn-facts.md). Its call has four criteria,
five projects of ASCN pilot cities, two reviewers' scores, three accepted and two not selected;
Phuket's project is pitched in a session whose approved outcome names it in an action item, and is
carried to the World Smart City Showcase 2020, so its page shows a history. Running it twice
creates nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from eventsys.accounts.models import Role, User
from eventsys.accounts.services import generate_password, grant_role
from eventsys.agenda import publishing
from eventsys.agenda.models import AgendaSession, SessionType
from eventsys.db import db
from eventsys.events.models import City, Event, Topic
from eventsys.outcomes.models import Outcome, OutcomeReview, OutcomeStatus, OutcomeVersion, ReviewAction
from eventsys.projects.models import (
    BudgetRange,
    Project,
    ProjectActionLink,
    ProjectCall,
    ProjectReview,
    ProjectStage,
    ProjectStatus,
    ReviewCriterion,
)
from eventsys.registration.models import Registration, RegistrationCategory, RegistrationStatus

ANNUAL_MEETING = "ascn-annual-meeting-2019"
SHOWCASE = "world-smart-city-showcase-2020"
BANGKOK = dt.timezone(dt.timedelta(hours=7))
CLOSES_AT = dt.datetime(2019, 8, 1, 17, 0, tzinfo=BANGKOK)
DECIDED_AT = dt.datetime(2019, 8, 15, 10, 0, tzinfo=BANGKOK)
REVIEWERS = (
    ("project.reviewer1@ascn.example.org", "Project Reviewer (depa)"),
    ("project.reviewer2@ascn.example.org", "Project Reviewer (ASEAN Secretariat)"),
)

CRITERIA = [
    ("Readiness to implement", "ความพร้อมในการดำเนินการ", 2, 5),
    ("Benefit to residents", "ประโยชน์ต่อประชาชน", 3, 5),
    ("Bankability", "ความพร้อมรับการลงทุน", 3, 5),
    ("Replicable across ASCN cities", "ขยายผลสู่เมืองอื่นในเครือข่ายได้", 2, 5),
]

# key, city, title en/th, description en/th, stage, budget, seeking, topics, status, scores per reviewer
PROJECTS = [
    (
        "phuket",
        "phuket",
        "Phuket Smart Tourism and Safety Platform",
        "แพลตฟอร์มการท่องเที่ยวและความปลอดภัยอัจฉริยะภูเก็ต",
        "One platform for visitors and residents: CCTV analytics and wristbands for beach safety, a city "
        "data dashboard for tourism flows, and cashless payments on public transport. Phuket is one of "
        "Thailand's first smart-city pilots; the platform seeks a technology partner to scale up.",
        "แพลตฟอร์มเดียวสำหรับนักท่องเที่ยวและประชาชน ทั้งระบบวิเคราะห์ภาพกล้องวงจรปิดและสายรัดข้อมือเพื่อความปลอดภัย"
        "ชายหาด แดชบอร์ดข้อมูลเมืองด้านการท่องเที่ยว และการชำระเงินแบบไร้เงินสดในระบบขนส่งสาธารณะ",
        "pilot",
        "1m_10m",
        ["technology", "partner"],
        ["safety-and-security", "industry-and-innovation", "smart-economy", "smart-living"],
        "accepted",
        ((4, 5, 4, 4), (5, 4, 4, 5)),
    ),
    (
        "bangkok",
        "bangkok",
        "Bangkok City Data Platform",
        "แพลตฟอร์มข้อมูลเมืองกรุงเทพมหานคร",
        "Open data on air quality, flooding and traffic from the city's sensors and agencies, published "
        "for residents and start-ups, and used by the city's operations centre.",
        "ข้อมูลเปิดด้านคุณภาพอากาศ น้ำท่วม และการจราจร จากเซนเซอร์และหน่วยงานของเมือง "
        "เผยแพร่ให้ประชาชนและสตาร์ทอัพ และใช้ในศูนย์ปฏิบัติการของเมือง",
        "planning",
        "10m_50m",
        ["finance", "technology"],
        ["civic-and-social", "built-infrastructure", "smart-governance", "smart-environment"],
        "accepted",
        ((3, 5, 4, 5), (4, 5, 3, 4)),
    ),
    (
        "da-nang",
        "da-nang",
        "Da Nang Intelligent Traffic Management",
        "",
        "Adaptive traffic signals at 100 junctions, connected to the city's operations centre, with "
        "priority for buses; the first phase runs and the city seeks finance for the second.",
        "",
        "scaling",
        "1m_10m",
        ["finance", "technology"],
        ["built-infrastructure", "safety-and-security", "smart-mobility"],
        "accepted",
        ((5, 4, 4, 3), (4, 4, 5, 4)),
    ),
    (
        "chonburi",
        "chonburi",
        "Chonburi Smart Energy for Industrial Estates",
        "พลังงานอัจฉริยะสำหรับนิคมอุตสาหกรรมชลบุรี",
        "Rooftop solar and a shared microgrid for factories in the Eastern Economic Corridor, with "
        "energy data for each estate.",
        "โซลาร์รูฟท็อปและไมโครกริดร่วมสำหรับโรงงานในเขตพัฒนาพิเศษภาคตะวันออก พร้อมข้อมูลพลังงานของแต่ละนิคม",
        "idea",
        "10m_50m",
        ["finance", "partner"],
        ["quality-environment", "industry-and-innovation", "smart-energy", "smart-environment"],
        "declined",
        ((2, 3, 2, 3), (2, 4, 3, 3)),
    ),
    (
        "banyuwangi",
        "banyuwangi",
        "Smart Kampung: village services online",
        "",
        "Village offices in Banyuwangi Regency issue permits and certificates online and run health and "
        "education services from one desk.",
        "",
        "operating",
        "under_100k",
        ["partner"],
        ["civic-and-social", "health-and-well-being", "smart-people", "smart-governance"],
        "declined",
        ((4, 3, 2, 2), (3, 3, 2, 3)),
    ),
]
SUBMITTERS = {
    "phuket": ("Suwit", "Kaewmanee", "สุวิทย์ แก้วมณี", "TH", "th"),
    "bangkok": ("Pimchanok", "Srisuk", "พิมพ์ชนก ศรีสุข", "TH", "th"),
    "da-nang": ("Minh", "Nguyen", "", "VN", "en"),
    "chonburi": ("Anan", "Thongdee", "อนันต์ ทองดี", "TH", "th"),
    "banyuwangi": ("Dewi", "Lestari", "", "ID", "en"),
}
PITCH_OUTCOME = {
    "summary_en": "Phuket presented its smart tourism and safety platform; three solution providers and "
    "the ASEAN-Australia Smart Cities Trust Fund asked to meet the city on the pilot's next phase.",
    "summary_th": "ภูเก็ตนำเสนอแพลตฟอร์มการท่องเที่ยวและความปลอดภัยอัจฉริยะ ผู้ให้บริการโซลูชันสามรายและกองทุน "
    "ASEAN-Australia Smart Cities Trust Fund ขอหารือกับเมืองเรื่องระยะต่อไปของโครงการนำร่อง",
    "key_messages": [],
    "recommendations": [],
    "action_items": [
        {
            "id": "act-phuket-ppp",
            "what_en": "Prepare a public-private partnership proposal for the platform's second phase.",
            "what_th": "จัดทำข้อเสนอความร่วมมือภาครัฐและเอกชนสำหรับแพลตฟอร์มระยะที่สอง",
            "owner": "city:phuket",
            "due": "2020-03-31",
            "status": "in_progress",
            "focus_areas": ["safety-and-security"],
            "dimensions": ["smart-economy"],
        }
    ],
}


def _reviewers() -> tuple[list[User], int]:
    users, created = [], 0
    for email, name in REVIEWERS:
        user = User.by_email(email)
        if user is None:
            user = User(email=email, name=name)
            user.set_password(generate_password())  # nobody knows it: an admin resets it to hand it over
            db.session.add(user)
            db.session.flush()
            created += 1
        users.append(user)
    return users, created


def _submitter(event: Event, key: str, city: City) -> Registration:
    first, last, local, country, language = SUBMITTERS[key]
    email = f"city.{key}@ascn.example.org"
    found = db.session.scalar(
        select(Registration).where(Registration.event_id == event.id, Registration.email == email)
    )
    if found is not None:
        return found
    row = Registration(
        event_id=event.id,
        first_name=first,
        last_name=last,
        local_name=local,
        email=email,
        organisation=f"City of {city.name_en}",
        country_code=country,
        city_id=city.id,
        category=RegistrationCategory.CITY_REPRESENTATIVE,
        status=RegistrationStatus.CONFIRMED,
        consent_at=CLOSES_AT - dt.timedelta(days=30),
        language=language,
    )
    db.session.add(row)
    db.session.flush()
    return row


def _pitch(event: Event, project: Project) -> int:
    """The pitch session of Phuket's project, on the second day, with its approved outcome."""
    starts = dt.datetime(2019, 8, 23, 10, 0, tzinfo=BANGKOK).astimezone(dt.UTC)
    session = AgendaSession(
        event_id=event.id,
        type=SessionType.PITCH,
        title_en=f"Project pitch: {project.title_en}",
        title_th=f"การนำเสนอโครงการ: {project.title_th}",
        abstract_en=project.description_en,
        abstract_th=project.description_th,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        topics=list(project.topics),
    )
    db.session.add(session)
    db.session.flush()
    project.pitch_session_id = session.id
    outcome = Outcome(session_id=session.id, status=OutcomeStatus.APPROVED, current_number=1, created_at=DECIDED_AT)
    version = OutcomeVersion(number=1, content=PITCH_OUTCOME, created_at=DECIDED_AT)
    outcome.versions.append(version)
    outcome.reviews.extend(
        [
            OutcomeReview(action=ReviewAction.SUBMITTED, version_number=1, created_at=DECIDED_AT),
            OutcomeReview(action=ReviewAction.APPROVED, version_number=1, created_at=DECIDED_AT),
        ]
    )
    db.session.add(outcome)
    db.session.flush()
    outcome.approved_version = version
    db.session.add(ProjectActionLink(project_id=project.id, session_id=session.id, item_id="act-phuket-ppp"))
    db.session.flush()
    publishing.publish(event)
    return 5


def _annual_meeting(event: Event) -> tuple[int, Project | None]:
    call = ProjectCall(
        event_id=event.id,
        closes_at=CLOSES_AT,
        intro_en="Pilot cities present projects ready for partners: the Annual Meeting matches cities with "
        "solution providers and partners on bankable projects.",
        intro_th="เมืองนำร่องเสนอโครงการที่พร้อมสำหรับความร่วมมือ การประชุมประจำปีจะจับคู่เมืองกับผู้ให้บริการโซลูชัน"
        "และพันธมิตรในโครงการที่พร้อมรับการลงทุน",
    )
    for position, (name_en, name_th, weight, top) in enumerate(CRITERIA):
        call.criteria.append(
            ReviewCriterion(name_en=name_en, name_th=name_th, weight=weight, scale_max=top, position=position)
        )
    db.session.add(call)
    db.session.flush()
    reviewers, created = _reviewers()
    for user in reviewers:
        if not user.has_role(event, Role.REVIEWER):
            grant_role(user, event, Role.REVIEWER)
            created += 1
    topics = {t.slug: t for t in db.session.scalars(select(Topic))}
    cities = {c.slug: c for c in db.session.scalars(select(City))}
    phuket = None
    for key, city_slug, title_en, title_th, text_en, text_th, stage, budget, seeking, slugs, status, scores in PROJECTS:
        city = cities.get(city_slug)
        if city is None:
            continue
        submitter = _submitter(event, key, city)
        project = Project(
            event_id=event.id,
            city_id=city.id,
            title_en=title_en,
            title_th=title_th,
            description_en=text_en,
            description_th=text_th,
            stage=ProjectStage(stage),
            budget_range=BudgetRange(budget),
            seeking=seeking,
            topics=[topics[s] for s in slugs if s in topics],
            status=ProjectStatus(status),
            submitter_registration_id=submitter.id,
            language=submitter.language,
            decided_at=DECIDED_AT,
            notified_status=status,
            created_at=CLOSES_AT - dt.timedelta(days=10),
        )
        for user, given in zip(reviewers, scores, strict=True):
            project.reviews.append(
                ProjectReview(
                    reviewer_id=user.id, scores={str(c.id): s for c, s in zip(call.criteria, given, strict=True)}
                )
            )
        db.session.add(project)
        created += 2 + len(reviewers)
        if key == "phuket":
            phuket = project
    db.session.flush()
    if phuket is not None:
        created += _pitch(event, phuket)
    return created + 1 + len(CRITERIA), phuket


def _showcase(event: Event, earlier: Project) -> int:
    """The Showcase's call, where Phuket carries its project on, scaling up."""
    closes = dt.datetime(2020, 6, 1, 17, 0, tzinfo=BANGKOK)
    db.session.add(
        ProjectCall(
            event_id=event.id,
            closes_at=closes,
            intro_en="City Possible member cities show the projects for which they look for solutions and partners.",
            intro_th="เมืองสมาชิก City Possible นำเสนอโครงการที่กำลังมองหาโซลูชันและพันธมิตร",
        )
    )
    submitter = _submitter(event, "phuket", earlier.city)
    project = Project(
        event_id=event.id,
        city_id=earlier.city_id,
        title_en=earlier.title_en,
        title_th=earlier.title_th,
        description_en=earlier.description_en + " Phase two adds a partner for cashless payments city-wide.",
        description_th=earlier.description_th,
        stage=ProjectStage.SCALING,
        budget_range=earlier.budget_range,
        seeking=["finance", "partner"],
        topics=list(earlier.topics),
        status=ProjectStatus.ACCEPTED,
        submitter_registration_id=submitter.id,
        language=submitter.language,
        previous_id=earlier.id,
        decided_at=closes + dt.timedelta(days=10),
        notified_status="accepted",
    )
    db.session.add(project)
    db.session.flush()
    return 3


def seed_projects_demo(today: dt.date) -> int:
    event = db.session.scalar(select(Event).where(Event.slug == ANNUAL_MEETING))
    if event is None or db.session.scalar(select(ProjectCall.id).where(ProjectCall.event_id == event.id)):
        return 0
    created, phuket = _annual_meeting(event)
    showcase = db.session.scalar(select(Event).where(Event.slug == SHOWCASE))
    if (
        phuket is not None
        and showcase is not None
        and not db.session.scalar(select(ProjectCall.id).where(ProjectCall.event_id == showcase.id))
    ):
        created += _showcase(showcase, phuket)
    return created
