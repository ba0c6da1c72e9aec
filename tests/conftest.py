"""Shared fixtures: the same suite runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL
(browser tests and tests marked `one_backend` on SQLite only: see pytest_collection_modifyitems).

Without TEST_DATABASE_URL the PostgreSQL variants are collected and skipped, with the reason, never
left out silently. In CI (CI set) TEST_DATABASE_URL is required and any skipped test fails the run.

Each backend is migrated once per test run with the real Alembic migrations (never create_all),
so every test also proves the migrations work. On PostgreSQL each run gets its own fresh database
(created from TEST_DATABASE_URL's server, dropped at the end), so concurrent runs never collide.
"""

from __future__ import annotations

import os
import shutil
import smtplib
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

import jinja2
import pytest
import sqlalchemy as sa
from flask import current_app
from werkzeug.routing.rules import Rule
from werkzeug.security import generate_password_hash

from eventsys import create_app
from eventsys.accounts import models as account_models
from eventsys.accounts import services as account_services
from eventsys.config import PROJECT_ROOT

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
IN_CI = bool(os.environ.get("CI"))
# Every test on the database runs once per backend. Without TEST_DATABASE_URL the PostgreSQL
# variants are still collected and reported as skipped with this reason (`pytest -ra` lists them),
# so a run without PostgreSQL says what it left out; in CI that is an error, and so is any skip.
BACKENDS = ["sqlite", "postgresql"]
POSTGRESQL_SKIP_REASON = "PostgreSQL variant: set TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test to run it"


def pytest_configure(config):
    if IN_CI and not TEST_DATABASE_URL:
        raise pytest.UsageError("CI must test PostgreSQL too: set TEST_DATABASE_URL.")
    # With xdist the workers send every report to the controller, which alone (no `workerinput`)
    # decides the exit status and prints the summary.
    if IN_CI and not hasattr(config, "workerinput"):
        config.pluginmanager.register(NoSkipsInCI(), "eventsys-no-skips-in-ci")


