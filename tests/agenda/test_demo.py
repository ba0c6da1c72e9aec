import datetime as dt

from sqlalchemy import select

from eventsys.accounts.models import Role, User
from eventsys.agenda.models import AgendaSession, Room, SessionRole
from eventsys.agenda.published import published_sessions
from eventsys.db import db
from eventsys.demo.data import ROUNDTABLE_2019_SESSIONS
from eventsys.demo.seed import seed_demo
from eventsys.events.models import Event

# The tests only read the demo (seeding it again must create nothing): they share one seeded app
# per module and backend (`demo`, tests/conftest.py), which fails a test that adds or deletes a row.


def roundtable():
    return db.session.scalar(select(Event).filter_by(slug="ascn-roundtable-2019"))


def test_the_2019_roundtable_programme_is_published(demo):
    event = roundtable()
    sessions = published_sessions(event)
    titles = {s.title_en: s for s in sessions}
    for title in ROUNDTABLE_2019_SESSIONS.values():
        assert title in titles, title
        assert titles[title].title_th, title
    assert {"Opening Ceremony", "Coffee break", "Lunch", "Closing Ceremony"} <= set(titles)
    assert {s.local_day(event.zone) for s in sessions} == {dt.date(2019, 6, 6), dt.date(2019, 6, 7)}
    rooms = db.session.scalars(select(Room.name_en).where(Room.event_id == event.id).order_by(Room.position)).all()
    assert rooms == ["Grand Hall 203", "Meeting Room 211", "Meeting Room 212", "Exhibition Hall 98"]
    opening = titles["Opening Ceremony"]
    assert [p.data["local_name"] for p in opening.people] == ["ดร.พิเชฐ ดุรงคเวโรจน์", "ดร.ณัฐพล นิมมานพัชรินทร์"]
    assert opening.starts_at.astimezone(event.zone).strftime("%H:%M") == "09:00"


def test_the_rapporteur_account_is_on_the_tor_and_me_sessions(demo):
    event = roundtable()
    user = User.by_email("rapporteur@ascn.example.org")
    assert user.has_role(event, Role.RAPPORTEUR)
    assert not user.is_admin
    for key in ("terms_of_reference", "monitoring_and_evaluation"):
        session = db.session.scalar(
            select(AgendaSession).filter_by(event_id=event.id, title_en=ROUNDTABLE_2019_SESSIONS[key])
        )
        assert session.rapporteur_user_ids == {user.id}
        assert [sp.role for sp in session.people].count(SessionRole.RAPPORTEUR) == 1


def test_the_demo_agenda_has_no_conflicts(demo):
    from eventsys.agenda.conflicts import find_conflicts
    from eventsys.agenda.services import draft_sessions

    event = roundtable()
    assert find_conflicts(event, draft_sessions(event)) == {}


def test_seeding_again_creates_nothing(demo):
    before = db.session.query(AgendaSession).count()
    assert seed_demo() == 0
    assert db.session.query(AgendaSession).count() == before


def test_the_sample_event_has_a_session_with_sign_up(demo):
    sample = db.session.scalar(select(Event).filter_by(slug="ascn-roundtable-sample"))
    workshop = [s for s in published_sessions(sample) if s.signup_required]
    assert [(s.title_en, s.signup_capacity) for s in workshop] == [
        ("Sample workshop: planning a city data catalogue", 20)
    ]


def test_the_demo_agenda_pages_render(demo_client):
    event = roundtable()
    page = demo_client.get(f"/events/{event.slug}/agenda?lang=th").get_data(as_text=True)
    assert "ร่าง Terms of Reference ของ ASCN" in page
    assert "6 มิถุนายน 2562" in page
