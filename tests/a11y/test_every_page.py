"""Every HTML page through validators nobody here wrote: the Nu Html Checker (vnu-jar), in English and
Thai, and axe-core (WCAG 2.1 A and AA rules) in Debian's chromium, English at 1280 px and Thai at
375 px, with every page checked for sideways scrolling at 375 px in both languages.

The pages are every GET route of the app that answers HTML, on the permission walk's seeded world
(one event with one of everything), walked signed out (public pages and a delegate's signed links
with their tokens) and signed in as a site admin, as each role of the event's team (organizer,
rapporteur, check-in staff, project reviewer) and as a delegate with an account: each sees what it may open. vnu reads
every walker's pages in one run of the JVM; axe runs per walker in one browser per width.

The module's tests only read (GETs and sign-ins), so they share one app, one seeded world and each
walker's pages, fetched once (`site`), instead of seeding the world again in each test and fetching
the pages of every walker before the one it checks.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from eventsys.config import PROJECT_ROOT
from eventsys.extensions import limiter
from tests import factories
from tests.conftest import fresh_app, login, serving
from tests.permission_walk import seed_world, url_values

# The pages' HTML is the same on either database: PostgreSQL is covered by every other test.
pytestmark = pytest.mark.one_backend

VNU_JAR = Path(os.environ.get("VNU_JAR", PROJECT_ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"))
AXE_JS = Path(os.environ.get("AXE_JS", PROJECT_ROOT / "node_modules/axe-core/axe.min.js"))
LANGUAGES = ("en", "th")
WIDTHS = (1280, 375)
# Not pages: files, feeds, JSON, redirects-only routes and sign-out.
SKIP_SUFFIXES = (".pdf", ".ics", ".json", ".xml", ".csv", ".xlsx", ".png", ".svg", ".js")
SKIP_ENDPOINTS = {"accounts.logout", "i18n.switch_language", "registration.delegate_sign_out"}


def _tool(path: Path, what: str) -> Path:
    if not path.exists():
        message = f"{what} is missing at {path}: `npm ci` in the project (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def site(database, tmp_path_factory):
    """The module's app and seeded world, served for the browser, with each walker's pages once
    fetched (`pages(walker)`). Made once per module (per worker under xdist), not per test."""
    from eventsys.agenda.personal import make_agenda_token
    from eventsys.db import db
    from eventsys.registration.models import Registration
    from eventsys.registration.tokens import manage_token, unsubscribe_token

    folder = tmp_path_factory.mktemp("a11y")
    with pytest.MonkeyPatch.context() as monkeypatch, fresh_app(database, folder, monkeypatch) as app:
        # Five walkers sign in with the test client and again in the browser at each width: on a quick
        # machine (or with `-k axe` alone) more than the ten sign-ins a minute one address may make.
        monkeypatch.setattr(limiter, "enabled", False)
        w = seed_world(factories, db, monkeypatch)
        registration = db.session.get(Registration, w.registration)
        w.tokens = {
            "registration.unsubscribe": unsubscribe_token(registration),
            "registration.": manage_token(registration),
            "privacy.delegate_export": manage_token(registration),
            "tickets.": manage_token(registration),
            "feedback.": manage_token(registration),
            "matchmaking.": manage_token(registration),
            "projects.": manage_token(registration),
            "agenda.": make_agenda_token(registration),
        }
        db.session.commit()
        # Kept as text: the accounts' rows are detached once the session is removed (below).
        w.emails = {walker: user.email for walker, user in w.users.items()}
        fetched: dict[str | None, list[tuple[str, str, Path, bytes]]] = {}

        def pages(walker: str | None) -> list[tuple[str, str, Path, bytes]]:
            if walker not in fetched:
                fetched[walker] = fetch_pages(app, w, folder, walker)
                db.session.remove()  # on SQLite an open read would block the server's writes (sign-ins)
            return fetched[walker]

        with serving(app) as address:
            yield SimpleNamespace(app=app, world=w, pages=pages, address=address)


def page_addresses(app, w) -> list[tuple[str, str, bool]]:
    """(endpoint, address, public) of every GET page route that needs nothing it cannot be given."""
    pages = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        view = app.view_functions[rule.endpoint]
        permission = getattr(view, "permission", None)
        if (
            "GET" not in rule.methods
            or rule.endpoint == "static"
            or rule.rule.startswith("/api/")
            or rule.endpoint in SKIP_ENDPOINTS
            or rule.rule.endswith(SKIP_SUFFIXES)
            or "<secret>" in rule.rule
        ):
            continue
        arguments = set(rule.arguments)
        values, missing = url_values(rule.endpoint, arguments - {"token"}, w)
        if "token" in arguments:
            token = next((t for prefix, t in w.tokens.items() if rule.endpoint.startswith(prefix)), None)
            if token is None:
                continue  # single-use links (sign-in, reset, invitations) are tested in their areas
            values["token"] = token
        if missing:
            continue
        with app.test_request_context():
            pages.append((rule.endpoint, app.url_for(rule.endpoint, **values), permission.kind == "public"))
    return pages


# Who walks: signed out (public pages and a delegate's signed links), a site admin, and each role of
# the seeded event's team, and a delegate with an account. Each sees every page that answers them.
# Every WCAG 2.1 A and AA rule, on each page once per language: English at 1280 px, Thai at 375 px.
# The HTML is the same at both widths (the server does not know the width) and the same template in
# both languages, so each language and each width is checked with every rule once; every page is
# also checked for sideways scrolling at 375 px in both languages.
AXE_RULES = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']"
AXE_AT = {"en": 1280, "th": 375}
WALKERS = (None, "admin", "organizer", "rapporteur", "checkin_staff", "reviewer", "delegate")
_MAIN = re.compile(rb"<main.*</main>", re.S)
_CSRF = re.compile(rb'name="csrf_token"[^>]*value="[^"]*"|value="[^"]*"(?=[^>]*name="csrf_token")')


def fetch_pages(app, w, tmp_path: Path, walker: str | None) -> list[tuple[str, str, Path, bytes]]:
    """Each HTML page `walker` may open, in each language, as a file for vnu:
    (endpoint, address with ?lang=, file, its <main> without CSRF tokens)."""
    fetched = []
    client = app.test_client()
    if walker:
        login(client, SimpleNamespace(email=w.emails[walker]))
    folder = tmp_path / (walker or "signed-out")
    folder.mkdir(exist_ok=True)
    for endpoint, address, public in page_addresses(app, w):
        if walker is None and not public:
            continue
        for language in LANGUAGES:
            url = address + ("&" if "?" in address else "?") + f"lang={language}"
            response = client.get(url)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue  # not theirs to open, a download (CSV template...) or a redirect
            path = folder / f"{len(fetched):03d}-{endpoint}-{language}.html"
            path.write_bytes(response.data)
            fetched.append((endpoint, url, path, _main(response.data)))
    return fetched


def _main(html: bytes) -> bytes:
    found = _MAIN.search(html)
    return _CSRF.sub(b"", found.group(0) if found else html)


# The JVM's quick compiler alone: half the CPU time of the default two-tier compilation for a run
# this short, with the same messages (it is the same checker). It needs a deeper stack than the
# default for the schema's recursion (the checker says so: at least 512k with the default compiler).
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss16m")


def test_every_page_passes_the_nu_html_checker(site):
    jar = _tool(VNU_JAR, "vnu-jar")
    java = shutil.which("java") or pytest.fail("java is needed for the Nu Html Checker")
    fetched = {walker: site.pages(walker) for walker in WALKERS}
    assert len(fetched[None]) > 30 and len(fetched["admin"]) > 100, "the walk found too few pages"
    assert {e for e, *_ in fetched["rapporteur"]} >= {"outcomes.manage", "outcomes.my_queue"}
    assert {e for e, *_ in fetched["checkin_staff"]} >= {"checkin.scanner", "checkin.dashboard"}
    assert "registration.my_registrations" in {e for e, *_ in fetched["delegate"]}
    every = [(walker, url, path) for walker, pages in fetched.items() for _e, url, path, _content in pages]
    result = subprocess.run(
        [
            java,
            *JVM_OPTIONS,
            "-jar",
            str(jar),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            *(str(p) for *_w, p in every),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    by_file = {str(path): f"{walker or 'signed out'} {url}" for walker, url, path in every}
    errors = [
        f"{by_file.get(m['url'].removeprefix('file:'), m['url'])}:{m.get('lastLine')}: {m['message']}"
        for m in json.loads(result.stderr or result.stdout)["messages"]
        if m["type"] == "error"
    ]
    assert not errors, "\n".join(errors)


@pytest.mark.browser
@pytest.mark.parametrize("walker", WALKERS, ids=lambda w: w or "signed-out")
def test_every_page_passes_axe_at_both_widths(site, browser, walker):
    """axe-core on every page the walker may open, but for one whose content (<main>) a walker before
    it in WALKERS was shown exactly: only the header differs, and it is checked on the walker's own
    account page, which every signed-in walker opens."""
    axe = _tool(AXE_JS, "axe-core")
    seen = {(url, main) for earlier in WALKERS[: WALKERS.index(walker)] for _e, url, _p, main in site.pages(earlier)}
    pages = [
        url
        for endpoint, url, _path, main in site.pages(walker)
        if (url, main) not in seen or endpoint == "accounts.account"
    ]
    email = site.world.emails[walker] if walker else None
    violations = []
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, base_url=site.address)
    # axe-core is handed to the browser once and runs in every page it loads: sending its half a
    # megabyte of source over the DevTools protocol with each page cost more than checking the page.
    context.add_init_script(path=axe)
    tab = context.new_page()
    if email:
        tab.goto("/login")
        tab.locator("#email").fill(email)
        tab.locator("#password").fill("correct horse battery")
        tab.locator("form button[type=submit]").last.click()
        tab.wait_for_url("**/account")
    for url in pages:
        axe_width = AXE_AT[url.rsplit("lang=", 1)[1][:2]]
        tab.set_viewport_size({"width": axe_width, "height": 900})
        tab.goto(url)
        found = tab.evaluate(
            f"async () => (await axe.run(document, {{runOnly: {AXE_RULES}, resultTypes: ['violations']}}))"
            ".violations.map(v => `${v.id} (${v.nodes.length}): ${v.nodes[0].target.join(' ')}`)"
        )
        violations += [f"{axe_width}px {url}: {v}" for v in found]
        if axe_width != 375:
            # Narrowed to 375 px, the media queries apply as on a phone; a page that then scrolls
            # sideways is loaded again at 375 px (it may draw a chart for the width it loads at),
            # and that load decides.
            tab.set_viewport_size({"width": 375, "height": 900})
            if tab.evaluate("document.documentElement.scrollWidth") > 375:
                tab.goto(url)
        if tab.evaluate("document.documentElement.scrollWidth") > 375:
            violations.append(f"375px {url}: scrolls sideways")
    context.close()
    assert not violations, "\n".join(violations)
