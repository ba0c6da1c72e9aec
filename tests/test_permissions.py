"""The permission walk: every route declares who may use it, and the declaration holds.

- Every endpoint but `static` carries `view.permission` (eventsys/accounts/permissions.py).
- A route declared `public` is one of PUBLIC: declaring an organizer page public fails too.
- Every rule that is not `public` is requested, for each of its methods, by each identity in
  IDENTITIES, on one seeded event with one of everything (`world`), and the answer is compared with
  TABLE. A route without a row in TABLE fails the walk, and so does a row for a public route or none.

Each request runs in a transaction that is rolled back afterwards, so every request meets the same
seeded data, whatever the requests before it changed (a POST that publishes, deletes, revokes...).
POSTs carry no form data (`{}` as JSON under /api; Flask-WTF forms then fall back to their defaults):
the walk is about who gets through. The table gives each answer's exact status; `OK` (anything but a
refusal) is there for a route whose answer to an empty form would be arbitrary.

Adding a route: add a row to TABLE, usually `row(<identities allowed>, ok=<status>)` (or PUBLIC). If
its address has a variable that URL_VALUES does not fill, add it there and the object behind it to
`seed_world` (both in tests/permission_walk.py); ENDPOINT_VALUES holds the variables whose meaning
depends on the endpoint (the `slug` of a report...).
"""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.permission_walk import (
    IDENTITIES,
    SIGNED_IN,
    rolled_back,
    row,
    seed_world,
    send,
    url_values,
    verdict,
    walked_rules,
)

ORGANIZER = ("organizer",)
DOOR = ("organizer", "checkin_staff")  # the event's check-in desk
# Who gets through is decided before any query a database could answer differently; every route meets
# PostgreSQL in the hostile walks (tests/security) and the API's contract test.
pytestmark = pytest.mark.one_backend

TEAM = ("organizer", "rapporteur", "checkin_staff", "reviewer")  # any role on the event
ADMINS: tuple[str, ...] = ()
PROJECT_TEAM = ("organizer", "reviewer")  # the call's list and pages: organizers decide, reviewers score
# The seeded session's rapporteur writes its outcomes; its approvers are the event's organizers.
OUTCOME_WRITERS = ("rapporteur",)
OUTCOME_READERS = ("organizer", "rapporteur")
# The seeded report's editor is the event's organizer; it is published, so others get 403 (a draft: 404).
REPORT_EDITORS = ("organizer",)
# Any organizer of any event may start a report.
REPORT_STARTERS = ("organizer", "other_organizer")