def pytest_collection_modifyitems(config, items):
    """Tests marked `one_backend` check what the database cannot change (the HTML of every page
    through the validators), and browser tests drive pages whose server side the test-client tests
    prove on both databases: their PostgreSQL variant is deselected (CI accepts that; a skip fails it).
    Tests marked `postgresql_only` lose their SQLite variant instead: another process shares the
    database, or they throw hostile input at every route, where PostgreSQL is the stricter (int4
    bounds, NUL in text) and the one production runs. Without TEST_DATABASE_URL their PostgreSQL
    variant is skipped with the suite's usual reason. It keeps CI within its 15 minutes."""
    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        one_backend = (
            item.get_closest_marker("one_backend") is not None or item.get_closest_marker("browser") is not None
        )
        database = params.get("database")
        drop = (one_backend and database == "postgresql") or (
            item.get_closest_marker("postgresql_only") is not None and database == "sqlite"
        )
        (dropped if drop else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def _skip_postgresql_variant() -> None:
    pytest.skip(POSTGRESQL_SKIP_REASON)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Report the PostgreSQL variants' skips at one place, so `-ra` folds them into one line with
    their count ("SKIPPED [473] tests/conftest.py:45: PostgreSQL variant: ...") instead of hundreds."""
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple) and report.longrepr[2].endswith(POSTGRESQL_SKIP_REASON):
        report.longrepr = (__file__, _skip_postgresql_variant.__code__.co_firstlineno + 1, report.longrepr[2])
    return report


class NoSkipsInCI:
    """In CI a skipped test is a failure: what CI did not run, it did not prove."""

    def __init__(self) -> None:
        self.skipped: list[str] = []

    def _note(self, report) -> None:
        if report.skipped and not hasattr(report, "wasxfail"):
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            self.skipped.append(f"{report.nodeid or report.fspath}: {reason.removeprefix('Skipped: ')}")

    def pytest_runtest_logreport(self, report) -> None:
        self._note(report)

    def pytest_collectreport(self, report) -> None:
        self._note(report)

    def pytest_sessionfinish(self, session) -> None:
        if self.skipped and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.skipped:
            terminalreporter.write_sep(
                "=", f"CI fails: {len(self.skipped)} skipped (CI must run every test)", red=True, bold=True
            )
            for line in self.skipped:
                terminalreporter.write_line(f"SKIPPED {line}")


# --- one app per test, made cheaply --------------------------------------------------------
# Every test gets a fresh app (below), about 2,500 apps a CI run. What making and using one costs
# without depending on the app (compiled templates and URL builders) each worker pays once, not
# once per test; and the tests hash passwords cheaply. docs/testing.md, "Keeping the suite fast".


class SharedTemplateCode(jinja2.BytecodeCache):
    """Compiled templates, kept in memory and shared by every test app of this process.

    Each app has its own Jinja environment, so without this every test compiled again each template
    it rendered. Jinja checks the template's source against the checksum stored with its code, and
    the test apps' environments are alike (one create_app), so what is shared is what each would
    have compiled; filters and globals are still looked up in the rendering app's environment."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = SharedTemplateCode()

# Password hashes: werkzeug's scrypt costs about 0.1 s of CPU a hash or a check, by design, and the
# tests make and sign in thousands of accounts (every `make.user`, every `login`). They use a cheap
# method, in the whole process and for the sign-in's decoy hash too (accounts.services), so a known
# and an unknown address still cost one check of the same method (tests/accounts/test_sessions.py).
# Each hash is still salted and checked for real: the tests prove who gets in, not scrypt's cost.
TEST_PASSWORD_HASH = "pbkdf2:sha256:1000"


def _quick_password_hash(password: str) -> str:
    return generate_password_hash(password, method=TEST_PASSWORD_HASH)


account_models.generate_password_hash = _quick_password_hash
account_services.generate_password_hash = _quick_password_hash

# Werkzeug compiles two URL-building functions for each route as the app adds it (ast, then
# compile): two thirds of create_app, for code that is the same in every app. This keeps each
# function once per process. The key is everything Rule._compile_builder reads (werkzeug 3.1):
# the rule text (the function's name), its parsed parts, its defaults (resolved as it resolves them)
# and which of the two functions; `url_builders_match_werkzeug` checks, once per worker, that every
# route of the app gets exactly the code werkzeug itself compiles.
_compile_url_builder = Rule._compile_builder
_url_builders: dict[tuple, object] = {}


def _url_builder_key(rule: Rule, append_unknown: bool) -> tuple:
    dynamic = {name for is_dynamic, name in rule._trace if is_dynamic}
    defaults = tuple(
        (name, rule._converters[name].to_url(value) if name in dynamic else None)
        for name, value in (rule.defaults or {}).items()
    )
    return (rule.rule, tuple(rule._trace), defaults, append_unknown)


def _compile_url_builder_once(self: Rule, append_unknown: bool = True):
    key = _url_builder_key(self, append_unknown)
    if key not in _url_builders:
        _url_builders[key] = _compile_url_builder(self, append_unknown)
    return _url_builders[key]


Rule._compile_builder = _compile_url_builder_once


def url_builders_match_werkzeug(app) -> None:
    for rule in app.url_map.iter_rules():
        for append_unknown, built in ((False, rule._build), (True, rule._build_unknown)):
            own = _compile_url_builder(rule, append_unknown)
            if (built.__func__.__code__, built.__defaults__) != (own.__code__, own.__defaults__):
                raise AssertionError(
                    f"tests/conftest.py: the kept URL builder of {rule.rule!r} is not werkzeug's: "
                    "check _url_builder_key against this werkzeug's Rule._compile_builder"
                )


def _migrate(url: str, tmp: Path) -> None:
    from flask_migrate import upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp), "TESTING": True})
    url_builders_match_werkzeug(app)
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"), revision="heads")
        from eventsys.db import db

        db.engine.dispose()


def _psycopg_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


@pytest.fixture(scope="session")
def migrated_databases(tmp_path_factory):
    """Each backend's migrated database, made the first time a test asks for it and kept to the end
    of the run (PostgreSQL's then dropped).

    `database` is parametrized, and pytest keeps one parameter of a session fixture at a time: a
    worker that goes from SQLite tests to PostgreSQL ones (xdist hands out thirds of the suite in
    order, all SQLite variants first, and a worker that runs dry takes tests from another's end)
    tore down the one and set up the other, migrating again at every switch, some 60 switches of
    5 to 10 s each in a CI run. Kept here, each backend is still migrated once per worker."""
    made: dict[str, dict] = {}
    drops: list = []
    yield made, drops
    for drop in drops:
        drop()


def _make_database(backend: str, tmp_path_factory) -> tuple[dict, object]:
    """A migrated database of `backend` and what drops it at the end of the run (or None)."""
    tmp = tmp_path_factory.mktemp(f"db-{backend}")
    if backend == "sqlite":
        template = tmp / "template.db"
        _migrate(f"sqlite:///{template}", tmp)
        return {"backend": "sqlite", "template": template}, None
    server = sa.make_url(_psycopg_url(TEST_DATABASE_URL))
    name = f"eventsys_t_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    except sa.exc.OperationalError as exc:
        pytest.fail(f"TEST_DATABASE_URL is set but PostgreSQL is not reachable: {exc}")

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        _migrate(url, tmp)
    except BaseException:
        drop()
        raise
    return {"backend": "postgresql", "url": url}, drop


