"""Fixtures of the proceedings tests: a small event with a programme, people and participants."""

from __future__ import annotations

import pytest

from eventsys.agenda.models import SessionRole
from eventsys.events.models import City, EventHost, MemberState, Organisation
from eventsys.proceedings.outcomes import unregister_outcomes_provider
from eventsys.registration.models import RegistrationStatus

# A Thai title with SARA AM (U+0E33, in "นำ"): what the Thai-text check looks for.
THAI_TITLE = "การนำเทคโนโลยีดิจิทัลมาใช้ในการพัฒนาเมืองอัจฉริยะ"
ABSTRACT_EN = (
    "Cities of the ASEAN Smart Cities Network share how they plan, finance and run "
    "digital services for residents, and what they learned from pilots."
)
ABSTRACT_TH = "เมืองในเครือข่ายเมืองอัจฉริยะอาเซียนแลกเปลี่ยนประสบการณ์การวางแผน การจัดหาเงินทุน และการให้บริการดิจิทัลแก่ประชาชน"


@pytest.fixture(autouse=True)
def no_outcomes_provider(app):
    """Each test starts without an outcomes provider (a test registers one when it needs it);
    the app registers the real one when it starts, hence after `app`."""
    unregister_outcomes_provider()
    yield
    unregister_outcomes_provider()


def make_book_event(
    make, db, *, sessions: int = 3, people_per_session: int = 2, participants: int = 4, slug: str | None = None
):
    event = make.event(
        slug=slug,
        length=2,
        title_en="ASEAN Smart Cities Network Roundtable",
        title_th="การประชุมโต๊ะกลมเครือข่ายเมืองอัจฉริยะอาเซียน",
    )
    host = Organisation(
        slug=f"mdes-{event.id}",
        name_en="Ministry of Digital Economy and Society",
        name_th="กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม",
        acronym="MDES",
    )
    db.session.add(EventHost(event=event, organisation=host, position=0))
    room = make.room(event, name_en="MR 210")
    roles = (SessionRole.CHAIR, SessionRole.SPEAKER)
    for n in range(sessions):
        title_th = THAI_TITLE if n == 0 else ""
        session = make.session(
            event,
            f"Session {n + 1}: Digital services for cities",
            day=n % 2,
            start=f"{9 + n // 2:02d}:00",
            minutes=50,
            room_row=room,
            title_th=title_th,
            abstract_en=ABSTRACT_EN,
            abstract_th=ABSTRACT_TH if n == 0 else "",
        )
        for k in range(people_per_session):
            person = make.person(name=f"Speaker {n}-{k} Example", local_name="", country_code="TH")
            make.add_person_to_session(session, person, roles[k % 2])
    if db.session.get(MemberState, "TH") is None:
        db.session.add(MemberState(code="TH", name_en="Thailand", name_th="ไทย"))
        db.session.add(City(slug="bangkok", name_en="Bangkok", name_th="กรุงเทพมหานคร", member_state_code="TH"))
        db.session.commit()
    make.registration(
        event,
        first_name="Somchai",
        last_name="Jaidee",
        country_code="TH",
        city_slug="bangkok",
        organisation="Bangkok Metropolitan Administration",
        listed_as_participant=True,
    )
    for n in range(participants):
        make.registration(
            event,
            first_name=f"Delegate{n}",
            last_name="Listed",
            country_code="SG" if n % 2 else "TH",
            organisation="City Hall",
            listed_as_participant=True,
        )
    make.registration(event, first_name="Hidden", last_name="Private", listed_as_participant=False)
    make.registration(event, first_name="Waiting", last_name="Pending", status=RegistrationStatus.PENDING)
    db.session.commit()
    return event


@pytest.fixture
def book_event(make, db):
    return make_book_event(make, db)