# The routes anyone may use, signed in or not (signed links carry their own secret). A route declared
# `public` must be named here, so that an organizer page declared public by mistake fails too.
PUBLIC = {
    # the sign-in, password and language pages
    "accounts.login",
    "accounts.logout",
    "accounts.forgot_password",
    "accounts.reset_password",
    "accounts.sign_in_link",
    "teams.accept",
    "i18n.switch_language",
    # the public site
    "events.home",
    "events.event_page",
    "agenda.public_agenda",
    "projects.project_list",  # accepted city projects only
    "projects.project_page",
    "agenda.session_page",
    "agenda.agenda_ics",
    "agenda.agenda_pdf",
    "agenda.schedule_json",
    "agenda.schedule_xml",
    "agenda.event_ics",
    "agenda.session_ics",
    "outcomes.session_outcomes",
    "outcomes.city_actions",
    "outcomes.member_state_actions",
    "reports.report_list",
    "reports.report_page",  # a draft report is a 404 for all but its editors
    "reports.report_pdf_download",
    # the Showcase's exhibitors: the application form, the directory, pages, logos and the floor plan
    "exhibitors.apply",
    "exhibitors.directory",
    "exhibitors.exhibitor_page",
    "exhibitors.logo",
    "exhibitors.floorplan_page",
    "proceedings.public_download",
    "registration.register",
    "registration.privacy_notice",
    "verify.lookup",  # anyone checks a letter or certificate by its code
    "verify.verify_page",
    # a delegate's signed links
    "agenda.my_agenda_by_token",
    "agenda.choose_by_token",
    "agenda.feed_by_token",
    "agenda.personal_feed",
    "tickets.ticket_pdf",
    "documents_personal.download",  # a delegate's own letter or certificate
    "feedback.survey",  # the delegate's manage link is the credential
    "projects.my_projects",  # a city representative's submissions: the manage link is the credential
    "projects.submit_project",
    "projects.edit_project",
    "projects.carry_project",
    # a delegate's matchmaking pages: the manage link's or the personal agenda link's token is the credential
    "matchmaking.my_meetings",
    "matchmaking.save_profile",
    "matchmaking.opt_out",
    "matchmaking.directory",
    "matchmaking.request_meeting",
    "matchmaking.answer",
    # a delegate's agenda without the link: the account's or the mailed sign-in link's registration,
    # else a page that mails the links (no staff sign-in)
    "agenda.my_agenda",
    "agenda.choose",
    "agenda.feed",
    "registration.manage",
    "registration.edit",
    "registration.withdraw",
    "registration.download_data",
    "registration.request_deletion",
    "registration.preferences_update",
    "registration.visa_letter_request",  # ask for a visa invitation letter through the manage link
    "registration.unsubscribe",  # its own signed link, from the List-Unsubscribe header and the mail's footer
    # a delegate's sign-in by a mailed link, and the list it opens
    "registration.delegate_registrations",
    "registration.delegate_sign_in",
    "registration.delegate_sign_out",
    # the JSON API's public reads, and registering (kiosks, partner sites)
    "api.list_events",
    "api.get_event",
    "api.list_sessions",
    "api.get_session",
    "api.session_outcomes",  # drafts only for those who may see them
    "api.get_report",
    "api.list_exhibitors",
    "api.get_floorplan",
    "api.create_registration",
    "api.update_registration",  # the delegate's manage token is the credential
    "api.verify_document",  # the verify page's facts, as JSON
    "api.event_projects",  # accepted city projects
    # a delegate's own data (the signed manage link, or the mailed sign-in link's session)
    "privacy.delegate_export",
    "privacy.address_export",
    # the API's own description
    "api_docs.openapi_document",
    "api_docs.docs_page",
    # operations: the probes, and the metrics (loopback or the METRICS_TOKEN bearer: eventsys/ops/metrics.py)
    "ops.healthz",
    "ops.readyz",
    "ops.metrics",
}

