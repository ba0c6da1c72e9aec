"""badges: why and by whom a badge was replaced (reprints keep their code; only a replacement revokes)

Revision ID: 0017_badge_replacements
Revises: 0016_mail_campaigns
Create Date: 2026-12-01 11:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0017_badge_replacements"
down_revision = "0016_mail_campaigns"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("badges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_reason", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("revoked_by", sa.String(length=254), nullable=True))


def downgrade():
    with op.batch_alter_table("badges", schema=None) as batch_op:
        batch_op.drop_column("revoked_by")
        batch_op.drop_column("revoked_reason")
