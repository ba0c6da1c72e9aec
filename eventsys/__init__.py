"""eventsys: event management for the ASEAN Smart Cities Network."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from flask import Flask

from eventsys.config import PROJECT_ROOT, load_config

# The areas set up after accounts and events, each after the areas it imports (the layers of
# docs/architecture.md).
AREAS = (
    "pdf",
    "audit",
    "registration",
    "teams",
    "agenda",
    "badges",
    "checkin",
    "outcomes",
    "reports",
    "proceedings",
    "documents",
    "feedback",
    "exhibitors",
    "projects",
    "matchmaking",
    "privacy",
    "messages",
    "backup",
)


def create_app(config: dict | None = None) -> Flask:
    """Build the app. `config` overrides what the environment says (tests use it)."""
    settings = load_config(config)
    app = Flask(
        __name__,
        instance_path=settings["INSTANCE_PATH"],
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(settings)
    # JSON keeps the order the code builds (Flask would sort keys): schedule.json lists each day's
    # rooms in the order the day's sessions use them, the order schedule.xml writes them too.
    app.json.sort_keys = False
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    from eventsys import inputs

    inputs.init_app(app)  # first: routes take the bounded `int` converter as they are added
    from eventsys import ops

    ops.init_app(app)  # next: its request timing and request id wrap every other hook

    from eventsys import errors, models  # noqa: F401  (models: every table known to Alembic)
    from eventsys.db import ping_idle_connections
    from eventsys.extensions import babel, csrf, db, limiter, login_manager, migrate
    from eventsys.i18n import init_app as init_i18n
    from eventsys.i18n import select_locale

    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            ping_idle_connections(engine)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    init_i18n(app)

    from eventsys.accounts import init_app as init_accounts
    from eventsys.api import init_app as init_api
    from eventsys.events import init_app as init_events

    init_accounts(app)
    init_events(app)
    for area in AREAS:
        importlib.import_module(f"eventsys.{area}").init_app(app)
    init_api(app)
    errors.init_app(app)

    from eventsys.cli import register_commands

    register_commands(app)
    from eventsys import security_headers

    security_headers.init_app(app)
    if os.environ.get("EVENTSYS_LOG_SQL"):
        app.config["SQLALCHEMY_ECHO"] = True
    return app
