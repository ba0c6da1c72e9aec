"""The published participant list is opt-in: an unticked box on the form, a toggle on the manage page,
the edit page; only those who ticked it appear in the proceedings; the migration lists nobody."""

from __future__ import annotations

import csv
import io
import re
import sqlite3

from sqlalchemy import select

from eventsys.db import db
from eventsys.proceedings.collect import collect_book
from eventsys.registration import services
from eventsys.registration.models import Registration, RegistrationStatus
from eventsys.registration.tokens import manage_token
from tests.conftest import login
from tests.registration.conftest import payload
from tests.registration.test_pages import form_data

REGISTER = "/events/open-roundtable/register"
LISTED_LABEL = "List my name and organisation in the published participant list and proceedings"


def _only() -> Registration:
    return db.session.scalar(select(Registration))


def test_the_form_asks_with_an_unticked_box_and_nobody_is_listed_without_ticking_it(client, open_event):
    html = client.get(REGISTER + "?lang=en").get_data(as_text=True)
    box = re.search(r'<input[^>]*id="listed"[^>]*>', html, re.S).group(0)
    assert 'type="checkbox"' in box and "checked" not in box
    assert f'<label class="form-check-label" for="listed">{LISTED_LABEL}</label>' in html

    response = client.post(REGISTER + "?lang=en", data=form_data())
    assert response.status_code == 302
    assert _only().listed_as_participant is False


def test_ticking_the_box_lists_the_delegate(client, open_event):
    response = client.post(REGISTER + "?lang=en", data=form_data(listed="y"))
    assert response.status_code == 302
    assert _only().listed_as_participant is True
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Your name, organisation and country appear in the published participant list" in page


def test_the_manage_page_toggles_the_listing_both_ways(client, open_event):
    registration = services.register(open_event, payload(), actor="delegate")
    base = f"/events/open-roundtable/registration/{manage_token(registration)}"
    page = client.get(base + "?lang=en").get_data(as_text=True)
    assert "You are not in the published participant list or the proceedings." in page
    assert 'name="listed" value="yes"' in page

    response = client.post(base + "/preferences", data={"listed": "yes"})
    assert (response.status_code, response.headers["Location"]) == (302, base + "#preferences")
    db.session.refresh(registration)
    assert registration.listed_as_participant is True
    page = client.get(base + "?lang=en").get_data(as_text=True)
    assert "Your name and organisation will appear in the published participant list." in page
    assert 'name="listed" value="no"' in page

    client.post(base + "/preferences", data={"listed": "no"})
    db.session.refresh(registration)
    assert registration.listed_as_participant is False


def test_a_toggle_changes_only_what_it_sends(client, open_event):
    registration = services.register(open_event, payload(listed=True), actor="delegate", language="th")
    base = f"/events/open-roundtable/registration/{manage_token(registration)}"
    client.post(base + "/preferences", data={"language": "en"})
    db.session.refresh(registration)
    assert (registration.language, registration.listed_as_participant) == ("en", True)
    client.post(base + "/preferences", data={"listed": "maybe", "language": "fr"})  # forged values: ignored
    db.session.refresh(registration)
    assert (registration.language, registration.listed_as_participant) == ("en", True)


def test_a_forged_link_toggles_nothing(client, open_event):
    registration = services.register(open_event, payload(), actor="delegate")
    response = client.post("/events/open-roundtable/registration/not-a-token/preferences", data={"listed": "yes"})
    assert response.status_code == 404
    other = f"/events/another-event/registration/{manage_token(registration)}/preferences"
    assert client.post(other, data={"listed": "yes"}).status_code == 404
    db.session.refresh(registration)
    assert registration.listed_as_participant is False


def test_the_edit_page_shows_and_keeps_every_choice(client, open_event):
    registration = services.register(open_event, payload(listed=True), actor="delegate", language="th")
    base = f"/events/open-roundtable/registration/{manage_token(registration)}"
    html = client.get(base + "/edit?lang=en").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="listed"[^>]*checked', html, re.S)
    assert '<option value="th" lang="th" selected>ไทย</option>' in html
    assert 'value="กนกวรรณ ศรีสุข"' in html

    # Saving the form as shown changes nothing.
    unchanged = {
        "first_name": "Kanokwan",
        "last_name": "Srisuk",
        "local_name": "กนกวรรณ ศรีสุข",
        "organisation": "Bangkok Metropolitan Administration",
        "position": "Director",
        "country": "TH",
        "city": "bangkok",
        "dietary": "Halal",
        "accessibility": "",
        "language": "th",
        "listed": "y",
    }
    response = client.post(base + "/edit", data=unchanged)
    assert (response.status_code, response.headers["Location"]) == (302, base)
    db.session.refresh(registration)
    assert (registration.listed_as_participant, registration.language, registration.city.slug) == (
        True,
        "th",
        "bangkok",
    )
    assert (registration.dietary, registration.local_name) == ("Halal", "กนกวรรณ ศรีสุข")

    # Unticking and choosing English there is saved too.
    response = client.post(base + "/edit", data={**unchanged, "listed": "", "language": "en"})
    db.session.refresh(registration)
    assert (registration.listed_as_participant, registration.language) == (False, "en")

    response = client.post(base + "/edit?lang=en", data={**unchanged, "language": "xx"})
    assert response.status_code == 422
    assert "Choose English (en) or Thai (th)." in response.get_data(as_text=True)


