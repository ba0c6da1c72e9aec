"""data rights: per-event retention; proceedings builds know whom they list and can be retired

Revision ID: 0013_privacy
Revises: 0012_tokens_sessions
Create Date: 2026-12-01 01:00:00

"""

from alembic import op
import sqlalchemy as sa

import eventsys.db


# revision identifiers, used by Alembic.
revision = "0013_privacy"
down_revision = "0012_tokens_sessions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_days", sa.Integer(), nullable=True))
    # Builds made before this revision have no list of participants (NULL): an erasure in their
    # event retires them, since nobody can tell whom they show.
    with op.batch_alter_table("proceedings_builds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registration_ids", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("retired_at", eventsys.db.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("proceedings_builds", schema=None) as batch_op:
        batch_op.drop_column("retired_at")
        batch_op.drop_column("registration_ids")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("retention_days")
