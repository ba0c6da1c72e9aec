"""Configuration, read from environment variables (documented in README.md)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    pass


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError as exc:
        raise ConfigError(f"expected a whole number, got {value!r}") from exc


def _limiter_storage_options(uri: str) -> dict:
    """Short socket timeouts for a Redis rate-limit store: when Redis is down or unreachable the
    limiter falls back to memory after at most a second, instead of holding the request."""
    if uri.startswith(("redis://", "rediss://", "redis+unix://")):
        return {"socket_connect_timeout": 1, "socket_timeout": 1}
    return {}


def _database_url(value: str | None, instance: Path) -> str:
    """DATABASE_URL, with plain `postgresql://` meaning the psycopg 3 driver eventsys installs
    (SQLAlchemy would otherwise look for psycopg2)."""
    if not value:
        return f"sqlite:///{instance / 'eventsys.db'}"
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def _data_encryption_keys(value: str | None, secret: str, environment: str) -> str:
    """DATA_ENCRYPTION_KEYS: comma-separated Fernet keys (eventsys/crypto.py), the first encrypts.

    Required in production. Elsewhere, unset, one key is derived from SECRET_KEY with HKDF, so that a
    development or test site works out of the box; that is for development only, because then the
    encrypted passport details are no safer than SECRET_KEY, which a site must be able to rotate (and
    share with every server) without losing the data it encrypted."""
    import base64

    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    if not value:
        if environment == "production":
            raise ConfigError(
                "DATA_ENCRYPTION_KEYS must be set when EVENTSYS_ENV=production (make one with "
                "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`)."
            )
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"eventsys data encryption (dev)")
        return base64.urlsafe_b64encode(derived.derive(secret.encode("utf-8"))).decode("ascii")
    keys = [key.strip() for key in value.split(",") if key.strip()]
    for key in keys:
        try:
            Fernet(key.encode("ascii"))
        except (ValueError, UnicodeError) as exc:
            raise ConfigError("DATA_ENCRYPTION_KEYS: each key must be a Fernet key (44 characters).") from exc
    if not keys:
        raise ConfigError("DATA_ENCRYPTION_KEYS holds no key.")
    return ",".join(keys)


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
    production = environment == "production"
    cfg = {
        "ENV": environment,
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": _database_url(env.get("DATABASE_URL"), instance),
        # No pool_pre_ping: eventsys.db.ping_idle_connections checks the connections that sat idle.
        "SQLALCHEMY_ENGINE_OPTIONS": {},
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
        # Rate limits (Flask-Limiter syntax). Per client address: LOGIN_ (sign-in, password reset,
        # the delegates' sign-in link) and REGISTRATION_ (registration form and API). Per targeted
        # account, keyed on the submitted e-mail whatever the address, so that guesses spread over
        # many addresses are stopped too: ACCOUNT_ (failed sign-ins, reset and link requests) and
        # REGISTRATION_ACCOUNT_ (registrations).
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT") or "10 per minute",
        "REGISTRATION_RATE_LIMIT": env.get("REGISTRATION_RATE_LIMIT") or "60 per minute",
        "ACCOUNT_RATE_LIMIT": env.get("ACCOUNT_RATE_LIMIT") or "10 per hour",
        "REGISTRATION_ACCOUNT_RATE_LIMIT": env.get("REGISTRATION_ACCOUNT_RATE_LIMIT") or "10 per hour",
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or env.get("REDIS_URL") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # The limiter fails open: with its store (Redis) down it logs a warning and counts in this
        # process's memory until the store answers again; any other storage error is logged, never a 500.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are believed
        # (ProxyFix). 0: none, the TCP peer is the client. Behind the documented nginx: 1.
        "TRUSTED_PROXIES": _int(env.get("TRUSTED_PROXIES"), 0),
        # Strict-Transport-Security (a year, subdomains too): production only, where TLS is required.
        "HSTS_ENABLED": production,
        # Keys of the personal data encrypted at rest (visa letter requests): eventsys/crypto.py.
        "DATA_ENCRYPTION_KEYS": _data_encryption_keys(
            overrides.get("DATA_ENCRYPTION_KEYS") or env.get("DATA_ENCRYPTION_KEYS"), secret, environment
        ),
        "PASSWORD_RESET_MAX_AGE": int(env.get("PASSWORD_RESET_MAX_AGE") or 3600),
        "PDF_WORKERS": int(env.get("PDF_WORKERS") or 0),  # 0: one per CPU, at most 4
        # Background jobs (eventsys/jobs). JOBS_QUEUE: the RQ queue (sites sharing one Redis keep apart).
        # JOBS_THREADS: a web process's own runner (no Redis, or Redis down). A running job's worker
        # renews its lease every JOBS_HEARTBEAT_SECONDS; one not renewed for JOBS_LEASE_SECONDS was
        # abandoned (worker killed, machine lost): the reaper, every JOBS_REAP_SECONDS on the workers and
        # web runners, retries or fails it (40 + 15 s: found within a minute). JOBS_TIMEOUT: the longest
        # a job may run on RQ. MAIL_RETRY_SECONDS: how often the workers retry mail not yet delivered.
        # JOBS_INLINE stays unset here: unset, jobs run inside the request only in tests (TESTING).
        "JOBS_QUEUE": env.get("JOBS_QUEUE") or "eventsys",
        "JOBS_THREADS": _int(env.get("JOBS_THREADS"), 2),
        "JOBS_HEARTBEAT_SECONDS": float(env.get("JOBS_HEARTBEAT_SECONDS") or 10),
        "JOBS_LEASE_SECONDS": float(env.get("JOBS_LEASE_SECONDS") or 40),
        "JOBS_REAP_SECONDS": float(env.get("JOBS_REAP_SECONDS") or 15),
        "JOBS_TIMEOUT": _int(env.get("JOBS_TIMEOUT"), 3600),
        "MAIL_RETRY_SECONDS": float(env.get("MAIL_RETRY_SECONDS") or 30),
        # Generated files (proceedings books, badge sheets, import uploads, backups' files): a folder
        # every app server and worker shares (NFS, a mounted volume); development mails stay in instance.
        "STORAGE_PATH": str(overrides.get("STORAGE_PATH") or env.get("STORAGE_PATH") or instance),
        # Operations (docs/operations.md): request logs as JSON lines (production) or readable text,
        # who may read /metrics besides the loopback address, and /readyz's deadline per check.
        "LOG_FORMAT": (env.get("LOG_FORMAT") or ("json" if production else "text")).strip().lower(),
        "LOG_REQUESTS": _bool(env.get("LOG_REQUESTS"), default=True),
        "METRICS_TOKEN": env.get("METRICS_TOKEN") or None,
        "READINESS_TIMEOUT": float(env.get("READINESS_TIMEOUT") or 2),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Bangkok",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "eventsys" / "translations"),
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        # Flask-Login's remember-me cookie: the same flags; it lasts as long as an idle session may.
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": dt.timedelta(days=30),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
    }
    cfg.update(overrides)
    cfg.setdefault("RATELIMIT_STORAGE_OPTIONS", _limiter_storage_options(cfg["RATELIMIT_STORAGE_URI"]))
    return cfg
