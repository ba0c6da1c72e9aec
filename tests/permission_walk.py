"""The machinery of the permission walk (tests/test_permissions.py): the identities, the expected
answers, the seeded world and the addresses filled from it, and requests that leave no trace."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from types import SimpleNamespace

from flask_sqlalchemy.session import Session

from eventsys.accounts.models import Role
from eventsys.accounts.permissions import SIGN_IN_REQUIRED

# `reviewer`: the event's project reviewer (eventsys/projects), who scores submissions and opens nothing else.
IDENTITIES = (
    "anonymous",
    "delegate",
    "other_organizer",
    "organizer",
    "rapporteur",
    "checkin_staff",
    "reviewer",
    "admin",
)
SIGNED_IN = IDENTITIES[1:]
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Expected answers, besides exact status codes:
SIGN_IN = "sign in"  # pages: 302 to /login (next= the address for a GET); under /api: 401, JSON body
OK = "allowed"  # let through: no 401/403/404/405, no sign-in redirect, no server error


def row(allowed: Iterable[str] = (), ok: int | str = OK, refused: int = 403, **exceptions) -> dict[str, int | str]:
    """Anonymous callers must sign in; the `allowed` identities, and site admins always, get `ok`; the
    other signed-in identities get `refused`; `exceptions` name single identities' answers."""
    expected: dict[str, int | str] = {who: ok if who in allowed or who == "admin" else refused for who in SIGNED_IN}
    expected["anonymous"] = SIGN_IN
    expected.update(exceptions)
    return expected


# --- the seeded world ---------------------------------------------------------------------------


