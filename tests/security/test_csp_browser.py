"""Every page with a script works in Debian's chromium under the Content-Security-Policy, and the
browser reports no violation: the scripts are static files, their data JSON blocks and data-*
attributes, and nothing inline runs."""

from __future__ import annotations

import pytest

from eventsys.badges import services as badges
from eventsys.db import db
from eventsys.jobs.models import Job, JobStatus
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

ADMIN = "admin@example.org"
SLUG = "ascn-csp-test"

# Recorded in each document before its own scripts run (Playwright's init scripts are not subject
# to the page's policy): every `securitypolicyviolation` event the browser fires.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def reference(app):
    from eventsys.demo.seed import seed_reference_data

    seed_reference_data()
    db.session.commit()
    return app


@pytest.fixture
def event(make, reference):
    return make.event(SLUG, title_en="ASCN CSP test")


@pytest.fixture
def delegate(make, event):
    return make.registration(event, first_name="Nuttapon", last_name="Nimmanphatcharin", country_code="TH")


@pytest.fixture
def admin(make):
    return make.user(email=ADMIN, name="Site Admin", is_admin=True)


def settle() -> None:
    """End this thread's transaction before the browser acts. On SQLite every transaction takes the
    write lock up front (db.py), so the tests read what they need first and touch no row after."""
    db.session.commit()


class Tab:
    """A signed-in browser tab that keeps every CSP complaint and script error it sees."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def problems(self) -> list[str]:
        events = self.page.evaluate("window.__cspViolations || []")
        return self.console + events + self.errors

    def open(self, path: str):
        response = self.page.goto(path)
        assert response.status == 200, path
        assert "script-src 'self';" in response.headers["content-security-policy"]
        return response


@pytest.fixture
def tab(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", base_url=live_server)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Tab(page)
    context.close()


def sign_in(tab: Tab, email: str = ADMIN) -> None:
    page = tab.page
    page.goto("/login?lang=en")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    assert tab.problems() == []


def check_in(tab: Tab, code: str) -> None:
    tab.open(f"/events/{SLUG}/checkin/?lang=en")
    tab.page.get_by_label("Badge code").fill(code)
    tab.page.get_by_role("button", name="Check", exact=True).click()
    tab.page.wait_for_function("() => document.getElementById('scan-result').dataset.result === 'checked_in'")


def test_a_violation_would_be_seen(tab, event):
    """The watch works: an inline script put into a page is refused, and reported."""
    settle()
    tab.open(f"/events/{SLUG}?lang=en")
    tab.page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.ran = 1";
                   document.body.append(s); }"""
    )
    tab.page.wait_for_function("() => window.__cspViolations.length > 0")
    assert tab.page.evaluate("window.ran") is None
    assert tab.page.evaluate("window.__cspViolations") == ["script-src-elem inline"]


def test_scanner_checks_a_typed_code_in(tab, event, delegate, admin):
    code = badges.code_for(badges.ensure_badge(delegate))
    settle()
    sign_in(tab)
    check_in(tab, code)
    assert tab.page.locator("#scan-name").inner_text() == "Nuttapon Nimmanphatcharin"
    assert tab.problems() == []


def test_attendance_dashboard_draws_its_chart_and_refreshes(tab, event, delegate, admin):
    code = badges.code_for(badges.ensure_badge(delegate))
    settle()
    sign_in(tab)
    check_in(tab, code)
    tab.open(f"/events/{SLUG}/checkin/dashboard?lang=en")
    chart = tab.page.evaluate(
        "(() => { const c = Chart.getChart('country-chart'); return [c.data.labels, c.data.datasets[0].label]; })()"
    )
    assert chart == [["Thailand"], "Checked in"]
    refreshed = "() => Number(document.getElementById('attendance').dataset.refreshed) >= 1"
    tab.page.wait_for_function(refreshed, timeout=9_000)
    assert tab.problems() == []


def test_registration_list_draws_its_chart(tab, event, delegate, admin):
    settle()
    sign_in(tab)
    tab.open(f"/manage/events/{SLUG}/registrations?lang=en")
    assert tab.page.evaluate("Chart.getChart('country-chart').data.labels") == ["Thailand"]
    assert tab.problems() == []