TABLE: dict[tuple[str, str], dict[str, int | str]] = {
    # bulk decisions on the registration list, and their undo within a minute
    ("registration.organizer_bulk_decide", "POST"): row(ORGANIZER, ok=302),
    ("registration.organizer_undo", "POST"): row(ORGANIZER, ok=302),
    # each person's queue: outcomes awaiting their approval, outcomes returned to them
    ("outcomes.my_queue", "GET"): row(SIGNED_IN, ok=200),
    # messages: an event's mail texts, mail to participants, its outbox
    ("messages.text_list", "GET"): row(ORGANIZER, ok=200),
    ("messages.edit_text", "GET"): row(ORGANIZER, ok=200),
    ("messages.edit_text", "POST"): row(ORGANIZER, ok=422),  # an empty form
    ("messages.reset_text", "POST"): row(ORGANIZER, ok=302),
    ("messages.compose", "GET"): row(ORGANIZER, ok=200),
    ("messages.compose", "POST"): row(ORGANIZER, ok=422),
    ("messages.campaign", "GET"): row(ORGANIZER, ok=200),
    ("messages.campaign_json", "GET"): row(ORGANIZER, ok=200),
    ("messages.resume_campaign", "POST"): row(ORGANIZER, ok=302),
    ("messages.outbox", "GET"): row(ORGANIZER, ok=200),
    ("messages.retry_mail", "POST"): row(ORGANIZER, ok=302),
    ("messages.retry_failed", "POST"): row(ORGANIZER, ok=302),
    # accounts: one's own account and tokens
    ("accounts.account", "GET"): row(SIGNED_IN, ok=200),
    ("accounts.create_token", "POST"): row(SIGNED_IN, ok=422),
    ("accounts.revoke_token", "POST"): row(SIGNED_IN, ok=302),
    ("accounts.sign_out_everywhere", "POST"): row(SIGNED_IN, ok=302),
    # accounts: the admins' users page
    ("accounts.user_list", "GET"): row(ADMINS, ok=200),
    ("accounts.invite_user", "GET"): row(ADMINS, ok=200),
    ("accounts.invite_user", "POST"): row(ADMINS, ok=422),
    ("accounts.deactivate_user", "POST"): row(ADMINS, ok=302),
    ("accounts.reactivate_user", "POST"): row(ADMINS, ok=302),
    ("accounts.reset_user", "POST"): row(ADMINS, ok=302),
    # audit: an event's log for its organizers, the site's for admins; read only
    ("audit.event_log", "GET"): row(ORGANIZER, ok=200),
    ("audit.event_log_csv", "GET"): row(ORGANIZER, ok=200),
    ("audit.site_log", "GET"): row(ADMINS, ok=200),
    ("audit.site_log_csv", "GET"): row(ADMINS, ok=200),
    # registration: organizers add one (the desk too) or import a file
    ("registration.organizer_add", "GET"): row(DOOR, ok=200),
    ("registration.organizer_add", "POST"): row(DOOR, ok=422),
    # desk staff reopen only what they added themselves
    ("registration.organizer_added", "GET"): row(DOOR, ok=200, checkin_staff=404),
    ("registration.organizer_import", "GET"): row(ORGANIZER, ok=200),
    ("registration.organizer_import", "POST"): row(ORGANIZER, ok=422),
    ("registration.organizer_import_template", "GET"): row(ORGANIZER, ok=200),
    ("registration.organizer_import_preview", "GET"): row(ORGANIZER, ok=302),
    ("registration.organizer_import_preview", "POST"): row(ORGANIZER, ok=302),
    # teams: the event's team and the report's editors
    ("teams.team", "GET"): row(ORGANIZER, ok=200),
    ("teams.invite", "POST"): row(ORGANIZER, ok=400),
    ("teams.revoke", "POST"): row(ORGANIZER, ok=400),
    ("teams.cancel_invitation", "POST"): row(ORGANIZER, ok=302),
    ("teams.resend_invitation", "POST"): row(ORGANIZER, ok=302),
    ("teams.add_report_editor", "POST"): row(REPORT_EDITORS, ok=302),
    ("teams.remove_report_editor", "POST"): row(REPORT_EDITORS, ok=404),
    # events: /manage and each event's hub
    ("manage.index", "GET"): row(SIGNED_IN, ok=200),
    ("manage.hub", "GET"): row(TEAM, ok=200),
    ("manage.create_event", "GET"): row(ADMINS, ok=200),
    ("manage.create_event", "POST"): row(ADMINS, ok=200),
    ("manage.edit_event", "GET"): row(ORGANIZER, ok=200),
    ("manage.edit_event", "POST"): row(ORGANIZER, ok=200),
    # agenda: the organizers' editor
    ("agenda.editor", "GET"): row(ORGANIZER, ok=200),
    ("agenda.people_search", "GET"): row(ORGANIZER, ok=200),
    ("agenda.publish", "POST"): row(ORGANIZER, ok=302),
    ("agenda.new_session", "GET"): row(ORGANIZER, ok=200),
    ("agenda.new_session", "POST"): row(ORGANIZER, ok=422),
    ("agenda.edit_session", "GET"): row(ORGANIZER, ok=200),
    ("agenda.edit_session", "POST"): row(ORGANIZER, ok=422),
    ("agenda.move_session", "POST"): row(ORGANIZER, ok=303),
    ("agenda.copy_session", "POST"): row(ORGANIZER, ok=302),
    ("agenda.delete_session", "POST"): row(ORGANIZER, ok=302),
    ("agenda.add_person", "POST"): row(ORGANIZER, ok=302),
    ("agenda.add_new_person", "POST"): row(ORGANIZER, ok=302),
    ("agenda.remove_person", "POST"): row(ORGANIZER, ok=302),
    ("agenda.rooms", "GET"): row(ORGANIZER, ok=200),
    ("agenda.rooms", "POST"): row(ORGANIZER, ok=422),
    ("agenda.delete_room", "POST"): row(ORGANIZER, ok=302),
    ("agenda.tracks", "POST"): row(ORGANIZER, ok=422),
    ("agenda.delete_track", "POST"): row(ORGANIZER, ok=302),
    # registration: organizers
    ("registration.organizer_list", "GET"): row(ORGANIZER, ok=200),
    ("registration.organizer_decide", "POST"): row(ORGANIZER, ok=302),
    ("registration.organizer_export_csv", "GET"): row(ORGANIZER, ok=200),
    ("registration.organizer_export_xlsx", "GET"): row(ORGANIZER, ok=200),
    ("registration.organizer_detail", "GET"): row(ORGANIZER, ok=200),
    ("registration.organizer_erase", "POST"): row(ORGANIZER, ok=302),
    ("registration.organizer_settings", "GET"): row(ORGANIZER, ok=200),
    ("registration.organizer_settings", "POST"): row(ORGANIZER, ok=302),
    ("registration.organizer_add_question", "POST"): row(ORGANIZER, ok=422),
    ("registration.organizer_delete_question", "POST"): row(ORGANIZER, ok=302),
    ("registration.organizer_invitations", "GET"): row(ORGANIZER, ok=200),
    ("registration.organizer_invitations", "POST"): row(ORGANIZER, ok=200),
    # passport data: organizers only (not rapporteurs, not the door)
    ("registration.visa_letters", "GET"): row(ORGANIZER, ok=200),
    ("registration.visa_letter", "GET"): row(ORGANIZER, ok=200),
    ("registration.visa_letter_decide", "POST"): row(ORGANIZER, ok=302),
    # registration: a signed-in delegate's own list
    ("registration.my_registrations", "GET"): row(SIGNED_IN, ok=200),
    # badges
    ("badges.index", "GET"): row(ORGANIZER, ok=200),
    ("badges.save_design", "POST"): row(ORGANIZER, ok=422),
    ("badges.preview", "GET"): row(ORGANIZER, ok=200),
    ("badges.print_one", "POST"): row(DOOR, ok=200),  # a reprint, or a walk-in's badge, at the desk
    ("badges.print_many", "POST"): row(ORGANIZER, ok=422),
    ("badges.replace", "POST"): row(ORGANIZER, ok=422),  # an empty form: no reason given
    ("badges.job_page", "GET"): row(ORGANIZER, ok=200),
    ("badges.job_json", "GET"): row(ORGANIZER, ok=200),
    ("badges.download", "GET"): row(ORGANIZER, ok=200),
    # check-in
    ("checkin.scanner", "GET"): row(DOOR, ok=200),
    ("checkin.search", "GET"): row(DOOR, ok=200),
    ("checkin.dashboard", "GET"): row(DOOR, ok=200),
    ("checkin.attendance_json", "GET"): row(DOOR, ok=200),
    ("checkin.attendance_csv", "GET"): row(DOOR, ok=200),
    # outcomes: the session's rapporteur writes, the event's organizers (and the chair) approve
    ("outcomes.my_sessions", "GET"): row(SIGNED_IN, ok=200),
    ("outcomes.manage", "GET"): row(OUTCOME_READERS, ok=200),
    ("outcomes.save", "POST"): row(OUTCOME_WRITERS, ok=400),
    ("outcomes.submit", "POST"): row(OUTCOME_WRITERS, ok=302),
    ("outcomes.approve", "POST"): row(ORGANIZER, ok=302),
    ("outcomes.return_outcome", "POST"): row(ORGANIZER, ok=302),
    ("outcomes.changes", "GET"): row(OUTCOME_READERS, ok=200),
    # reports
    ("reports.new_report", "GET"): row(REPORT_STARTERS, ok=200),
    ("reports.new_report", "POST"): row(REPORT_STARTERS, ok=400),
    ("reports.edit_report", "GET"): row(REPORT_EDITORS, ok=200),
    ("reports.edit_report", "POST"): row(REPORT_EDITORS, ok=400),
    ("reports.publish", "POST"): row(REPORT_EDITORS, ok=302),
    ("reports.add_section", "POST"): row(REPORT_EDITORS, ok=400),
    ("reports.section_action", "POST"): row(REPORT_EDITORS, ok=302),
    ("reports.item_action", "POST"): row(REPORT_EDITORS, ok=302),
    # proceedings
    ("proceedings.manage", "GET"): row(ORGANIZER, ok=200),
    ("proceedings.manage", "POST"): row(ORGANIZER, ok=200),
    ("proceedings.status", "GET"): row(ORGANIZER, ok=200),
    ("proceedings.foreword", "GET"): row(ORGANIZER, ok=200),
    ("proceedings.foreword", "POST"): row(ORGANIZER, ok=302),
    ("proceedings.download", "GET"): row(ORGANIZER, ok=200),
    ("proceedings.publish", "POST"): row(ORGANIZER, ok=302),
    ("proceedings.unpublish", "POST"): row(ORGANIZER, ok=302),
    # feedback: the survey's settings, invitations and results (organizers)
    ("feedback.results_page", "GET"): row(ORGANIZER, ok=200),
    ("feedback.export_csv", "GET"): row(ORGANIZER, ok=200),
    ("feedback.settings", "GET"): row(ORGANIZER, ok=200),
    ("feedback.settings", "POST"): row(ORGANIZER, ok=422),  # an empty form: no closing date
    ("feedback.send", "POST"): row(ORGANIZER, ok=303),
    # projects: the call for city projects; reviewers score, organizers set the call and decide
    ("projects.manage_list", "GET"): row(PROJECT_TEAM, ok=200),
    ("projects.manage_project", "GET"): row(PROJECT_TEAM, ok=200),
    ("projects.save_review", "POST"): row(("reviewer",), ok=303),  # the seeded project is decided: reviews are final
    ("projects.call_settings", "GET"): row(ORGANIZER, ok=200),
    ("projects.call_settings", "POST"): row(ORGANIZER, ok=422),
    ("projects.add_criterion", "POST"): row(ORGANIZER, ok=422),
    ("projects.delete_criterion", "POST"): row(ORGANIZER, ok=303),
    ("projects.decide", "POST"): row(ORGANIZER, ok=422),
    ("projects.notify", "POST"): row(ORGANIZER, ok=303),
    ("projects.pitch", "POST"): row(ORGANIZER, ok=303),
    ("projects.link_action", "POST"): row(ORGANIZER, ok=422),
    ("projects.unlink_action", "POST"): row(ORGANIZER, ok=303),
    # matchmaking: slots, tables, the opt-in window, the grid and the printable list (organizers)
    ("matchmaking.settings", "GET"): row(ORGANIZER, ok=200),
    ("matchmaking.save_window", "POST"): row(ORGANIZER, ok=303),  # both dates optional: saved as "open now"
    ("matchmaking.add_slots", "POST"): row(ORGANIZER, ok=422),  # an empty form: no day, no times
    ("matchmaking.delete_slot", "POST"): row(ORGANIZER, ok=303),  # an empty slot: deleted, back to the page
    ("matchmaking.save_tables", "POST"): row(ORGANIZER, ok=422),  # neither a count nor names
    ("matchmaking.grid", "GET"): row(ORGANIZER, ok=200),
    ("matchmaking.print_list", "GET"): row(ORGANIZER, ok=200),
    # documents: letters and certificates, the bulk issue, who signs, the layouts
    ("documents.index", "GET"): row(ORGANIZER, ok=200),
    ("documents.issue_one", "POST"): row(ORGANIZER, ok=302),
    ("documents.issue_all", "POST"): row(ORGANIZER, ok=302),
    ("documents.job_page", "GET"): row(ORGANIZER, ok=200),
    ("documents.job_json", "GET"): row(ORGANIZER, ok=200),
    ("documents.mail_all", "POST"): row(ORGANIZER, ok=302),
    ("documents.document_page", "GET"): row(ORGANIZER, ok=200),
    ("documents.download", "GET"): row(ORGANIZER, ok=200),
    ("documents.revoke", "POST"): row(ORGANIZER, ok=422),  # an empty form: no reason given
    ("documents.mail_one", "POST"): row(ORGANIZER, ok=302),
    ("documents.reissue", "POST"): row(ORGANIZER, ok=302),  # the walk's document is valid: back to its page
    ("documents.settings", "GET"): row(ORGANIZER, ok=200),
    ("documents.settings", "POST"): row(ORGANIZER, ok=302),
    ("documents.layout", "GET"): row(ORGANIZER, ok=200),
    ("documents.layout", "POST"): row(ORGANIZER, ok=422),  # an empty layout
    # privacy: an organizer's export of one registration, the event's retention setting
    ("privacy.organizer_export", "GET"): row(ORGANIZER, ok=200),
    ("privacy.event_privacy", "GET"): row(ORGANIZER, ok=200),
    ("privacy.event_privacy", "POST"): row(ORGANIZER, ok=302),
    # exhibitors: applications, decisions, booths, staff and the floor plan editor (organizers)
    ("exhibitors.manage_list", "GET"): row(ORGANIZER, ok=200),
    ("exhibitors.toggle_applications", "POST"): row(ORGANIZER, ok=302),
    ("exhibitors.manage_exhibitor", "GET"): row(ORGANIZER, ok=200),
    ("exhibitors.decide", "POST"): row(ORGANIZER, ok=422),  # an empty form: no decision
    ("exhibitors.assign_booth", "POST"): row(ORGANIZER, ok=302),  # an empty form: no booth, freed
    ("exhibitors.invite_staff", "POST"): row(ORGANIZER, ok=422),  # an empty form: no address
    ("exhibitors.editor", "GET"): row(ORGANIZER, ok=200),
    ("exhibitors.add_hall", "POST"): row(ORGANIZER, ok=422),
    ("exhibitors.edit_hall", "GET"): row(ORGANIZER, ok=200),
    ("exhibitors.edit_hall", "POST"): row(ORGANIZER, ok=422),
    ("exhibitors.delete_hall", "POST"): row(ORGANIZER, ok=302),
    ("exhibitors.add_booth", "POST"): row(ORGANIZER, ok=422),
    ("exhibitors.edit_booth", "GET"): row(ORGANIZER, ok=200),
    ("exhibitors.edit_booth", "POST"): row(ORGANIZER, ok=422),
    ("exhibitors.delete_booth", "POST"): row(ORGANIZER, ok=302),
    # the JSON API (anonymous: 401 with a JSON body)
    ("api.checkin_keys", "GET"): row(DOOR, ok=200),
    ("api.create_checkin", "POST"): row(DOOR, ok=422),
    ("api.registration_badge", "POST"): row(ORGANIZER, ok=200),
    ("api.replace_registration_badge", "POST"): row(ORGANIZER, ok=422),  # no reason given
    ("api.event_feedback", "GET"): row(ORGANIZER, ok=200),  # aggregates only
}


