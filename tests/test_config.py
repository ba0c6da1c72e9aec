import pytest

from eventsys import create_app
from eventsys.config import ConfigError


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("EVENTSYS_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_database_defaults_to_a_sqlite_file_under_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("EVENTSYS_ENV", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'eventsys.db'}"


def test_environment_variables_configure_the_app(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@db/eventsys")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("EVENTSYS_BASE_URL", "https://events.ascn.example/")
    monkeypatch.setenv("MAIL_SERVER", "smtp.ascn.example")
    monkeypatch.setenv("MAIL_PORT", "587")
    monkeypatch.setenv("MAIL_USE_TLS", "true")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/eventsys"
    assert app.config["REDIS_URL"] == "redis://127.0.0.1:6379/3"
    assert app.config["BASE_URL"] == "https://events.ascn.example"
    assert (app.config["MAIL_SERVER"], app.config["MAIL_PORT"], app.config["MAIL_USE_TLS"]) == (
        "smtp.ascn.example",
        587,
        True,
    )
