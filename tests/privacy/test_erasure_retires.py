"""An erasure also retires what was built from the person: proceedings books that list them, kept
badge sheets printed with their name, development mail files, calendar feeds. Counts stay."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from eventsys.audit.models import AuditEntry
from eventsys.proceedings import storage
from eventsys.proceedings.models import ProceedingsBuild
from eventsys.proceedings.options import BookOptions
from eventsys.proceedings.services import build_book, publish
from eventsys.registration.erasure import erase_personal_data
from eventsys.registration.models import Registration, RegistrationStatus
from tests.conftest import login
from tests.proceedings.conftest import make_book_event

PARTICIPANTS = BookOptions(parts=("participants",))


def _text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def _listed(event, first_name: str) -> Registration:
    from eventsys.db import db

    return db.session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.first_name == first_name)
    ).one()


def test_a_book_listing_an_erased_person_is_withdrawn_and_cannot_be_published(app, client, make, db):
    event = make_book_event(make, db, sessions=1, people_per_session=1, participants=2)
    organizer = make.organizer(event)
    book = build_book(event, PARTICIPANTS)
    publish(event, book.id, actor=organizer)
    file = storage.absolute(book.file_path)
    assert "Somchai" in _text(file) and "JAIDEE" in _text(file)
    assert client.get(f"/events/{event.slug}/proceedings.pdf").status_code == 200

    somchai = _listed(event, "Somchai")
    erase_personal_data(somchai, actor=organizer)

    db.session.expire_all()
    book = db.session.get(ProceedingsBuild, book.id)
    assert book.retired_at is not None and not book.published
    assert not file.exists()
    assert client.get(f"/events/{event.slug}/proceedings.pdf").status_code == 404
    login(client, organizer)
    assert client.get(f"/manage/events/{event.slug}/proceedings/builds/{book.id}.pdf").status_code == 404
    refused = client.post(
        f"/manage/events/{event.slug}/proceedings/builds/{book.id}/publish?lang=en", follow_redirects=True
    )
    assert "Version 1 was withdrawn: it showed a person whose personal data has since been erased" in refused.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert not db.session.get(ProceedingsBuild, book.id).published
    erase = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "registration.erase")).one()
    assert erase.detail["proceedings_builds"] == [book.id]
    withdrawn = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "proceedings.unpublish")).one()
    assert (withdrawn.target_ids, withdrawn.detail["reason"]) == ([str(book.id)], "personal data erased")

    # Building again works, and the new book does not show the person.
    again = build_book(event, PARTICIPANTS)
    assert again.id != book.id and again.version == 2
    text = _text(storage.absolute(again.file_path))
    assert "Somchai" not in text and "JAIDEE" not in text and "Delegate0" in text
    assert again.registration_ids == sorted(r.id for r in _listed_rows(event))
    publish(event, again.id, actor=organizer)
    assert client.get(f"/events/{event.slug}/proceedings.pdf").status_code == 200


def _listed_rows(event):
    from eventsys.db import db

    return db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.listed_as_participant.is_(True),
        )
    ).all()


def test_erasing_someone_the_book_does_not_list_leaves_it_published(app, client, make, db):
    event = make_book_event(make, db, sessions=1, people_per_session=1, participants=1)
    organizer = make.organizer(event)
    book = build_book(event, PARTICIPANTS)
    programme_only = build_book(event, BookOptions(parts=("programme",)))
    publish(event, book.id, actor=organizer)
    erase_personal_data(_listed(event, "Waiting"), actor=organizer)  # pending: not in the book
    erase_personal_data(_listed(event, "Delegate0"), actor=organizer)  # not in a programme-only book

    db.session.expire_all()
    assert db.session.get(ProceedingsBuild, programme_only.id).retired_at is None
    assert storage.absolute(programme_only.file_path).exists()
    assert db.session.get(ProceedingsBuild, book.id).retired_at is not None  # Delegate0 was listed


def test_a_book_built_before_books_recorded_whom_they_list_is_retired_by_any_erasure(app, make, db):
    event = make_book_event(make, db, sessions=1, people_per_session=1, participants=1)
    book = build_book(event, PARTICIPANTS)
    book.registration_ids = None  # as the migration leaves books built before it
    db.session.commit()
    erase_personal_data(_listed(event, "Waiting"), actor=None)
    db.session.expire_all()
    assert db.session.get(ProceedingsBuild, book.id).retired_at is not None
    assert not storage.absolute(book.file_path).exists()


def test_kept_badge_sheets_showing_the_person_are_deleted(app, make, db):
    from eventsys.badges.jobs import output_path
    from eventsys.jobs.services import start_job

    event = make.event()
    organizer = make.organizer(event)
    leaving = make.registration(event, first_name="Siriporn", email="siriporn@example.org")
    staying = make.registration(event, first_name="Nuttapon", email="nuttapon@example.org")

    def print_run(*registrations):
        return start_job(
            "badges",
            "eventsys.badges.jobs:print_badges_job",
            user=organizer,
            event=event,
            event_id=event.id,
            user_id=organizer.id,
            selection={"registration_ids": [r.id for r in registrations], "status": "any"},
            layout=None,
            scope="selection",
        )

    both, other = print_run(leaving, staying), print_run(staying)
    assert output_path(both.id).is_file() and output_path(other.id).is_file()
    erase_personal_data(leaving, actor=organizer)
    assert not output_path(both.id).exists()
    assert output_path(other.id).is_file()
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "registration.erase")).one()
    assert entry.detail["badge_sheets"] == [f"{both.id}.pdf"]


@pytest.mark.delivers_mail
def test_development_mail_files_to_the_address_are_deleted(app, make, db):
    from eventsys.mail.services import deliver_due, queue_mail

    event = make.event()
    leaving = make.registration(event, email="siriporn@example.org")
    for to in ("siriporn@example.org", "Siriporn@Example.org", "someone.else@example.org"):
        queue_mail(to=to, template="registration/mail/sign_in_link", context={"link": "x", "minutes": 1, "email": to})
    db.session.commit()
    assert deliver_due()["sent"] == 3
    folder = Path(app.config["MAIL_DIR"])
    assert len(list(folder.glob("*.eml"))) == 3
    erase_personal_data(leaving, actor=None)
    [kept] = folder.glob("*.eml")
    assert b"someone.else@example.org" in kept.read_bytes()


def test_calendar_feeds_stop_and_invitations_lose_the_address(app, client, make, db):
    from eventsys.agenda.personal import issue_feed
    from eventsys.registration.models import Invitation

    event = make.event()
    leaving = make.registration(event, email="siriporn@example.org")
    invitation = Invitation(event_id=event.id, email="siriporn@example.org")
    db.session.add(invitation)
    db.session.commit()
    secret = issue_feed(leaving)
    assert client.get(f"/events/{event.slug}/my-agenda/feed/{secret}.ics").status_code == 200
    erase_personal_data(leaving, actor=None)
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).email == f"invitation-{invitation.id}@erased.invalid"
    from eventsys.agenda.models import CalendarFeed

    assert db.session.scalars(select(CalendarFeed.revoked_at)).one() is not None
    assert client.get(f"/events/{event.slug}/my-agenda/feed/{secret}.ics").status_code == 404