def test_only_listed_confirmed_delegates_are_in_the_proceedings(make, reference):
    event = make.event("book-event")
    services.register(event, payload(email="listed@example.org", first_name="Listed", listed=True), actor="d")
    services.register(event, payload(email="quiet@example.org", first_name="Quiet"), actor="d")
    services.register(event, payload(email="no@example.org", first_name="Declined", listed=False), actor="d")
    make.registration(event, first_name="Pending", status=RegistrationStatus.PENDING, listed_as_participant=True)
    book = collect_book(event.id)
    assert [p["first_name"] for p in book["participants"]] == ["Listed"]


def test_the_organizers_export_says_who_is_listed(client, make, open_event):
    login(client, make.organizer(open_event))
    services.register(open_event, payload(email="a@example.org", listed=True), actor="d")
    services.register(open_event, payload(email="b@example.org"), actor="d")
    response = client.get("/manage/events/open-roundtable/registrations.csv?lang=en&sort=email")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    column = rows[0].index("In the published participant list")
    assert sorted((row[5], row[column]) for row in rows[1:]) == [("a@example.org", "Yes"), ("b@example.org", "No")]


def test_an_organizer_adding_someone_lists_them_only_when_ticked(client, make, open_event):
    login(client, make.organizer(open_event))
    data = {**form_data(), "language": "en", "confirm": "y", "consent": "y"}
    response = client.post("/manage/events/open-roundtable/registrations/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert _only().listed_as_participant is False
    data["email"] = "second@example.org"
    client.post("/manage/events/open-roundtable/registrations/new", data={**data, "listed": "y"})
    listed = db.session.scalar(select(Registration).where(Registration.email == "second@example.org"))
    assert listed.listed_as_participant is True


# --- the migration -------------------------------------------------------------------------------


def test_the_migration_unlists_every_existing_registration(tmp_path):
    """At 0014 every registration was listed by the column's default; 0015 lists nobody."""
    from flask_migrate import upgrade

    from eventsys import create_app
    from eventsys.config import PROJECT_ROOT

    path = tmp_path / "old.db"
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "INSTANCE_PATH": str(tmp_path / "i")}
    )
    migrations = str(PROJECT_ROOT / "migrations")
    with app.app_context():
        upgrade(directory=migrations, revision="0014_mail")
        db.engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO events (id, slug, kind, title_en, title_th, theme_en, theme_th, description_en, "
            "description_th, start_date, end_date, timezone, venue_en, venue_th, address, privacy_notice_url, "
            "registration_mode, is_published, is_sample, created_at, updated_at) VALUES (1, 'old', 'conference', "
            "'Old', '', '', '', '', '', '2019-06-06', '2019-06-07', 'Asia/Bangkok', '', '', '', '', 'open', 1, 0, "
            "'2019-01-01 00:00:00', '2019-01-01 00:00:00')"
        )
        for n, listed in ((1, 1), (2, 0)):
            conn.execute(
                "INSERT INTO registrations (event_id, first_name, last_name, local_name, email, organisation, "
                "position, country_code, category, dietary, accessibility, language, status, consent_at, "
                "listed_as_participant, manage_key_version, created_at, updated_at) VALUES (1, 'Old', 'Row', '', "
                "?, '', '', 'TH', 'observer', '', '', 'en', 'confirmed', '2019-01-01 00:00:00', ?, 1, "
                "'2019-01-01 00:00:00', '2019-01-01 00:00:00')",
                (f"old{n}@example.org", listed),
            )
        conn.execute("INSERT INTO invitations (event_id, email, created_at) VALUES (1, 'i@example.org', '2019-01-01')")
    with app.app_context():
        upgrade(directory=migrations, revision="0015_registration_listed")
        db.engine.dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT listed_as_participant, announcements_opt_out_at FROM registrations").fetchall() == [
            (0, None),
            (0, None),
        ]
        assert conn.execute("SELECT language FROM invitations").fetchall() == [("en",)]
        # A row written without the column (by hand, by an old script) is not listed either.
        conn.execute(
            "INSERT INTO registrations (event_id, first_name, last_name, local_name, email, organisation, position, "
            "country_code, category, dietary, accessibility, language, status, consent_at, manage_key_version, "
            "created_at, updated_at) VALUES (1, 'New', 'Row', '', 'new@example.org', '', '', 'TH', 'observer', '', "
            "'', 'en', 'confirmed', '2019-01-01 00:00:00', 1, '2019-01-01 00:00:00', '2019-01-01 00:00:00')"
        )
        assert conn.execute(
            "SELECT listed_as_participant FROM registrations WHERE email = 'new@example.org'"
        ).fetchall() == [(0,)]
