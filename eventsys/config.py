"""Configuration, read from environment variables (documented in README.md)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    pass


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_config(overrides: dict | None = None) -> dict:
    env = os.environ
    overrides = overrides or {}
    instance = Path(overrides.get("INSTANCE_PATH") or env.get("EVENTSYS_INSTANCE_PATH") or PROJECT_ROOT / "instance")
    environment = overrides.get("ENV") or env.get("EVENTSYS_ENV", "development")
    secret = overrides.get("SECRET_KEY") or env.get("SECRET_KEY")
    if not secret:
        if environment == "production":
            raise ConfigError("SECRET_KEY must be set when EVENTSYS_ENV=production; refusing to start.")
        secret = "dev-only-secret-key-not-for-production"
    cfg = {
        "ENV": environment,
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL") or f"sqlite:///{instance / 'eventsys.db'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": env.get("REDIS_URL") or None,
        "BASE_URL": (env.get("EVENTSYS_BASE_URL") or "http://127.0.0.1:5000").rstrip("/"),
        "MAIL_SERVER": env.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(env.get("MAIL_PORT") or 25),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _bool(env.get("MAIL_USE_TLS")),
        "MAIL_USE_SSL": _bool(env.get("MAIL_USE_SSL")),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER") or "ASCN eventsys <no-reply@eventsys.local>",
        "MAIL_DIR": str(instance / "mail"),
        "MAIL_MAX_ATTEMPTS": int(env.get("MAIL_MAX_ATTEMPTS") or 8),
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT") or "10 per minute",
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or env.get("REDIS_URL") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "PASSWORD_RESET_MAX_AGE": int(env.get("PASSWORD_RESET_MAX_AGE") or 3600),
        "PDF_WORKERS": int(env.get("PDF_WORKERS") or 0),  # 0: one per CPU, at most 4
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Bangkok",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "eventsys" / "translations"),
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": environment == "production",
        "PREFERRED_URL_SCHEME": "https" if environment == "production" else "http",
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
    }
    cfg.update(overrides)
    return cfg
