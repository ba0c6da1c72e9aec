"""mail to participants: campaigns and their recipients (one row each, unique per campaign)

Revision ID: 0016_mail_campaigns
Revises: 0015_registration_listed
Create Date: 2026-12-01 05:00:00

"""

from alembic import op
import sqlalchemy as sa

import eventsys.db


# revision identifiers, used by Alembic.
revision = "0016_mail_campaigns"
down_revision = "0015_registration_listed"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mail_campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("subject_en", sa.String(length=300), nullable=False),
        sa.Column("body_en", sa.Text(), nullable=False),
        sa.Column("subject_th", sa.String(length=300), nullable=False),
        sa.Column("body_th", sa.Text(), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("registration_ids", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("sending", "done", "failed", name="campaignstatus", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("job_id", sa.String(length=36), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("finished_at", eventsys.db.UTCDateTime(), nullable=True),
        sa.Column("queued_count", sa.Integer(), nullable=False),
        sa.Column("opted_out_count", sa.Integer(), nullable=False),
        sa.Column("erased_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mail_campaigns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_campaigns_event_id"), ["event_id"], unique=False)

    op.create_table(
        "campaign_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum("queued", "opted_out", "erased", name="recipientoutcome", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("mail_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("created_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["mail_campaigns.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["registration_id"], ["registrations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "registration_id"),
    )
    with op.batch_alter_table("campaign_recipients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_recipients_registration_id"), ["registration_id"], unique=False)


def downgrade():
    with op.batch_alter_table("campaign_recipients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_recipients_registration_id"))
    op.drop_table("campaign_recipients")
    with op.batch_alter_table("mail_campaigns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_campaigns_event_id"))
    op.drop_table("mail_campaigns")
