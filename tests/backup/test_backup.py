"""`flask backup` and `flask restore`: a seeded database and its files round-trip through a fresh
SQLite database and back (on the PostgreSQL variant: PostgreSQL -> SQLite -> PostgreSQL), every row
of every table identical; another SECRET_KEY or another schema is refused unless told."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import tarfile
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from eventsys import create_app
from eventsys.backup.files import backed_up_files
from eventsys.backup.tables import read_rows, tables
from eventsys.db import db as database
from tests.conftest import login
from tests.permission_walk import seed_world


def _target_app(tmp_path: Path, name: str, secret: str = "test-secret"):
    """An app on a new, empty SQLite database (no tables: the restore migrates it)."""
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / name}.db",
            "INSTANCE_PATH": str(tmp_path / f"{name}-instance"),
            "SECRET_KEY": secret,
            "REDIS_URL": None,
            "MAIL_SERVER": None,
            "RATELIMIT_STORAGE_URI": "memory://",
            "BASE_URL": "http://localhost",
        }
    )


@contextmanager
def inside(application):
    with application.app_context():
        yield
        database.session.remove()


def run(application, *args):
    database.session.commit()  # the test's own transaction would hold SQLite's write lock
    with inside(application):
        return application.test_cli_runner().invoke(args=list(args))


def snapshot(application) -> dict:
    """Every row of every table, twice: as the app reads it (parsed JSON, aware times, bytes)
    and as stored (JSON columns' text, so SQL NULL and JSON null differ)."""
    with inside(application), database.engine.connect() as conn:
        rows = {}
        for table in tables():
            ordered = sa.select(table).order_by(*table.primary_key.columns)
            rows[table.name] = (
                [tuple(row) for row in conn.execute(ordered)],
                list(read_rows(conn, table)),
            )
        conn.rollback()
        return rows


def instance_files(application) -> dict[str, bytes]:
    with inside(application):
        return {relative: path.read_bytes() for relative, path in backed_up_files()}


@pytest.fixture
def world(app, client, make, db, monkeypatch):
    """The demo data, one of everything of the permission walk and of what a delegate leaves behind,
    and files in the instance folder: every table has rows."""
    from eventsys.accounts import signin_links
    from eventsys.accounts.models import SignInPurpose
    from eventsys.agenda.models import PersonalAgendaItem
    from eventsys.agenda.personal import issue_feed
    from eventsys.badges import services as badges
    from eventsys.badges.models import BadgeDesign
    from eventsys.checkin import services as checkin
    from eventsys.demo.seed import seed_demo
    from eventsys.events.models import Event
    from eventsys.feedback.models import FeedbackInvitation
    from eventsys.jobs.models import Job
    from eventsys.mail.models import EventMailText
    from eventsys.mail.services import deliver_due
    from eventsys.messages.models import CampaignRecipient, RecipientOutcome
    from eventsys.registration import services as registrations
    from eventsys.registration.models import (
        Answer,
        CategoryCapacity,
        Invitation,
        Question,
        Registration,
        RegistrationCategory,
        RegistrationStatus,
    )
    from eventsys.reports.models import SummitReport
    from eventsys.teams.models import ReportEditor

    seed_demo()
    w = seed_world(make, db, monkeypatch)
    event = db.session.scalar(sa.select(Event).where(Event.slug == w.event))
    organizer = w.users["organizer"]
    delegate = db.session.get(Registration, w.registration)
    waiting = make.registration(event, first_name="Anong", status=RegistrationStatus.PENDING, local_name="อนงค์")
    registrations.approve(event, [waiting.id], actor=organizer)
    db.session.add_all(
        [
            Answer(registration_id=delegate.id, question_id=db.session.get(Question, w.question).id, value="Halal"),
            BadgeDesign(event_id=event.id, colours={"speaker": "#1452b8"}),
            CategoryCapacity(event_id=event.id, category=RegistrationCategory.MEDIA, capacity=5),
            Invitation(event_id=event.id, email="invited@example.org", category=RegistrationCategory.OBSERVER),
            PersonalAgendaItem(registration_id=delegate.id, session_id=w.session),
            FeedbackInvitation(event_id=event.id, registration_id=delegate.id),
            ReportEditor(
                report_id=db.session.scalar(sa.select(SummitReport.id).where(SummitReport.slug == w.report)),
                user_id=w.users["rapporteur"].id,
                granted_by_id=organizer.id,
            ),
            EventMailText(
                event_id=event.id,
                kind="registration.confirmed",
                language="th",
                subject="ยืนยันแล้ว: {event_title}",
                body="เรียน {name}\n",
            ),
            CampaignRecipient(
                campaign_id=w.campaign, registration_id=delegate.id, outcome=RecipientOutcome.QUEUED, language="en"
            ),
            # JSON null, not SQL NULL: the backup keeps the two apart.
            Job(kind="test", function="tests:nothing", params={}, result=None),
        ]
    )
    db.session.commit()
    badges.print_badges(event, [delegate], user=organizer, scope="one", workers=1)
    checkin.record_scan(event, nonce="n-1", registration_id=delegate.id, list_key=checkin.ensure_lists(event)[0].key)
    issue_feed(delegate)
    signin_links.issue(SignInPurpose.DELEGATE, email=delegate.email)
    db.session.commit()
    login(client, organizer)
    assert deliver_due()["sent"] > 0  # development mails, written as files
    instance = Path(app.instance_path)
    (instance / "first-admin.txt").write_text("admin@example.org\nplain password\n")
    (instance / "registration-imports").mkdir(exist_ok=True)
    (instance / "registration-imports" / "upload.json").write_text("{}")
    db.session.commit()
    return app


@pytest.mark.delivers_mail
def test_a_seeded_database_and_its_files_round_trip_every_row(world, tmp_path, make, db):
    app = world
    before, files = snapshot(app), instance_files(app)
    empty = sorted(name for name, (rows, _stored) in before.items() if not rows)
    assert empty == [], ", ".join(empty)
    assert {"proceedings", "badges", "mail"} <= {name.split("/")[0] for name in files}
    assert "first-admin.txt" not in files and "registration-imports/upload.json" not in files

    archive = tmp_path / "backup.tar.gz"
    made = run(app, "backup", "-o", str(archive))
    assert made.exit_code == 0, made.output
    assert f"Backup written to {archive}" in made.output
    assert archive.stat().st_mode & 0o777 == 0o600

    fresh = _target_app(tmp_path, "fresh")
    restored = run(fresh, "restore", str(archive))
    assert restored.exit_code == 0, restored.output
    assert snapshot(fresh) == before
    assert instance_files(fresh) == files

    # ...and back, over the original database, which holds data: refused without --yes.
    again = tmp_path / "again.tar.gz"
    assert run(fresh, "backup", "-o", str(again)).exit_code == 0
    refused = run(app, "restore", str(again))
    assert refused.exit_code == 1
    assert "This database already holds data" in refused.output and "--yes" in refused.output
    make.registration(make.event(slug="added-after-the-backup"), email="added-after@example.org")
    replaced = run(app, "restore", str(again), "--yes")
    assert replaced.exit_code == 0, replaced.output
    assert "The data the database held before was deleted." in replaced.output
    assert snapshot(app) == before
    assert instance_files(app) == files
    # New rows continue after the restored ids (PostgreSQL's sequences were reset).
    with inside(app):
        user = make.user(email="after-restore@example.org")
        assert user.id == max(row[0] for row in before["users"][0]) + 1
    with inside(fresh):
        database.engine.dispose()


def _rewrite(archive: Path, target: Path, change) -> None:
    """A copy of the archive with its manifest (and members) changed by `change(name, bytes)`."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))


def test_the_manifest_records_a_fingerprint_of_the_key_never_the_key(app, make, tmp_path):
    make.registration(make.event())
    archive = tmp_path / "backup.tar.gz"
    assert run(app, "backup", "-o", str(archive)).exit_code == 0
    with tarfile.open(archive, "r:gz") as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
        everything = b"".join(opened.extractfile(m).read() for m in opened.getmembers())
    expected = hmac.new(b"test-secret", b"eventsys backup: SECRET_KEY fingerprint v1", hashlib.sha256).hexdigest()
    assert manifest["secret_key_fingerprint"] == expected
    assert b"test-secret" not in everything
    assert {t["name"]: t["rows"] for t in manifest["tables"]}["registrations"] == 1
    assert manifest["schema_revision"] == _head()


def _head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from eventsys.config import PROJECT_ROOT

    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head()


def test_another_secret_key_is_refused_unless_forced_and_then_badges_are_keyed_again(app, make, db, tmp_path):
    from eventsys.badges import services as badges

    event = make.event()
    delegate = make.registration(event)
    badge = badges.ensure_badge(delegate)
    db.session.commit()
    old_code, badge_id, delegate_id = badges.code_for(badge), badge.id, delegate.id
    archive = tmp_path / "backup.tar.gz"
    assert run(app, "backup", "-o", str(archive)).exit_code == 0

    elsewhere = _target_app(tmp_path, "elsewhere", secret="another-secret")
    refused = run(elsewhere, "restore", str(archive))
    assert refused.exit_code == 1
    assert "different SECRET_KEY" in refused.output and "printed badge" in refused.output
    assert "manage link" in refused.output and "--force-other-key" in refused.output
    with inside(elsewhere), database.engine.connect() as conn:
        assert sa.inspect(conn).get_table_names() == []  # nothing was touched

    forced = run(elsewhere, "restore", str(archive), "--force-other-key")
    assert forced.exit_code == 0, forced.output
    assert "the badge keys of 1 event(s) were derived again" in forced.output
    with inside(elsewhere):
        from eventsys.badges.models import Badge

        restored = database.session.get(Badge, badge_id)
        new_code = badges.code_for(restored)
        assert badges.verify_code(new_code).registration_id == delegate_id
        with pytest.raises(badges.InvalidCode):
            badges.verify_code(old_code)
        database.engine.dispose()


def test_another_schema_revision_is_refused_with_what_to_do(app, make, tmp_path):
    make.event()
    archive, older = tmp_path / "backup.tar.gz", tmp_path / "older.tar.gz"
    assert run(app, "backup", "-o", str(archive)).exit_code == 0

    def downgrade(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["schema_revision"] = "0011_sign_in_links"
        return json.dumps(manifest).encode()

    _rewrite(archive, older, downgrade)
    target = _target_app(tmp_path, "target")
    refused = run(target, "restore", str(older))
    assert refused.exit_code == 1
    assert f"The backup's schema is at revision 0011_sign_in_links; this database is at {_head()}." in refused.output
    with inside(target), database.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM events")).scalar_one() == 0
        database.engine.dispose()


def test_a_damaged_backup_is_refused_before_anything_changes(app, make, tmp_path):
    make.registration(make.event(), first_name="Somchai")
    archive, damaged = tmp_path / "backup.tar.gz", tmp_path / "damaged.tar.gz"
    assert run(app, "backup", "-o", str(archive)).exit_code == 0
    _rewrite(archive, damaged, lambda name, data: data.replace(b"Somchai", b"Somsak"))
    target = _target_app(tmp_path, "target")
    refused = run(target, "restore", str(damaged))
    assert refused.exit_code == 1
    assert "The backup is damaged: data/" in refused.output and "registrations.jsonl" in refused.output
    with inside(target), database.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM registrations")).scalar_one() == 0
        database.engine.dispose()
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    assert "Cannot read" in run(target, "restore", str(not_a_backup)).output
