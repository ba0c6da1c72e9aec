"""proceedings builds record whether the book carries the DRAFT watermark

Revision ID: 0008_proceedings_draft
Revises: 0007_proceedings
Create Date: 2026-11-30 01:10:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008_proceedings_draft"
down_revision = "0007_proceedings"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("proceedings_builds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("draft", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table("proceedings_builds", schema=None) as batch_op:
        batch_op.drop_column("draft")