@pytest.fixture
def world(app, make, db, monkeypatch):
    return seed_world(make, db, monkeypatch)


@pytest.fixture
def clients(app, world):
    signed_in = {}
    for who in SIGNED_IN:
        signed_in[who] = app.test_client()
        login(signed_in[who], world.users[who])
    return signed_in


@pytest.fixture
def routes(tmp_path):
    """The app's routes and views, without a database: these checks run once, not per backend."""
    from eventsys import create_app

    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "INSTANCE_PATH": str(tmp_path)})


def test_every_route_declares_its_permission(routes):
    undeclared = sorted(
        f"{endpoint} ({', '.join(rule.rule for rule in routes.url_map.iter_rules(endpoint))})"
        for endpoint, view in routes.view_functions.items()
        if endpoint != "static" and getattr(view, "permission", None) is None
    )
    assert undeclared == [], "routes without a declared permission (eventsys/accounts/permissions.py): " + "; ".join(
        undeclared
    )


def test_the_public_routes_are_the_ones_meant_to_be(routes):
    public = {
        endpoint
        for endpoint, view in routes.view_functions.items()
        if getattr(getattr(view, "permission", None), "kind", None) == "public"
    }
    unexpected, missing = sorted(public - PUBLIC), sorted(PUBLIC - public)
    assert unexpected == [], f"declared public, but not in PUBLIC: {', '.join(unexpected)}"
    assert missing == [], f"in PUBLIC, but not a public route: {', '.join(missing)}"


