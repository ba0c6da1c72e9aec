"""Per-event retention: organizers set it; `flask retention [--dry-run]` anonymises the registrations
of events past it; the worker runs it daily."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from eventsys.audit.models import AuditEntry
from eventsys.events.models import Event
from eventsys.mail.models import OutboxMail
from eventsys.registration.erasure import erase_personal_data
from eventsys.registration.models import Invitation, Registration, RegistrationStatus
from tests.conftest import login


def _event(make, db, slug: str, *, ended_days_ago: int, retention_days: int | None):
    """An event whose last day was `ended_days_ago` days before today where it took place."""
    event = make.event(slug=slug)
    event.end_date = event.local_today() - dt.timedelta(days=ended_days_ago)
    event.start_date = event.end_date - dt.timedelta(days=1)
    event.retention_days = retention_days
    db.session.commit()
    return event


@pytest.fixture
def events(make, db):
    """An event past its retention, one on its last day of it, one that keeps everything."""
    past = _event(make, db, "ascn-2019", ended_days_ago=200, retention_days=180)
    last_day = _event(make, db, "ascn-2020", ended_days_ago=180, retention_days=180)
    kept = _event(make, db, "ascn-2018", ended_days_ago=900, retention_days=None)
    rows = {
        "past": [
            make.registration(past, first_name="Anong", email="anong@example.org"),
            make.registration(past, first_name="Boon", email="boon@example.org", status=RegistrationStatus.WAITLISTED),
        ],
        "last_day": [make.registration(last_day, first_name="Chai", email="chai@example.org")],
        "kept": [make.registration(kept, first_name="Dao", email="dao@example.org")],
    }
    db.session.add(Invitation(event_id=past.id, email="invited@example.org"))
    db.session.commit()
    return past, last_day, kept, rows


def _names(db) -> dict[int, str]:
    db.session.expire_all()
    return dict(db.session.execute(select(Registration.id, Registration.first_name)).all())


def test_a_dry_run_prints_what_it_would_anonymise_and_changes_nothing(app, db, events):
    past, _last_day, _kept, rows = events
    before = _names(db)
    result = app.test_cli_runner().invoke(args=["retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    ids = [r.id for r in rows["past"]]
    assert result.output.splitlines() == [
        f"ascn-2019 (ASCN Roundtable (test)): ended {past.end_date.isoformat()}, kept 180 day(s) until "
        f"{(past.end_date + dt.timedelta(days=180)).isoformat()}; would anonymise 2 registration(s): "
        f"{ids[0]}, {ids[1]}; and 1 invitation address(es)",
        "Dry run: would anonymise 2 registration(s) in 1 event(s); nothing changed.",
    ]
    assert _names(db) == before
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_the_run_anonymises_exactly_the_events_past_their_retention_and_audits_it(app, db, events, outbox):
    past, _last_day, _kept, rows = events
    runner = app.test_cli_runner()
    result = runner.invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    ids = [r.id for r in rows["past"]]
    assert f"anonymised 2 registration(s): {ids[0]}, {ids[1]}" in result.output
    assert result.output.splitlines()[-1] == "Anonymised 2 registration(s) in 1 event(s)."

    names = _names(db)
    assert [names[i] for i in ids] == ["Erased", "Erased"]
    assert names[rows["last_day"][0].id] == "Chai" and names[rows["kept"][0].id] == "Dao"
    erased = db.session.get(Registration, ids[0])
    assert erased.email == f"registration-{ids[0]}@erased.invalid"
    assert erased.status == RegistrationStatus.WITHDRAWN
    assert erased.deletion_requested_at is None  # nobody asked: the retention period ended
    assert erased.changes[-1].actor == "retention"
    assert erased.changes[-1].reason == "Personal data erased: the event's retention period ended"
    assert (
        db.session.scalars(select(Invitation.email).where(Invitation.event_id == past.id))
        .one()
        .endswith("@erased.invalid")
    )
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "registration.erase")).all()
    assert sorted((e.actor_label, e.target_type, tuple(e.target_ids)) for e in entries) == sorted(
        [
            ("retention", "registration", (str(ids[0]),)),
            ("retention", "registration", (str(ids[1]),)),
            ("retention", "invitation", ()),
        ]
    )
    # The seat freed in an event long over went to nobody: the waitlisted delegate was not confirmed.
    assert [c.to_status for c in db.session.get(Registration, ids[1]).changes] == [RegistrationStatus.WITHDRAWN]
    assert outbox() == []
    again = runner.invoke(args=["retention"])
    assert again.output.strip() == "Nothing to anonymise: no event is past its retention with personal data left."


def test_mails_stay_while_the_address_has_a_live_registration_elsewhere(app, db, make, events):
    from eventsys.mail.services import queue_mail

    _past, _last_day, kept, _rows = events
    make.registration(kept, email="anong@example.org")
    queue_mail(to="anong@example.org", template="registration/mail/sign_in_link", context={"link": "x", "minutes": 1})
    queue_mail(to="boon@example.org", template="registration/mail/sign_in_link", context={"link": "x", "minutes": 1})
    db.session.commit()
    app.test_cli_runner().invoke(args=["retention"])
    db.session.expire_all()
    assert db.session.scalars(select(OutboxMail.to_address)).all() == ["anong@example.org"]


def test_organizers_set_the_retention_of_their_event(client, make, db):
    event = make.event(slug="ascn-settings")
    organizer = make.organizer(event, email="organizer@example.org")
    login(client, organizer)
    url = f"/manage/events/{event.slug}/privacy"
    hub = client.get(f"/manage/events/{event.slug}?lang=en").get_data(as_text=True)
    assert url in hub and "Personal data and retention" in hub
    make.registration(event, email="kept@example.org")
    erase_personal_data(make.registration(event, email="gone@example.org"), actor=organizer)
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Registrations are kept until they are erased one by one." in page
    counts = re.search(r'<dl class="row mb-2" id="held-counts">(.*?)</dl>', page, re.S).group(1)
    assert re.findall(r"<dd[^>]*>(\d+)</dd>", counts) == ["1", "1"]

    saved = client.post(url + "?lang=en", data={"retention_days": "180"})
    assert (saved.status_code, saved.headers["Location"]) == (302, url)
    db.session.expire_all()
    assert db.session.get(Event, event.id).retention_days == 180
    ends = event.end_date + dt.timedelta(days=180)
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert f"Registrations are kept until {ends.day} {ends.strftime('%B')} {ends.year}" in page
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "settings.change")).one()
    assert entry.detail == {"setting": "retention_days", "value": 180, "before": "keep"}

    for bad in ("-1", "3651", "half a year"):
        refused = client.post(url + "?lang=en", data={"retention_days": bad})
        assert refused.status_code == 422 and "is-invalid" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, event.id).retention_days == 180

    cleared = client.post(url, data={"retention_days": ""})
    assert cleared.status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, event.id).retention_days is None


def test_only_the_events_organizers_set_its_retention(app, client, make, db):
    event, other = make.event(slug="ascn-mine"), make.event(slug="ascn-theirs")
    login(client, make.organizer(other, email="other@example.org"))
    assert client.post(f"/manage/events/{event.slug}/privacy", data={"retention_days": "1"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Event, event.id).retention_days is None


REDIS = "redis://127.0.0.1:6379/{}"


@pytest.fixture
def redis_queue(app, database):
    """A real RQ queue on a Redis database of its own per backend (the two variants may run at once)."""
    from redis import Redis
    from rq import Queue

    from eventsys.jobs.services import QUEUE_NAME

    url = REDIS.format(12 if database["backend"] == "sqlite" else 13)
    connection = Redis.from_url(url)
    connection.flushdb()
    app.config["REDIS_URL"] = url
    yield Queue(QUEUE_NAME, connection=connection)
    app.config["REDIS_URL"] = None
    connection.flushdb()


def test_the_worker_schedules_the_run_daily_at_three_in_the_morning_bangkok_time(app, db, events, redis_queue):
    from rq.registry import ScheduledJobRegistry

    from eventsys.privacy.jobs import retention_job, schedule_retention

    now = dt.datetime(2026, 3, 1, 19, 30, tzinfo=dt.UTC)  # 02:30 on 2 March in Bangkok
    job = schedule_retention(redis_queue, now=now)
    schedule_retention(redis_queue, now=now)  # a second worker starting: still one job
    registry = ScheduledJobRegistry(queue=redis_queue)
    assert registry.get_job_ids() == ["eventsys-retention-2026-03-02"]
    assert registry.get_scheduled_time(job) == dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)
    assert job.func_name == "eventsys.jobs.runner.call_in_app"
    assert job.args[0] == "eventsys.privacy.jobs:retention_job"

    result = retention_job()  # what the worker runs (inside the app)
    assert result["registrations"] == 2 and result["events"] == ["ascn-2019"]
    scheduled = sorted(registry.get_job_ids())
    assert len(scheduled) == 2 and scheduled[0] == "eventsys-retention-2026-03-02"


def test_the_run_erases_exhibitor_contact_people_and_staff_addresses_but_keeps_their_profile(
    app, db, make, events, admin_user
):
    from eventsys.exhibitors import services as exhibitors
    from eventsys.exhibitors.models import Exhibitor, ExhibitorStaff
    from eventsys.registration.models import RegistrationCategory
    from tests.exhibitors.conftest import add_exhibitor

    past, _last_day, kept, rows = events
    depa = add_exhibitor(past, "depa Thailand", kind="agency")
    depa.contact_phone = "+66 2 141 7101"
    exhibitors.invite_staff(depa, ["staff.one@depa.example.org", "staff.two@depa.example.org"], actor=admin_user)
    make.registration(past, email="staff.one@depa.example.org", category=RegistrationCategory.EXHIBITOR)
    other = add_exhibitor(kept, "Huawei Thailand", kind="company")
    db.session.commit()
    registrations = [r.id for r in rows["past"]] + [
        db.session.scalar(select(Registration.id).where(Registration.email == "staff.one@depa.example.org"))
    ]

    dry = app.test_cli_runner().invoke(args=["retention", "--dry-run"])
    assert dry.output.splitlines()[0].endswith(
        "; and 3 invitation address(es); and the contact person of 1 exhibitor(s); and 2 exhibitor staff address(es)"
    )  # the staff were invited to register: two invitations besides the event's own
    result = app.test_cli_runner().invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    # The staff member who registered was erased with the registrations, and their invitation and
    # staff row with them: two invitations and one staff address were left to anonymise.
    assert result.output.splitlines()[0].endswith(
        f"anonymised 3 registration(s): {', '.join(map(str, registrations))}; and 2 invitation address(es); "
        "and the contact person of 1 exhibitor(s); and 1 exhibitor staff address(es)"
    )
    db.session.expire_all()
    erased = db.session.get(Exhibitor, depa.id)
    assert (erased.contact_name, erased.contact_email, erased.contact_phone) == (
        "",
        f"exhibitor-{depa.id}@erased.invalid",
        "",
    )
    assert (erased.name_en, erased.description_en, erased.status.value) == (
        "depa Thailand",
        "A smart-city exhibitor.",
        "accepted",
    )
    staff = db.session.scalars(select(ExhibitorStaff).where(ExhibitorStaff.exhibitor_id == depa.id)).all()
    assert [s.email for s in staff] == [f"staff-{staff[0].id}@erased.invalid"]
    assert db.session.get(Exhibitor, other.id).contact_email == "huawei@example.org"  # its event keeps all
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "registration.erase", AuditEntry.target_type == "exhibitor")
    ).one()
    assert (entry.actor_label, list(entry.target_ids)) == ("retention", [str(depa.id)])
    assert entry.detail["staff_addresses"] == 1
    again = app.test_cli_runner().invoke(args=["retention"])
    assert again.output.strip() == "Nothing to anonymise: no event is past its retention with personal data left."


def test_the_exhibitor_page_says_the_contact_was_erased(app, db, make, events, admin_user, client):
    from tests.exhibitors.conftest import add_exhibitor

    past = events[0]
    depa = add_exhibitor(past, "depa Thailand", kind="agency")
    db.session.commit()
    login(client, admin_user)
    page = f"/manage/events/{past.slug}/exhibitors/{depa.id}"
    assert "depa@example.org" in client.get(page).get_data(as_text=True)
    app.test_cli_runner().invoke(args=["retention"])
    html = client.get(page).get_data(as_text=True)
    assert "Erased: the event’s retention period ended." in html
    assert "erased.invalid" not in html