def seed_world(make, db, monkeypatch) -> SimpleNamespace:
    """One event with one of everything, its team, an organizer of another event, a delegate, an
    admin; returned as the ids and slugs the addresses need (and the accounts, to sign them in)."""
    from werkzeug.security import generate_password_hash

    from eventsys.accounts import models as account_models
    from eventsys.accounts.tokens import create as create_api_token
    from eventsys.agenda.models import SessionRole, Track
    from eventsys.badges import services as badges
    from eventsys.badges.jobs import output_path
    from eventsys.checkin import services as checkin
    from eventsys.demo.seed import seed_reference_data
    from eventsys.jobs.models import Job, JobStatus
    from eventsys.outcomes import services as outcomes
    from eventsys.proceedings import storage
    from eventsys.proceedings.models import BuildStatus, ProceedingsBuild
    from eventsys.registration import settings
    from eventsys.registration.models import QuestionKind
    from eventsys.reports import services as reports

    # Seven accounts sign in: a cheap hash keeps that fast (hashing is not under test here).
    monkeypatch.setattr(
        account_models,
        "generate_password_hash",
        lambda password: generate_password_hash(password, method="pbkdf2:sha256:1000"),
    )
    seed_reference_data()
    db.session.commit()
    w = SimpleNamespace()
    w.event = make.event("permission-walk", days_ahead=-10)
    w.other_event = make.event("permission-walk-other")
    w.users = {
        "delegate": make.user(email="delegate@example.org", name="Delegate"),
        "other_organizer": make.organizer(w.other_event, email="other-organizer@example.org"),
        "organizer": make.organizer(w.event, email="organizer@example.org"),
        "rapporteur": make.with_role(w.event, Role.RAPPORTEUR, email="rapporteur@example.org", name="Rapporteur"),
        "checkin_staff": make.with_role(w.event, Role.CHECKIN_STAFF, email="door@example.org", name="Door"),
        "reviewer": make.with_role(w.event, Role.REVIEWER, email="reviewer@example.org", name="Reviewer"),
        "admin": make.user(email="admin@example.org", name="Admin", is_admin=True),
    }
    # The agenda: a room, a track, a session whose rapporteur is the rapporteur's account, a speaker.
    w.room = make.room(w.event)
    w.track = Track(event_id=w.event.id, name_en="Governance")
    db.session.add(w.track)
    w.session = make.session(w.event, room_row=w.room)
    rapporteur = make.person(name="Rapporteur Person", local_name="", user_id=w.users["rapporteur"].id)
    make.add_person_to_session(w.session, rapporteur, SessionRole.RAPPORTEUR)
    make.add_person_to_session(w.session, make.person(name="Speaker Person", local_name=""), SessionRole.SPEAKER)
    w.link = w.session.people[-1]
    # Its outcome, approved (so that the report can cite it).
    outcomes.save_draft(w.session, w.users["rapporteur"], OUTCOME, 0)
    outcomes.submit(w.session, w.users["rapporteur"])
    w.outcome = outcomes.approve(w.session, w.users["organizer"])
    # A published report by the organizer, with a section citing the recommendation.
    w.report = reports.create_report(w.users["organizer"], slug="permission-walk-report", title_en="Walk report")
    w.section = reports.add_section(w.users["organizer"], w.report, "Governance")
    w.item = reports.cite(w.users["organizer"], w.section, w.outcome.id, "rec-1")
    reports.set_published(w.users["organizer"], w.report, True)
    # The delegate's registration, its badge, the check-in lists, a question of the form.
    w.registration = make.registration(w.event, email="delegate@example.org", user_id=w.users["delegate"].id)
    w.badge = badges.ensure_badge(w.registration)
    w.lists = checkin.ensure_lists(w.event)
    w.question = settings.add_question(w.event, key="diet", label_en="Diet", label_th="", kind=QuestionKind.TEXT)
    # Its certificate of attendance (checked in on the first day) and a finished bulk issue.
    from tests.documents.helpers import seed_for_walk

    w.document, w.certificates_job = seed_for_walk(w.event, w.registration)
    # The delegate's request for a visa invitation letter (its passport details encrypted).
    from eventsys.registration.models import VisaDetails
    from eventsys.registration.visa import write_visa_request

    w.visa_request = write_visa_request(
        w.registration, VisaDetails("DELEGATE WALK", "TH", "AA1234567", dt.date(2031, 5, 1), dt.date(1985, 2, 14))
    )
    # The call for city projects: a criterion, the delegate's accepted project, an action item link.
    from tests.projects.helpers import seed_for_walk as seed_projects

    w.criterion, w.project, w.action_link = seed_projects(w.event, w.registration, w.session)
    # Matchmaking, open: the delegate in the directory with a meeting and a request waiting.
    from tests.matchmaking.helpers import seed_for_walk as seed_matchmaking

    w.matchmaking = seed_matchmaking(w.event, w.registration)
    # A finished badge print run and a proceedings book (with their files), a proceedings job.
    finished = dt.datetime.now(dt.UTC)
    w.badge_job = Job(kind="badges", function="eventsys.badges.jobs:print_badges_job", event_id=w.event.id)
    w.badge_job.status, w.badge_job.progress, w.badge_job.finished_at = JobStatus.DONE, 100, finished
    w.book_job = Job(
        kind="proceedings", function="eventsys.proceedings.jobs:build_proceedings_job", event_id=w.event.id
    )
    db.session.add_all([w.badge_job, w.book_job])
    db.session.flush()
    output_path(w.badge_job.id).write_bytes(PDF)
    book = f"{storage.FOLDER}/{w.event.slug}/walk-v1.pdf"
    storage.write_atomically(book, PDF)
    w.build = ProceedingsBuild(
        event_id=w.event.id,
        status=BuildStatus.READY,
        version=1,
        options={"language": "en"},
        options_hash="0" * 64,
        file_path=book,
        size=len(PDF),
        finished_at=finished,
    )
    db.session.add(w.build)
    # The delegate's API token (revoked by the walk, rolled back each time).
    w.token, _secret = create_api_token(w.users["delegate"], "walk")
    # A pending invitation to the team.
    from eventsys.teams import invitations

    w.invitation, _new = invitations.invite(
        w.event, "invitee@example.org", [account_models.Role.CHECKIN_STAFF], "en", actor=w.users["organizer"]
    )
    # A mail to participants and a mail that bounced, for the organizers' mail pages.
    from eventsys.mail.models import MailStatus, OutboxMail
    from eventsys.messages.models import CampaignStatus, MailCampaign

    w.campaign = MailCampaign(
        event_id=w.event.id,
        subject_en="Walk",
        body_en="Hello {name}",
        filters={},
        registration_ids=[],
        status=CampaignStatus.FAILED,
    )
    w.failed_mail = OutboxMail(
        to_address="bounced@example.org",
        subject="Bounced",
        body_text="x",
        event_id=w.event.id,
        status=MailStatus.FAILED,
        last_error="550",
    )
    db.session.add_all([w.campaign, w.failed_mail])
    # An accepted exhibitor in the booth of a hall (eventsys/exhibitors).
    from tests.exhibitors.conftest import seed_for_walk as seed_exhibitor_for_walk

    w.exhibitor, w.hall, w.booth = seed_exhibitor_for_walk(w.event)
    db.session.commit()
    # What the addresses need, read now: the walk's rollbacks leave the rows above detached.
    return SimpleNamespace(
        users=w.users,
        event=w.event.slug,
        session=w.session.id,
        registration=w.registration.id,
        room=w.room.id,
        track=w.track.id,
        link=w.link.id,
        question=w.question.id,
        build=w.build.id,
        badge_job=w.badge_job.id,
        book_job=w.book_job.id,
        report=w.report.slug,
        section=w.section.id,
        item=w.item.id,
        token=w.token.id,
        rapporteur=w.users["rapporteur"].id,
        invitation=w.invitation.id,
        campaign=w.campaign.id,
        failed_mail=w.failed_mail.id,
        exhibitor=w.exhibitor.id,
        hall=w.hall.id,
        booth=w.booth.id,
        document=w.document.id,
        document_code=w.document.code,
        certificates_job=w.certificates_job.id,
        visa_request=w.visa_request.id,
        matchmaking=w.matchmaking,
        project=w.project.id,
        criterion=w.criterion.id,
        action_link=w.action_link.id,
    )