def test_every_non_public_route_answers_each_identity_as_the_table_says(app, db, world, clients, monkeypatch):
    walked = list(walked_rules(app))
    problems = [
        f"{endpoint} {method}: a row in TABLE, but "
        + ("the route is declared public" if endpoint in app.view_functions else "there is no such route")
        for endpoint, method in sorted(set(TABLE) - {(rule.endpoint, method) for rule, method in walked})
    ]
    for rule, method in walked:
        expected = TABLE.get((rule.endpoint, method))
        if expected is None:
            problems.append(f"{rule.endpoint} {method} ({rule.rule}): no row in TABLE")
            continue
        values, missing = url_values(rule.endpoint, rule.arguments, world)
        if missing:
            problems.append(f"{rule.endpoint} ({rule.rule}): no value in URL_VALUES for {', '.join(missing)}")
            continue
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **values)
        api = rule.endpoint.startswith("api.")
        for who in IDENTITIES:
            client = clients.get(who) or app.test_client()
            # Each request starts signed in as before: signing out (everywhere) must not carry over.
            kept = client.get_cookie("session")
            with rolled_back(db, monkeypatch):
                response = send(client, method, url, api)
            if kept is not None:
                client.set_cookie("session", kept.value, domain=kept.domain)
            wrong = verdict(response, method, url, api, expected[who])
            if wrong is not None:
                problems.append(f"{rule.endpoint} {method} {url} as {who}: expected {expected[who]}, got {wrong}")
            with client.session_transaction() as session:
                session.pop("_flashes", None)
    assert problems == [], "\n".join(["the permission walk found:", *problems])
