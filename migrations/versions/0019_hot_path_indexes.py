"""public pages: the stamp that changes with any public content, for the public page cache

Revision ID: 0019_hot_path_indexes
Revises: 0017_badge_replacements
Create Date: 2026-12-01 14:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0019_hot_path_indexes"
down_revision = "0018_job_leases"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "public_content_stamps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table("public_content_stamps")