PDF = b"%PDF-1.4\n% a stand-in for a built file\n%%EOF\n"
OUTCOME = {
    "summary_en": "The delegates reviewed the draft Terms of Reference.",
    "summary_th": "",
    "key_messages": [],
    "recommendations": [
        {
            "id": "rec-1",
            "text_en": "Endorse the Terms of Reference at the Annual Meeting.",
            "text_th": "",
            "focus_areas": ["civic-and-social"],
            "dimensions": ["smart-governance"],
        }
    ],
    "action_items": [],
}

# What fills each variable of a rule's address, by name; ENDPOINT_VALUES override it per endpoint.
URL_VALUES: dict[str, Callable[[SimpleNamespace], object]] = {
    "slug": lambda w: w.event,
    "session_id": lambda w: w.session,
    "registration_id": lambda w: w.registration,
    "room_id": lambda w: w.room,
    "track_id": lambda w: w.track,
    "link_id": lambda w: w.link,
    "question_id": lambda w: w.question,
    "build_id": lambda w: w.build,
    "job_id": lambda w: w.badge_job,
    "section_id": lambda w: w.section,
    "item_id": lambda w: w.item,
    "action": lambda w: "down",
    "token_id": lambda w: w.token,
    "user_id": lambda w: w.rapporteur,  # a member of the event's team
    "fmt": lambda w: "csv",
    "invitation_id": lambda w: w.invitation,
    "key": lambda w: "registration.confirmed",
    "lang": lambda w: "th",
    "campaign_id": lambda w: w.campaign,
    "mail_id": lambda w: w.failed_mail,
    "exhibitor_id": lambda w: w.exhibitor,
    "hall_id": lambda w: w.hall,
    "booth_id": lambda w: w.booth,
    "document_id": lambda w: w.document,
    "visa_request_id": lambda w: w.visa_request,
    "project_id": lambda w: w.project,
    "criterion_id": lambda w: w.criterion,
    "action_link_id": lambda w: w.action_link,
    "slot_id": lambda w: w.matchmaking.empty_slot,
    "participant_id": lambda w: w.matchmaking.participant,
    "meeting_id": lambda w: w.matchmaking.meeting,
    # an upload kept for the import preview; none is kept under this name, so organizers start again
    "token": lambda w: "0" * 32,
}
ENDPOINT_VALUES: dict[str, dict[str, Callable[[SimpleNamespace], object]]] = {
    "reports.": {"slug": lambda w: w.report},
    "teams.remove_report_editor": {"slug": lambda w: w.report},
    "teams.add_report_editor": {"slug": lambda w: w.report},
    "proceedings.status": {"job_id": lambda w: w.book_job},
    "documents.": {"job_id": lambda w: w.certificates_job, "kind": lambda w: "certificate"},
    "verify.": {"code": lambda w: w.document_code},
}


