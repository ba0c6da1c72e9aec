"""Flask extensions, created once and bound to the app in create_app().

Rate limits come in two kinds (config.py has the values):
- per client address (`limiter.limit(...)`, keyed on `request.remote_addr`, which ProxyFix sets to the
  real client behind the configured number of trusted proxies);
- per targeted account (`per_account_limit(...)`), keyed on the e-mail address a form or JSON body
  submits, whatever address it comes from, so that guesses spread over many addresses still stop.
  The key is a hash of the normalised address: the limiter's store (Redis) holds no e-mail addresses.

The limiter fails open (RATELIMIT_IN_MEMORY_FALLBACK_ENABLED, RATELIMIT_SWALLOW_ERRORS): with its
store down it logs a warning and keeps counting in the process's memory until the store is back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import current_app, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from eventsys.db import db


class _Limiter(Limiter):
    def init_app(self, app) -> None:
        # One Limiter serves every app this process builds (tests build many): a new app starts with
        # its store assumed up, not with the "store down, counting in memory" state of an earlier one.
        self._storage_dead = False
        # Flask runs after-request hooks last-registered first: these two stand either side of the
        # limiter's own, which puts its window's reset as Retry-After on every answer of a limited
        # endpoint, a 200 included, and raises a 503's "try again in 5 s" to the end of the window.
        app.after_request(_settle_retry_after)
        super().init_app(app)
        app.after_request(_remember_retry_after)


def _remember_retry_after(response):
    response.eventsys_retry_after = response.headers.get("Retry-After")
    return response


def _settle_retry_after(response):
    """Retry-After means "when to ask again": the limiter's on a 429, the app's own elsewhere (a 503)."""
    if response.status_code != 429 and hasattr(response, "eventsys_retry_after"):
        if response.eventsys_retry_after is None:
            response.headers.pop("Retry-After", None)
        else:
            response.headers["Retry-After"] = response.eventsys_retry_after
    return response


migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = _Limiter(key_func=get_remote_address, default_limits=[])


def submitted_email() -> str:
    """The e-mail address the request submits (form field or JSON member `email`), trimmed and in
    lower case; "" when there is none. Never raises: it runs inside the limiter, before the view."""
    try:
        value = request.form.get("email")
        if value is None and request.is_json:
            body = request.get_json(silent=True)
            value = body.get("email") if isinstance(body, dict) else None
    except Exception:  # a body the view refuses (too large, not parseable): no account to count
        return ""
    return value.strip().lower() if isinstance(value, str) else ""


def account_key() -> str:
    """The per-account rate-limit key: a digest of the submitted address, never the address."""
    digest = hashlib.sha256(submitted_email().encode("utf-8", "surrogatepass")).hexdigest()
    return f"account:{digest[:32]}"


def _no_email_submitted() -> bool:
    return not submitted_email()


def _not_a_redirect(response) -> bool:
    """A sign-in attempt that failed: the form is shown again (a success redirects)."""
    return not 300 <= response.status_code < 400


def per_account_limit(config_key: str, *, failures_only: bool = False) -> Callable:
    """A POST limit per targeted e-mail address, of the rate in `config_key`. `failures_only`: count
    only answers that are not a redirect (failed sign-ins), so the account's owner signing in
    successfully never uses it up. Requests without an address are left to the per-address limit."""
    return limiter.limit(
        lambda: current_app.config[config_key],
        key_func=account_key,
        methods=["POST"],
        exempt_when=_no_email_submitted,
        deduct_when=_not_a_redirect if failures_only else None,
    )


__all__ = ["babel", "csrf", "db", "limiter", "login_manager", "migrate", "per_account_limit", "submitted_email"]