def test_session_form_finds_people_as_one_types(tab, make, event, admin):
    session_id = make.session(event, "Smart Cities and the SDGs").id
    make.person(name="Kanokwan Srisuk", local_name="กนกวรรณ ศรีสุข")
    settle()
    sign_in(tab)
    tab.open(f"/manage/events/{SLUG}/agenda/sessions/{session_id}?lang=en")
    tab.page.locator("#person-search").fill("Kanok")
    found = tab.page.locator("#person-results form")
    found.first.wait_for()
    assert found.count() == 1
    assert found.locator("span").inner_text() == "Kanokwan Srisuk · กนกวรรณ ศรีสุข"
    assert found.get_by_role("button").inner_text() == "Add"
    assert found.locator("select option").count() >= 2
    assert tab.problems() == []


def running_job(event, kind: str, **fields) -> str:
    job = Job(kind=kind, function=f"eventsys.{kind}.jobs:a_job", event_id=event.id, status=JobStatus.RUNNING, **fields)
    db.session.add(job)
    db.session.flush()
    return job.id


def finish(job_id: str, **fields) -> None:
    job = db.session.get(Job, job_id)
    job.status, job.progress = JobStatus.DONE, 100
    for name, value in fields.items():
        setattr(job, name, value)
    settle()


def test_badge_print_run_page_follows_the_job_to_the_end(tab, event, admin):
    job_id = running_job(event, "badges", progress=40)
    settle()
    sign_in(tab)
    tab.open(f"/events/{SLUG}/badges/jobs/{job_id}?lang=en")
    assert tab.page.locator("#job-message").inner_text() == "Working…"
    finish(job_id, result={"badges": 3})
    tab.page.wait_for_function("() => document.getElementById('job').dataset.status === 'done'")
    assert tab.page.locator("#job-message").inner_text() == "Done: 3 badges ready."
    assert tab.page.locator("#job-bar").inner_text() == "100%"
    assert tab.page.get_by_role("link", name="Download the PDF").is_visible()
    assert tab.problems() == []


def test_certificates_job_page_follows_the_job_to_the_end(tab, event, admin):
    job_id = running_job(event, "certificates", progress=10)
    settle()
    sign_in(tab)
    tab.open(f"/events/{SLUG}/documents/jobs/{job_id}?lang=en")
    assert tab.page.locator("#job-message").inner_text() == "Working…"
    finish(job_id, result={"issued": 5, "replaced": 1, "unchanged": 2})
    tab.page.wait_for_function("() => document.getElementById('job').dataset.status === 'done'")
    assert tab.page.locator("#job-message").inner_text() == (
        "Done: 5 certificates issued, 1 replacing an earlier one, 2 already current."
    )
    assert tab.page.get_by_role("link", name="See the documents").is_visible()
    assert tab.problems() == []


def test_proceedings_page_follows_a_build(tab, event, admin):
    job_id = running_job(event, "proceedings", progress=20, stage="laying out")
    settle()
    sign_in(tab)
    tab.open(f"/manage/events/{SLUG}/proceedings?lang=en&job={job_id}")
    tab.page.wait_for_function("() => document.getElementById('build-progress').dataset.status === 'running'")
    assert tab.page.locator("#progress-stage").inner_text() == "Laying out the pages"
    finish(job_id)
    link = tab.page.locator("#progress-stage").get_by_role("link", name="Done: show the new version")
    link.wait_for()
    assert link.get_attribute("href") == f"/manage/events/{SLUG}/proceedings"
    assert tab.problems() == []


def test_action_items_page_draws_its_chart(tab, make, event):
    from eventsys.outcomes import services as outcomes

    session = make.session(event, "Draft ASCN Terms of Reference")
    writer = make.user(email="writer@example.org", is_admin=True)
    content = {
        "summary_en": "The delegates reviewed the draft Terms of Reference.",
        "summary_th": "",
        "key_messages": [],
        "recommendations": [],
        "action_items": [
            {
                "id": "act-1",
                "what_en": "Report baseline indicators for Bangkok.",
                "owner": "city:bangkok",
                "status": "open",
                "focus_areas": ["quality-environment"],
            }
        ],
    }
    outcomes.save_draft(session, writer, content, 0)
    outcomes.submit(session, writer)
    outcomes.approve(session, make.user(email="approver@example.org", is_admin=True))
    settle()
    tab.open("/cities/bangkok/actions?lang=en")
    chart = tab.page.evaluate(
        "(() => { const c = Chart.getChart('actions-chart'); return [c.data.labels, c.options.indexAxis]; })()"
    )
    assert chart == [["Quality Environment"], "y"]
    assert tab.problems() == []
