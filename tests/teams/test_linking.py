"""A session's rapporteur (a person on the agenda) is linked to the account with the same e-mail address,
whichever comes first, so writing that session's outcomes needs no extra step."""

from __future__ import annotations

from sqlalchemy import select

from eventsys.accounts import services as accounts
from eventsys.accounts.models import Role, User
from eventsys.agenda import services as agenda
from eventsys.agenda.models import AgendaSession, SessionRole
from eventsys.db import db
from eventsys.events.models import Person
from eventsys.outcomes import permissions
from tests.conftest import login
from tests.factories import PASSWORD
from tests.teams.conftest import invitation_path, invite


def person(name):
    db.session.expire_all()
    return db.session.scalar(select(Person).where(Person.name == name))


def test_a_person_added_with_the_address_of_an_account_is_linked_at_once(make, event):
    account = make.user(email="ratana@example.org")
    created = agenda.create_person("Ratana Rapporteur", email="  Ratana@Example.org ")
    db.session.commit()
    assert (created.email, person("Ratana Rapporteur").user_id) == ("ratana@example.org", account.id)


def test_an_account_created_later_is_linked_to_the_people_with_its_address(make, event):
    make.person(name="Ratana Rapporteur", local_name="", email="Ratana@Example.org")
    make.person(name="Nobody Else", local_name="", email="other@example.org")
    assert person("Ratana Rapporteur").user_id is None
    account = accounts.create_user("ratana@example.org", "Ratana")
    db.session.commit()
    assert person("Ratana Rapporteur").user_id == account.id
    assert person("Nobody Else").user_id is None


def test_a_person_linked_to_another_account_is_left_alone(make, event):
    first = make.user(email="first@example.org")
    make.person(name="Linked Already", local_name="", email="shared@example.org", user_id=first.id)
    accounts.create_user("shared@example.org", "Second")
    db.session.commit()
    assert person("Linked Already").user_id == first.id


def test_changing_a_persons_address_follows_the_account_of_the_new_address(make, event):
    first = make.user(email="first@example.org")
    second = make.user(email="second@example.org")
    row = make.person(name="Moving Person", local_name="", email="first@example.org")
    assert person("Moving Person").user_id == first.id
    row = person("Moving Person")
    row.email = "second@example.org"
    db.session.commit()
    assert person("Moving Person").user_id == second.id
    row = person("Moving Person")
    row.email = "nobody@example.org"
    db.session.commit()
    assert person("Moving Person").user_id is None


def test_the_agenda_editor_takes_a_rapporteur_by_e_mail_who_writes_once_they_accept_the_invitation(
    make, client, event, organizer, outbox
):
    session = make.session(event, "City Data Platform")
    login(client, organizer)
    url = f"/manage/events/{event.slug}/agenda/sessions/{session.id}/people/new"
    # Without an address and without an account, nobody can write as this rapporteur.
    refused = client.post(url, data={"name": "No Address", "role": "rapporteur"}, follow_redirects=True)
    assert "A rapporteur needs a user account" in refused.get_data(as_text=True)
    assert person("No Address") is None

    added = client.post(url, data={"name": "Ratana Rapporteur", "email": "ratana@example.org", "role": "rapporteur"})
    assert added.status_code == 302
    db.session.expire_all()
    assert [(sp.person.name, sp.role) for sp in db.session.get(AgendaSession, session.id).people] == [
        ("Ratana Rapporteur", SessionRole.RAPPORTEUR)
    ]
    assert db.session.get(AgendaSession, session.id).rapporteur_user_ids == set()

    invite(client, event, "ratana@example.org", Role.RAPPORTEUR)
    client.post("/logout")
    link = invitation_path(outbox()[-1])
    client.post(link, data={"name": "Ratana Rapporteur", "password": PASSWORD, "confirm": PASSWORD})
    account = User.by_email("ratana@example.org")
    assert person("Ratana Rapporteur").user_id == account.id
    session = db.session.get(AgendaSession, session.id)
    assert session.rapporteur_user_ids == {account.id}
    assert permissions.can_edit(account, session)
    # Signed in by the acceptance: the outcomes editor is theirs to write in.
    page = client.get(f"/manage/sessions/{session.id}/outcomes")
    assert page.status_code == 200
    assert "Save draft" in page.get_data(as_text=True)


def test_a_new_person_with_the_address_of_an_account_becomes_a_rapporteur_who_can_write(make, client, event, organizer):
    session = make.session(event, "City Data Platform")
    writer = make.user(email="writer@example.org", name="Writer")
    login(client, organizer)
    client.post(
        f"/manage/events/{event.slug}/agenda/sessions/{session.id}/people/new",
        data={"name": "Writer", "email": "WRITER@example.org", "role": "rapporteur"},
    )
    db.session.expire_all()
    assert db.session.get(AgendaSession, session.id).rapporteur_user_ids == {writer.id}
    client.post("/logout")
    login(client, writer)
    assert client.get(f"/manage/sessions/{session.id}/outcomes").status_code == 200


def test_a_bad_address_in_the_agenda_editor_adds_nobody(make, client, event, organizer):
    session = make.session(event, "City Data Platform")
    login(client, organizer)
    response = client.post(
        f"/manage/events/{event.slug}/agenda/sessions/{session.id}/people/new",
        data={"name": "Typo Person", "email": "not-an-address", "role": "speaker"},
        follow_redirects=True,
    )
    assert "Give at least the person&#39;s name in Latin script and a role." in response.get_data(as_text=True)
    assert person("Typo Person") is None