def url_values(endpoint: str, arguments: Iterable[str], w) -> tuple[dict, list[str]]:
    values, missing = {}, []
    for name in sorted(arguments):
        fill = next(
            (v[name] for prefix, v in ENDPOINT_VALUES.items() if endpoint.startswith(prefix) and name in v),
            URL_VALUES.get(name),
        )
        if fill is None:
            missing.append(name)
        else:
            values[name] = fill(w)
    return values, missing


# --- the walk -----------------------------------------------------------------------------------


def walked_rules(app):
    """(rule, method) of every rule that is not public, in a stable order."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        permission = getattr(app.view_functions[rule.endpoint], "permission", None)
        if rule.endpoint == "static" or (permission is not None and permission.kind == "public"):
            continue
        for method in METHODS:
            if method in rule.methods:
                yield rule, method


@contextmanager
def rolled_back(db, monkeypatch):
    """Everything the app writes inside goes into one transaction, rolled back at the end: the app's
    commits only release savepoints."""
    db.session.remove()  # ends the test's own transaction (SQLite: one writer at a time)
    connection = db.engine.connect()
    outer = connection.begin()
    with monkeypatch.context() as patch:
        # Only this thread's sessions: a thread of the app's (a job runner, a probe) keeps its own.
        own_thread, get_bind = threading.get_ident(), Session.get_bind
        patch.setattr(
            Session,
            "get_bind",
            lambda self, *args, **kwargs: (
                connection if threading.get_ident() == own_thread else get_bind(self, *args, **kwargs)
            ),
        )
        patch.setitem(db.session.session_factory.kw, "join_transaction_mode", "create_savepoint")
        try:
            yield
        finally:
            db.session.remove()
            outer.rollback()
            connection.close()


def send(client, method: str, url: str, api: bool):
    body = {"json": {}} if api else {"data": {}}
    return client.open(url, method=method, **({} if method == "GET" else body))


def verdict(response, method: str, url: str, api: bool, expected: int | str) -> str | None:
    """None if `response` is the expected answer, else what it was."""
    status, location = response.status_code, response.headers.get("Location", "")
    to_sign_in = status == 302 and location.split("?")[0] == "/login"
    got = f"{status} to {location}" if location else str(status)
    if expected == SIGN_IN:
        if api:
            body = response.get_json(silent=True)
            return (
                None
                if status == 401 and body == {"error": "unauthorized", "message": SIGN_IN_REQUIRED, "status": 401}
                else got
            )
        # A GET comes back to its address after signing in; a form sent while signed out (and
        # without a Referer here) to no page in particular: its address may not answer GET.
        return None if to_sign_in and location == ("/login?next=" + url if method == "GET" else "/login") else got
    if to_sign_in:
        return got
    if expected == OK:
        return None if status not in (401, 403, 404, 405) and status < 500 else got
    return None if status == expected else got