@pytest.fixture(scope="session", params=BACKENDS)
def database(request, tmp_path_factory, migrated_databases):
    """A migrated database for this run: ('sqlite', template file) or ('postgresql', url)."""
    if request.param == "postgresql" and not TEST_DATABASE_URL:
        _skip_postgresql_variant()
    made, drops = migrated_databases
    if request.param not in made:
        made[request.param], drop = _make_database(request.param, tmp_path_factory)
        if drop is not None:
            drops.append(drop)
    return made[request.param]


# The tables' id sequences a test moved on (a rolled-back insert too), set back to their start, as
# TRUNCATE ... RESTART IDENTITY does: each table's ids start at 1 again, as in a fresh SQLite copy.
_RESTART_MOVED_SEQUENCES = """
SELECT setval(seq.oid, used.start_value, false) FROM pg_sequences AS used
JOIN pg_class AS seq ON seq.relname = used.sequencename AND seq.relnamespace = used.schemaname::regnamespace
JOIN pg_depend AS owned ON owned.objid = seq.oid AND owned.classid = 'pg_class'::regclass
    AND owned.refclassid = 'pg_class'::regclass AND owned.deptype IN ('a', 'i')
WHERE used.last_value IS NOT NULL
"""


def _truncate_all(engine) -> None:
    """Make the database as clean as it was after the migrations, ids restarting at 1.

    Not one TRUNCATE of every table: on PostgreSQL that makes new files for each of the 53 tables
    and took 0.5 to 1 s after every test. A test leaves rows in a few tables: those are emptied,
    children first (no table has triggers), and the moved sequences restarted."""
    from eventsys.db import db

    tables = [t.name for t in db.metadata.sorted_tables]
    with_rows = " UNION ALL ".join(f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM \"{t}\")" for t in tables)
    with engine.begin() as conn:
        filled = set(conn.exec_driver_sql(with_rows).scalars())
        for table in reversed(tables):
            if table in filled:
                conn.exec_driver_sql(f'DELETE FROM "{table}"')
        conn.exec_driver_sql(_RESTART_MOVED_SEQUENCES)


# The modules whose shared world (one app for all their tests, as `demo_site` makes) is live now.
SHARED_WORLDS: list[str] = []


@contextmanager
def fresh_app(database, folder: Path, monkeypatch: pytest.MonkeyPatch, *, csrf: bool = False):
    """A new app on a clean copy of `database`, its files in `folder`, with its app context pushed:
    the `app` fixture's, and a module's shared app where its tests only read (tests/a11y)."""
    if database["backend"] == "postgresql" and SHARED_WORLDS:
        # One PostgreSQL database per run and backend: an app made beside a live shared world would
        # see its rows, and empty them when it ends.
        raise AssertionError(f"a test of {SHARED_WORLDS[-1]} asked for its own app beside the module's shared world")
    if database["backend"] == "sqlite":
        path = folder / "test.db"
        shutil.copy(database["template"], path)
        url = f"sqlite:///{path}"
    else:
        url = database["url"]

    def no_real_mail(*args, **kwargs):
        raise AssertionError("a test tried to open an SMTP connection")

    monkeypatch.setattr(smtplib, "SMTP", no_real_mail)
    monkeypatch.setattr(smtplib, "SMTP_SSL", no_real_mail)
    application = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": str(folder / "instance"),
            "WTF_CSRF_ENABLED": csrf,
            "SECRET_KEY": "test-secret",
            "REDIS_URL": None,
            "MAIL_SERVER": None,
            "RATELIMIT_STORAGE_URI": "memory://",
            "BASE_URL": "http://localhost",
            "SERVER_NAME": None,
        }
    )
    application.jinja_env.bytecode_cache = TEMPLATE_CODE

    @application.before_request
    def fresh_login_state():
        # Tests keep one app context open, which Flask reuses for every test-client request;
        # in production each request has its own `g` (signed-in user, chosen locale), so start
        # each request with an empty one here too.
        from flask import g

        g.__dict__.clear()

    ctx = application.app_context()
    ctx.push()
    yield application
    from eventsys.db import db
    from eventsys.jobs import background

    # A test that ran jobs in the web process's own runner leaves no thread behind: a keeper still
    # beating would reach a later test's database through the patched sessions of permission_walk.
    background.shutdown(application)
    db.session.remove()
    if database["backend"] == "postgresql":
        _truncate_all(db.engine)
    db.engine.dispose()
    ctx.pop()


def leave_mail_queued(monkeypatch) -> list[str]:
    """Mail the app queues stays queued: delivering the outbox (`deliver_due`, which the app runs at the
    end of a test's request) is recorded as asked for, in the list returned, and not run.

    Delivery builds each message, with its attachments made at delivery (a ticket or a letter: a PDF
    each), and what it does is swallowed into the log if it fails, so a test that does not look at
    delivered mail only paid for it: an eighth of the registration tests' time. What a delivered mail
    holds is tested where it is looked at, in the tests marked `delivers_mail`."""
    from eventsys.mail import services as mail_services

    asked: list[str] = []

    def deliver_later(limit: int = 200, job=None) -> dict:
        asked.append("deliver_due")
        return {"sent": 0, "failed": 0}

    monkeypatch.setattr(mail_services, "deliver_due", deliver_later)
    return asked


