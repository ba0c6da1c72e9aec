"""Synthetic delegates for benchmarks and demos (`flask seed-synthetic <slug> --delegates N`).

Believable names from the ten member states and the external partners (Thai delegates carry their
name in Thai script), spread over categories, ASCN cities and states. Rows go in with bulk inserts,
so thousands take seconds. Later areas add their own synthetic data (session sign-ups, outcomes...)
by appending a hook: `SYNTHETIC_HOOKS.append(fn)` where `fn(event, registration_ids, rng)`.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from sqlalchemy import insert, select

from eventsys.db import db, utcnow
from eventsys.events.models import City, Event, RegistrationMode

SYNTHETIC_HOOKS: list[Callable] = []

# country -> (first names, last names, organisations); Thai entries carry (Latin, Thai script).
NAMES = {
    "BN": (
        ["Hajah Norhayati", "Awang Hazmi", "Siti Nur", "Mohd Aziz"],
        ["Abdullah", "Haji Omar", "Yusof", "Ismail"],
        ["Ministry of Development", "Bandar Seri Begawan Municipal Board"],
    ),
    "KH": (
        ["Sokha", "Dara", "Chanthou", "Vannak", "Sreymom"],
        ["Chan", "Sok", "Kim", "Heng", "Ouk"],
        ["Phnom Penh Capital Hall", "Siem Reap Provincial Administration", "Ministry of Interior"],
    ),
    "ID": (
        ["Budi", "Siti", "Agus", "Dewi", "Rizky", "Ayu"],
        ["Santoso", "Wijaya", "Pratama", "Lestari", "Hidayat"],
        ["Pemprov DKI Jakarta", "Pemkot Makassar", "Kabupaten Banyuwangi", "Bappenas"],
    ),
    "LA": (
        ["Souksavanh", "Khamphone", "Phonesavanh", "Vilayvanh"],
        ["Phommachanh", "Sisouk", "Keomany", "Vongsa"],
        ["Vientiane Capital Administration", "Luang Prabang Provincial Office"],
    ),
    "MY": (
        ["Nurul", "Ahmad", "Mei Ling", "Rajesh", "Farah"],
        ["Ibrahim", "Tan", "Lim", "Kumar", "Abdul Rahman"],
        ["Kuala Lumpur City Hall (DBKL)", "Iskandar Regional Development Authority", "Kuching North City Hall"],
    ),
    "MM": (
        ["Aung", "Thandar", "Kyaw", "Hnin", "Zaw"],
        ["Min Htet", "Win", "Zin Oo", "Ei Phyu", "Naing"],
        ["Yangon City Development Committee", "Mandalay City Development Committee"],
    ),
    "PH": (
        ["Maria", "Jose", "Angelica", "Ramon", "Kristine"],
        ["Santos", "Reyes", "Cruz", "Bautista", "Garcia"],
        ["City Government of Cebu", "Davao City Government", "Department of the Interior and Local Government"],
    ),
    "SG": (
        ["Wei Ming", "Siew Lan", "Arjun", "Nur Aisyah", "Jia Hui"],
        ["Tan", "Lim", "Raj", "Binte Salleh", "Ng"],
        ["Smart Nation and Digital Government Office", "Urban Redevelopment Authority", "Centre for Liveable Cities"],
    ),
    "TH": (
        [
            ("Somchai", "สมชาย"),
            ("Kanokwan", "กนกวรรณ"),
            ("Nuttapon", "ณัฐพล"),
            ("Ploy", "พลอย"),
            ("Wichai", "วิชัย"),
            ("Supaporn", "สุภาพร"),
            ("Thanakorn", "ธนกร"),
        ],
        [
            ("Jaidee", "ใจดี"),
            ("Srisuk", "ศรีสุข"),
            ("Wongsawat", "วงศ์สวัสดิ์"),
            ("Rattanakul", "รัตนกุล"),
            ("Chaiyaporn", "ชัยพร"),
            ("Thongdee", "ทองดี"),
        ],
        [
            "Digital Economy Promotion Agency (depa)",
            "Bangkok Metropolitan Administration",
            "Phuket City Municipality",
            "Energy Policy and Planning Office (EPPO)",
        ],
    ),
    "VN": (
        ["Nguyen Van", "Tran Thi", "Le Minh", "Pham Thu", "Hoang Anh"],
        ["An", "Hoa", "Tuan", "Lan", "Dung"],
        [
            "Da Nang People's Committee",
            "Ha Noi Department of Information and Communications",
            "Ho Chi Minh City Department of Planning and Investment",
        ],
    ),
    "US": (["Emily", "Michael", "Sarah"], ["Johnson", "Miller", "Davis"], ["U.S. Department of State", "USAID"]),
    "CN": (["Wang", "Li", "Zhang"], ["Wei", "Na", "Min"], ["Ministry of Housing and Urban-Rural Development"]),
    "JP": (
        ["Yuki", "Hiroshi", "Aiko"],
        ["Tanaka", "Sato", "Suzuki"],
        ["Ministry of Land, Infrastructure, Transport and Tourism"],
    ),
    "KR": (
        ["Ji-hoon", "Seo-yeon", "Min-jun"],
        ["Kim", "Lee", "Park"],
        ["Ministry of Land, Infrastructure and Transport"],
    ),
    "AU": (
        ["Olivia", "Jack", "Charlotte"],
        ["Smith", "Wilson", "Taylor"],
        ["ASEAN-Australia Smart Cities Trust Fund", "Department of Foreign Affairs and Trade"],
    ),
}
PARTNERS = ("US", "CN", "JP", "KR", "AU")
POSITIONS = [
    "Director",
    "Deputy Director",
    "Senior Officer",
    "Smart City Lead",
    "Chief Information Officer",
    "Urban Planner",
    "Programme Manager",
    "Advisor",
    "Journalist",
    "Researcher",
]
DIETARY = ["", "", "", "", "Vegetarian", "Halal", "No pork", "Vegan", "No seafood"]
# Weights: city representatives dominate, as they do at ASCN meetings.
CATEGORY_WEIGHTS = {
    "city_representative": 40,
    "national_focal_point": 12,
    "external_partner": 10,
    "private_sector": 12,
    "media": 6,
    "observer": 8,
    "speaker": 8,
    "staff": 4,
}
STATE_WEIGHTS = {"confirmed": 78, "pending": 8, "waitlisted": 6, "rejected": 3, "withdrawn": 5}


def _name(rng: random.Random, code: str) -> tuple[str, str, str]:
    firsts, lasts, _orgs = NAMES[code]
    first, last = rng.choice(firsts), rng.choice(lasts)
    if isinstance(first, tuple):
        return first[0], last[0], f"{first[1]} {last[1]}"
    return first, last, ""


def _email(first: str, last: str, n: int) -> str:
    local = f"{first}.{last}".lower().replace(" ", "").replace("'", "").replace("(", "").replace(")", "")
    return f"{local}.{n}@delegates.example.org"


def generate(event: Event, count: int, *, seed: int | None = None, batch: int = 1000) -> int:
    """Insert `count` registrations (and their first audit rows) into `event`. Commits."""
    from eventsys.registration.models import (
        Registration,
        RegistrationCategory,
        RegistrationChange,
        RegistrationStatus,
    )

    rng = random.Random(seed)
    cities = db.session.execute(select(City.id, City.member_state_code)).all()
    cities_by_state: dict[str, list[int]] = {}
    for city_id, code in cities:
        cities_by_state.setdefault(code, []).append(city_id)
    taken = set(db.session.scalars(select(Registration.email).where(Registration.event_id == event.id)))
    confirmed = (
        db.session.scalar(
            select(db.func.count())
            .select_from(Registration)
            .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)
        )
        or 0
    )
    seats = None if event.capacity is None else max(0, event.capacity - confirmed)
    states = list(STATE_WEIGHTS)
    if event.registration_mode == RegistrationMode.OPEN:
        states.remove("pending")
    categories, weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    member_codes = [c for c in NAMES if c not in PARTNERS]
    now, n, created, ids = utcnow(), len(taken), 0, []
    while created < count:
        rows = []
        for _ in range(min(batch, count - created)):
            code = rng.choice(PARTNERS) if rng.random() < 0.12 else rng.choice(member_codes)
            first, last, local = _name(rng, code)
            n += 1
            email = _email(first, last, n)
            while email in taken:
                n += 1
                email = _email(first, last, n)
            taken.add(email)
            status = rng.choices(states, [STATE_WEIGHTS[s] for s in states])[0]
            if status == "confirmed" and seats is not None:
                status = "confirmed" if seats > 0 else "waitlisted"
                seats -= status == "confirmed"
            city_ids = cities_by_state.get(code)
            rows.append(
                {
                    "event_id": event.id,
                    "first_name": first,
                    "last_name": last,
                    "local_name": local,
                    "email": email,
                    "organisation": rng.choice(NAMES[code][2]),
                    "position": rng.choice(POSITIONS),
                    "country_code": code,
                    "city_id": rng.choice(city_ids) if city_ids and rng.random() < 0.8 else None,
                    "category": RegistrationCategory(rng.choices(categories, weights)[0]),
                    "dietary": rng.choice(DIETARY),
                    "accessibility": "Wheelchair access" if rng.random() < 0.03 else "",
                    "language": "th" if code == "TH" and rng.random() < 0.7 else "en",
                    "status": RegistrationStatus(status),
                    "consent_at": now,
                    "listed_as_participant": True,
                    "manage_key_version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        result = db.session.execute(insert(Registration).returning(Registration.id, Registration.status), rows)
        inserted = result.all()
        db.session.execute(
            insert(RegistrationChange),
            [
                {
                    "registration_id": rid,
                    "at": now,
                    "actor": "synthetic",
                    "from_status": None,
                    "to_status": status,
                    "reason": "synthetic data",
                }
                for rid, status in inserted
            ],
        )
        ids.extend(rid for rid, _status in inserted)
        created += len(rows)
    for hook in SYNTHETIC_HOOKS:
        hook(event, ids, rng)
    db.session.commit()
    return created
