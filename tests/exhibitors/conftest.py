"""Fixtures of the exhibitors tests: a Showcase with the ASCN reference data (cities, focus areas),
its organizer, an open application form, and images made by Pillow."""

from __future__ import annotations

import io

import pytest

from eventsys.db import db
from eventsys.events.models import EventKind
from eventsys.exhibitors import services
from eventsys.exhibitors.models import ExhibitorKind, ExhibitorStatus
from tests.conftest import login


def image_bytes(kind: str = "PNG", size=(64, 64), colour="#1452b8") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, kind)
    return out.getvalue()


@pytest.fixture
def showcase(make):
    from eventsys.demo.seed import seed_reference_data

    seed_reference_data()
    db.session.commit()
    return make.event(
        slug="smart-city-showcase-test",
        kind=EventKind.SHOWCASE,
        title_en="Smart City Showcase (test)",
        title_th="งานแสดงเมืองอัจฉริยะ (ทดสอบ)",
    )


@pytest.fixture
def organizer(make, showcase):
    return make.organizer(showcase, email="organizer@example.org")


@pytest.fixture
def organizer_client(client, organizer):
    login(client, organizer)
    return client


@pytest.fixture
def open_form(showcase, organizer):
    services.set_applications_open(showcase, True, actor=organizer)
    return showcase


def add_exhibitor(
    event,
    name_en: str,
    *,
    name_th: str = "",
    kind: str = "city",
    country: str = "TH",
    city=None,
    topics=(),
    description_en: str = "A smart-city exhibitor.",
    description_th: str = "",
    status=ExhibitorStatus.ACCEPTED,
    language: str = "en",
    logo: bytes | None = None,
):
    from sqlalchemy import select

    from eventsys.events.models import City, Topic

    return services.apply(
        event,
        services.Application(
            kind=ExhibitorKind(kind),
            name_en=name_en,
            name_th=name_th,
            country_code=country,
            city=db.session.scalar(select(City).where(City.slug == city)) if city else None,
            topics=list(db.session.scalars(select(Topic).where(Topic.slug.in_(topics)))) if topics else [],
            description_en=description_en,
            description_th=description_th,
            website="",
            contact_name="Contact",
            contact_email=f"{name_en.split()[0].lower()}@example.org",
            contact_phone="",
            language=language,
            logo=logo,
        ),
        status=status,
    )


def seed_for_walk(event):
    """The permission walk's exhibitor (tests/permission_walk.py): accepted, with a logo, in booth A1
    of a hall, with a focus area and an invited staff member; the event's application settings.
    A row in each table, for the backup's round trip too (tests/backup)."""
    from eventsys.exhibitors.models import Booth, ExhibitionSettings, ExhibitorStaff, Hall

    exhibitor = add_exhibitor(
        event,
        "Phuket Smart City",
        name_th="ภูเก็ตเมืองอัจฉริยะ",
        city="phuket",
        topics=["safety-and-security"],
        logo=image_bytes("PNG"),
    )
    hall = Hall(event_id=event.id, name_en="Hall 1", name_th="ฮอลล์ 1", width=10, height=6)
    db.session.add(hall)
    db.session.flush()
    booth = Booth(event_id=event.id, hall_id=hall.id, number="A1", x=1, y=1, w=3, h=2, exhibitor_id=exhibitor.id)
    db.session.add_all(
        [
            booth,
            Booth(event_id=event.id, hall_id=hall.id, number="A2", x=5, y=1, w=3, h=2),
            ExhibitorStaff(event_id=event.id, exhibitor_id=exhibitor.id, email="booth.staff@example.org"),
            ExhibitionSettings(event_id=event.id, applications_open=True),
        ]
    )
    db.session.flush()
    return exhibitor, hall, booth
