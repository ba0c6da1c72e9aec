"""The models and the migrations describe the same schema (autogenerate finds nothing to add)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from eventsys.db import db


def test_models_and_migrations_do_not_differ(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_have_a_single_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from eventsys.config import PROJECT_ROOT

    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"merge the migration heads: {heads}"
