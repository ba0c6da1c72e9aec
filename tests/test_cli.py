"""The flask commands a person types, run through Flask's CLI runner."""

from eventsys.accounts.models import User
from eventsys.db import db


def test_create_admin_creates_then_resets_with_a_printed_password(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-admin", "Chair@ASCN.example"])
    assert result.exit_code == 0, result.output
    lines = dict(line.split(": ", 1) for line in result.output.strip().splitlines())
    assert lines["Admin"] == "chair@ascn.example"
    user = User.by_email("chair@ascn.example")
    assert user.is_admin and user.check_password(lines["Password"])

    again = runner.invoke(args=["create-admin", "chair@ascn.example"])
    new_password = dict(line.split(": ", 1) for line in again.output.strip().splitlines())["Password"]
    db.session.expire_all()
    assert new_password != lines["Password"]
    assert user.check_password(new_password) and not user.check_password(lines["Password"])
    assert db.session.query(User).count() == 1


def test_create_token_prints_a_working_token_with_read_scope_by_default(app, make):
    make.user(email="kiosk@example.org")
    result = app.test_cli_runner().invoke(args=["create-token", "kiosk@example.org"])
    assert result.exit_code == 0
    secret = result.stdout.strip()
    from eventsys.accounts.tokens import authenticate

    token = authenticate(secret)
    assert (token.user.email, token.scopes) == ("kiosk@example.org", "read outcomes")
    assert "Scopes: read, outcomes; expires" in result.stderr


def test_create_token_for_unknown_account_is_a_clear_error(app):
    result = app.test_cli_runner().invoke(args=["create-token", "ghost@example.org"])
    assert result.exit_code != 0
    assert "No account for ghost@example.org" in result.output


def test_ensure_admin_prints_the_first_login_and_keeps_printing_it_until_changed(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["ensure-admin"]).output
    assert "admin@ascn.example.org" in first
    password = first.split("password: ")[1].split()[0]
    assert User.by_email("admin@ascn.example.org").check_password(password)
    second = runner.invoke(args=["ensure-admin"]).output
    assert f"password: {password}" in second
    User.by_email("admin@ascn.example.org").set_password("changed by the admin")
    db.session.commit()
    third = runner.invoke(args=["ensure-admin"]).output
    assert password not in third
    assert "create-admin admin@ascn.example.org" in third
    assert db.session.query(User).count() == 1


def test_worker_without_redis_says_why(app):
    result = app.test_cli_runner().invoke(args=["worker"])
    assert result.exit_code != 0
    assert "REDIS_URL is not set" in result.output
