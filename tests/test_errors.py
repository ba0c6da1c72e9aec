import logging
import sqlite3

import psycopg
import psycopg.errors
import pytest


def test_500_is_a_friendly_page_and_json_under_api(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    @app.get("/api/v1/boom")
    def api_boom():
        raise RuntimeError("kaboom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom?lang=en")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert "kaboom" not in response.get_data(as_text=True)
    response = client.get("/api/v1/boom")
    assert response.status_code == 500
    assert response.get_json() == {
        "error": "server_error",
        "message": "An unexpected error happened on our side. It has been logged; please try again in a moment.",
        "status": 500,
    }


def test_403_page_in_thai(app, client):
    from flask import abort

    @app.get("/forbidden")
    def forbidden():
        abort(403)

    response = client.get("/forbidden?lang=th")
    assert response.status_code == 403
    assert "ไม่ได้รับอนุญาต" in response.get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


# The database out of reach: what psycopg and sqlite3 raise when the server refuses the connection,
# shuts down under a request, is starting up, or when SQLite's file cannot be opened or stays locked
# by another writer past the busy timeout.
UNREACHABLE = {
    "refused": lambda: psycopg.OperationalError(
        'connection failed: connection to server at "10.9.8.7", port 5432 failed: Connection refused'
    ),
    "closed": lambda: psycopg.OperationalError("consuming input failed: server closed the connection unexpectedly"),
    "admin_shutdown": lambda: psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
    "starting_up": lambda: psycopg.errors.CannotConnectNow("the database system is starting up"),
    "sqlite_file": lambda: sqlite3.OperationalError("unable to open database file"),
    "sqlite_locked": lambda: sqlite3.OperationalError("database is locked"),
}


def _database_routes(app, driver_error):
    """/api/v1/db-down and /db-down: each reads the database (a connection taken from the pool),
    then fails as a driver would when the server goes away; the connection it held is recorded."""
    from sqlalchemy import exc, text

    from eventsys.db import db

    held = []

    def fail():
        db.session.execute(text("SELECT 1"))
        held.append(db.session.connection().connection.dbapi_connection)
        raise exc.OperationalError("SELECT 1", {}, driver_error())

    app.add_url_rule("/api/v1/db-down", "api_db_down", fail)
    app.add_url_rule("/db-down", "db_down", fail)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return held


def _closed(dbapi_connection) -> bool:
    if isinstance(dbapi_connection, sqlite3.Connection):
        try:
            dbapi_connection.execute("SELECT 1")
        except sqlite3.ProgrammingError:  # "Cannot operate on a closed database."
            return True
        return False
    return dbapi_connection.closed


# What the database says about a statement: bugs, never "unavailable".
REFUSED_STATEMENT = {
    "undefined_table": lambda: psycopg.errors.UndefinedTable('relation "no_such_table" does not exist'),
    "unique_violation": lambda: psycopg.errors.UniqueViolation("duplicate key value violates unique constraint"),
    "deadlock": lambda: psycopg.errors.DeadlockDetected("deadlock detected"),
    "sqlite_no_table": lambda: sqlite3.OperationalError("no such table: no_such_table"),
}


@pytest.mark.parametrize("cause", sorted(UNREACHABLE))
def test_what_counts_as_the_database_out_of_reach(cause):
    from sqlalchemy import exc

    from eventsys.errors import database_unavailable

    assert database_unavailable(exc.OperationalError("SELECT 1", {}, UNREACHABLE[cause]()))
    # Wrapped by a service in an error of its own, too.
    try:
        try:
            raise exc.OperationalError("SELECT 1", {}, UNREACHABLE[cause]())
        except exc.OperationalError as driver_error:
            raise RuntimeError("could not save the registration") from driver_error
    except RuntimeError as wrapped:
        assert database_unavailable(wrapped)


@pytest.mark.parametrize("cause", sorted(REFUSED_STATEMENT))
def test_a_refused_statement_is_not_the_database_out_of_reach(cause):
    from sqlalchemy import exc

    from eventsys.errors import database_unavailable

    assert not database_unavailable(exc.DBAPIError("SELECT 1", {}, REFUSED_STATEMENT[cause]()))
    assert not database_unavailable(RuntimeError("connection refused"))  # not the database's


def test_database_out_of_reach_is_a_503_to_retry_and_its_connection_is_discarded(app, client, caplog):
    held = _database_routes(app, UNREACHABLE["refused"])
    with caplog.at_level(logging.WARNING, logger="eventsys.errors"):
        response = client.get("/api/v1/db-down")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.get_json() == {
        "error": "unavailable",
        "message": "The service is briefly unavailable; please try again in a moment.",
        "status": 503,
    }
    assert "10.9.8.7" not in response.get_data(as_text=True)
    # One warning line, without a traceback (an outage is not a bug to debug).
    logged = [(r.levelname, r.exc_info, r.getMessage()) for r in caplog.records if r.name == "eventsys.errors"]
    assert [(level, exc_info) for level, exc_info, _ in logged] == [("WARNING", None)]
    assert logged[0][2].startswith("database unavailable on GET /api/v1/db-down: ")
    # The connection the failure left behind was closed, not put back in the pool; the next
    # request opens another and is served.
    assert _closed(held[0])
    assert client.get("/api/v1/events").status_code == 200

    page = client.get("/db-down?lang=en")
    assert (page.status_code, page.headers["Retry-After"]) == (503, "5")
    text = page.get_data(as_text=True)
    assert "Briefly unavailable" in text
    assert "The service is briefly unavailable; please try again in a moment." in text


def test_a_wrong_statement_is_still_a_500(app, client, caplog):
    """Only an unreachable database is a 503: SQL the database refuses (a table that does not exist:
    SQLite's OperationalError, PostgreSQL's ProgrammingError) is a bug, answered 500 and logged with
    its traceback."""
    from sqlalchemy import text

    from eventsys.db import db

    @app.get("/api/v1/bad-sql")
    def bad_sql():
        db.session.execute(text("SELECT * FROM no_such_table"))

    app.config["PROPAGATE_EXCEPTIONS"] = False
    with caplog.at_level(logging.WARNING, logger="eventsys.errors"):
        response = client.get("/api/v1/bad-sql")
    assert (response.status_code, response.get_json()["error"]) == (500, "server_error")
    assert "Retry-After" not in response.headers
    assert [(r.levelname, r.exc_info is not None) for r in caplog.records if r.name == "eventsys.errors"] == [
        ("ERROR", True)
    ]


def test_a_signed_in_person_gets_the_same_503_page_and_stays_signed_in(app, client, admin_user, monkeypatch):
    """Who is signed in is read from the database too: the 503 page is drawn as for a visitor (its
    menu asking again would fail inside the handler, a bare 500), and the person is still signed in
    once the database is back."""
    from sqlalchemy import exc

    from eventsys.accounts import sessions
    from tests.conftest import login

    login(client, admin_user)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    load = sessions.load

    def refuse(cookie_id):
        raise exc.OperationalError("SELECT 1", {}, UNREACHABLE["refused"]())

    monkeypatch.setattr(sessions, "load", refuse)
    page = client.get("/?lang=en")
    assert (page.status_code, page.headers["Retry-After"]) == (503, "5")
    assert "The service is briefly unavailable; please try again in a moment." in page.get_data(as_text=True)

    monkeypatch.setattr(sessions, "load", load)
    account = client.get("/account?lang=en")
    assert account.status_code == 200
    assert admin_user.email in account.get_data(as_text=True)


def test_the_rate_limiter_puts_retry_after_only_on_its_own_429(app, client, make, monkeypatch):
    """Flask-Limiter (headers on) adds its window's reset as Retry-After to every answer of a limited
    endpoint: on a 200 it asks nobody to retry, and it raised a 503's 5 s to the window's end."""
    from sqlalchemy import exc

    from eventsys.accounts import services

    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    app.config["PROPAGATE_EXCEPTIONS"] = False
    make.user(email="target@example.org")
    attempt = {"email": "target@example.org", "password": "bad"}
    wrong = client.post("/login?lang=en", data=attempt)
    assert (wrong.status_code, "Retry-After" in wrong.headers) == (200, False)

    authenticate = services.authenticate

    def unreachable(*args):
        raise exc.OperationalError("SELECT 1", {}, UNREACHABLE["refused"]())

    monkeypatch.setattr(services, "authenticate", unreachable)
    down = client.post("/login?lang=en", data=attempt)
    assert (down.status_code, down.headers["Retry-After"]) == (503, "5")

    monkeypatch.setattr(services, "authenticate", authenticate)
    assert client.post("/login?lang=en", data=attempt).status_code == 200
    limited = client.post("/login?lang=en", data=attempt)
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