@pytest.fixture
def app(database, tmp_path, request, monkeypatch):
    """A fresh app on a clean database. Mark a test `@pytest.mark.csrf` to keep CSRF checks on, and
    `@pytest.mark.delivers_mail` to have the mail it queues delivered (else it stays queued)."""
    with fresh_app(database, tmp_path, monkeypatch, csrf=request.node.get_closest_marker("csrf") is not None) as made:
        if request.node.get_closest_marker("delivers_mail") is None:
            made.extensions["tests.deliveries"] = leave_mail_queued(monkeypatch)
        yield made


@pytest.fixture
def db(app):
    from eventsys.db import db as database

    return database


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def seeded(app):
    """The real ASCN demo data, as `flask seed-demo` loads it."""
    from eventsys.demo.seed import seed_demo

    seed_demo()
    return app


def row_counts() -> dict[str, int]:
    from eventsys.db import db as database

    tables = database.metadata.sorted_tables
    counts = " UNION ALL ".join(f"SELECT '{t.name}', COUNT(*) FROM \"{t.name}\"" for t in tables)
    return dict(database.session.execute(sa.text(counts)).all())


@contextmanager
def shared_world(module: str):
    """Marks the current app's data as the module's shared world: its rows are counted (`demo`
    checks that no test added or deleted one) and, on PostgreSQL, no other app may be made beside it."""
    from eventsys.db import db as database_session

    database_session.session.commit()
    current_app.extensions["tests.demo_rows"] = row_counts()
    database_session.session.remove()
    SHARED_WORLDS.append(module)
    try:
        yield
    finally:
        SHARED_WORLDS.remove(module)


@pytest.fixture(scope="module")
def demo_site(request, database, tmp_path_factory):
    """The demo data seeded once for a module whose tests only read it (queries and GETs), with its
    app's context pushed: `demo` and `demo_client` give it to a test. A test that writes asks for
    `seeded`, which seeds a fresh app of its own. docs/testing.md, "Shared read-only worlds"."""
    from eventsys.demo.seed import seed_demo

    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as monkeypatch, fresh_app(database, folder, monkeypatch) as made:
        seed_demo()
        with shared_world(request.module.__name__):
            yield made


@pytest.fixture
def demo(demo_site):
    """The module's shared demo app (`demo_site`); fails the test that added or deleted a row in it."""
    from eventsys.db import db as database_session

    yield demo_site
    database_session.session.rollback()
    try:
        assert row_counts() == demo_site.extensions["tests.demo_rows"], "a test of the shared demo wrote to it"
    finally:
        database_session.session.remove()


@pytest.fixture
def demo_client(demo):
    """A test client (its own cookies) of the module's shared demo app."""
    return demo.test_client()


@pytest.fixture
def make(app):
    from tests import factories

    return factories


@pytest.fixture
def admin_user(make):
    return make.user(email="admin@example.org", name="Site Admin", is_admin=True)


def login(client, user, password: str = "correct horse battery") -> None:
    response = client.post("/login", data={"email": user.email, "password": password})
    assert (response.status_code, response.headers.get("Location")) == (302, "/account"), response.get_data(
        as_text=True
    )[:500]


@pytest.fixture
def admin_client(client, admin_user):
    login(client, admin_user)
    return client


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counter: ...; counter.count` counts SQL statements sent."""
    from eventsys.db import db as database

    @contextmanager
    def counting():
        class Counter:
            count = 0
            statements: ClassVar[list[str]] = []

        counter = Counter()
        counter.statements = []

        def before(conn, cursor, statement, parameters, context, executemany):
            if statement.strip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE", "PRAGMA")):
                return
            counter.count += 1
            counter.statements.append(statement)

        sa.event.listen(database.engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            sa.event.remove(database.engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def outbox(app):
    """The mails queued so far, newest last."""
    from eventsys.mail.models import OutboxMail

    def mails():
        from eventsys.db import db as database

        return database.session.scalars(sa.select(OutboxMail).order_by(OutboxMail.id)).all()

    return mails


# --- browser tests ---------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
# Flags for this machine's closed network (see the env notes): no background connections at all.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@contextmanager
def serving(app):
    """`app` served on a free loopback port in a background thread; yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def live_server(app):
    """The test app served on a free loopback port in a background thread; yields its base URL.

    Commit (or remove the session) before the browser acts: on SQLite an open transaction in
    the test thread holds the write lock the server thread needs.
    """
    from eventsys.db import db as database

    database.session.commit()
    with serving(app) as address:
        yield address


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", base_url=live_server)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
