"""mail that looks like it came from the hosts: outbox rows know their event, registration,
campaign, kind, attachments and headers; events may edit their mail texts; events have a colour

Revision ID: 0014_mail
Revises: 0013_privacy
Create Date: 2026-12-01 03:30:00

"""

from alembic import op
import sqlalchemy as sa

import eventsys.db


# revision identifiers, used by Alembic.
revision = "0014_mail"
down_revision = "0013_privacy"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("registration_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("campaign_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("kind", sa.String(length=80), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("attachments", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("headers", sa.JSON(), nullable=True))
        batch_op.create_index("ix_outbox_mails_event", ["event_id", "status", "id"], unique=False)
        batch_op.create_index("ix_outbox_mails_campaign", ["campaign_id", "registration_id"], unique=False)
    op.create_table(
        "event_mail_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "kind", "language"),
    )
    with op.batch_alter_table("event_mail_texts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_mail_texts_event_id"), ["event_id"], unique=False)
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("brand_colour", sa.String(length=7), nullable=False, server_default="#1452b8"))


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("brand_colour")
    with op.batch_alter_table("event_mail_texts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_mail_texts_event_id"))
    op.drop_table("event_mail_texts")
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_mails_campaign")
        batch_op.drop_index("ix_outbox_mails_event")
        batch_op.drop_column("headers")
        batch_op.drop_column("attachments")
        batch_op.drop_column("kind")
        batch_op.drop_column("campaign_id")
        batch_op.drop_column("registration_id")
        batch_op.drop_column("event_id")
