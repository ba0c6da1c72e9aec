"""Each filter of mail to participants selects exactly the registrations it says, alone and together,
and the compose page's preview counts what the filters select."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eventsys.agenda.models import PersonalAgendaItem
from eventsys.checkin.models import Checkin
from eventsys.db import db
from eventsys.messages.filters import RecipientFilter, city_choices, country_choices, session_choices
from eventsys.registration.models import RegistrationCategory as C
from eventsys.registration.models import RegistrationStatus as S


@pytest.fixture
def people(make, event):
    from eventsys.checkin import services as checkin
    from eventsys.demo.seed import seed_reference_data

    seed_reference_data()
    db.session.commit()
    session = make.session(event, "Smart mobility")
    other_session = make.session(event, "Digital government", start="14:00")
    p = SimpleNamespace(
        anong=make.registration(event, first_name="Anong", country_code="TH", city_slug="phuket"),
        bao=make.registration(event, first_name="Bao", country_code="VN", city_slug="da-nang", category=C.MEDIA),
        chai=make.registration(event, first_name="Chai", country_code="TH", city_slug="bangkok", status=S.PENDING),
        dara=make.registration(event, first_name="Dara", country_code="KH", status=S.WAITLISTED, category=C.SPEAKER),
        ekk=make.registration(event, first_name="Ekk", country_code="TH", city_slug="phuket", status=S.WITHDRAWN),
        session=session,
        other_session=other_session,
    )
    make.registration(make.event("elsewhere"), first_name="Outsider", country_code="TH", city_slug="phuket")
    lists = checkin.ensure_lists(event)
    db.session.add_all(
        [
            Checkin(list_id=lists[0].id, registration_id=p.anong.id),
            Checkin(list_id=lists[-1].id, registration_id=p.dara.id),
            PersonalAgendaItem(registration_id=p.anong.id, session_id=session.id),
            PersonalAgendaItem(registration_id=p.chai.id, session_id=session.id),
            PersonalAgendaItem(registration_id=p.bao.id, session_id=other_session.id),
        ]
    )
    db.session.commit()
    return p


def names(event, **conditions) -> set[str]:
    chosen = db.session.scalars(RecipientFilter(**conditions).statement(event)).all()
    return {registration.first_name for registration in chosen}


def test_by_default_only_confirmed_delegates(event, people):
    assert names(event) == {"Anong", "Bao"}


def test_states(event, people):
    assert names(event, statuses=("pending", "waitlisted")) == {"Chai", "Dara"}
    assert names(event, statuses=()) == {"Anong", "Bao", "Chai", "Dara", "Ekk"}


def test_categories(event, people):
    assert names(event, statuses=(), categories=("media", "speaker")) == {"Bao", "Dara"}


def test_country(event, people):
    assert names(event, statuses=(), country="TH") == {"Anong", "Chai", "Ekk"}


def test_city(event, people):
    assert names(event, statuses=(), city="phuket") == {"Anong", "Ekk"}


def test_checked_in_on_any_list_or_on_none(event, people):
    assert names(event, statuses=(), checked_in="yes") == {"Anong", "Dara"}
    assert names(event, statuses=(), checked_in="no") == {"Bao", "Chai", "Ekk"}


def test_signed_up_for_a_session(event, people):
    assert names(event, statuses=(), session_id=people.session.id) == {"Anong", "Chai"}
    assert names(event, statuses=(), session_id=people.other_session.id) == {"Bao"}


def test_conditions_add_up(event, people):
    assert names(event, country="TH", checked_in="yes", session_id=people.session.id) == {"Anong"}
    assert names(event, statuses=("pending",), city="phuket") == set()


def test_the_filter_survives_its_json_and_drops_what_it_does_not_know(event, people):
    chosen = RecipientFilter(statuses=("confirmed",), categories=("media",), country="VN", session_id=7)
    assert RecipientFilter.from_json(chosen.to_json()) == chosen
    assert RecipientFilter.from_json(
        {"statuses": ["confirmed", "bogus"], "checked_in": "maybe", "session_id": "1; drop"}
    ) == RecipientFilter(statuses=("confirmed",))


def test_the_form_offers_only_what_the_event_has(event, people):
    assert [code for code, _name in country_choices(event)] == ["KH", "TH", "VN"]  # by name: Cambodia first
    assert [slug for slug, _name in city_choices(event)] == ["bangkok", "da-nang", "phuket"]
    assert [(title, count) for _id, title, count in session_choices(event)] == [
        ("Smart mobility", 2),
        ("Digital government", 1),
    ]


def test_the_preview_counts_what_the_filters_select(organizer_client, event, people):
    response = organizer_client.post(
        f"/manage/events/{event.slug}/mail",
        data={
            "statuses": ["confirmed", "pending"],
            "country": "TH",
            "session_id": str(people.session.id),
            "subject_en": "Room change",
            "body_en": "Dear {name}, the session moved.",
            "preview": "y",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="recipient-count" data-count="2"' in page
    assert "2 people will receive this mail." in page


@pytest.mark.parametrize(
    "field, value",
    [("statuses", "expired"), ("categories", "royalty"), ("country", "ZZ"), ("city", "atlantis"), ("session_id", "0")],
)
def test_a_choice_the_event_does_not_offer_is_a_form_error(organizer_client, event, people, field, value):
    data = {"statuses": "confirmed", "subject_en": "S", "body_en": "B", "preview": "y", field: value}
    response = organizer_client.post(f"/manage/events/{event.slug}/mail", data=data)
    assert response.status_code == 422
    assert 'id="recipient-count"' not in response.get_data(as_text=True)


def test_no_state_ticked_is_a_form_error(organizer_client, event, people):
    response = organizer_client.post(
        f"/manage/events/{event.slug}/mail", data={"subject_en": "S", "body_en": "B", "preview": "y"}
    )
    assert response.status_code == 422
    assert "Tick at least one state." in response.get_data(as_text=True)
