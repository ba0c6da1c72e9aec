"""single-use sign-in links: staff accounts' first password, delegates' "My registrations"

Revision ID: 0011_sign_in_links
Revises: 0010_teams
Create Date: 2026-11-30 22:00:00

"""

from alembic import op
import sqlalchemy as sa

import eventsys.db


# revision identifiers, used by Alembic.
revision = "0011_sign_in_links"
down_revision = "0010_teams"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_in_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum("set_password", "delegate", name="signinpurpose", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("created_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("expires_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("used_at", eventsys.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_sign_in_links_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sign_in_links_token_hash")),
    )
    with op.batch_alter_table("sign_in_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_in_links_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sign_in_links_email"), ["email"], unique=False)


def downgrade():
    with op.batch_alter_table("sign_in_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_links_email"))
        batch_op.drop_index(batch_op.f("ix_sign_in_links_user_id"))
    op.drop_table("sign_in_links")
