"""jobs: leases (worker, heartbeat) so abandoned jobs are found and retried; where each job runs

Revision ID: 0018_job_leases
Revises: 0017_badge_replacements
Create Date: 2026-12-01 13:45:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0018_job_leases"
down_revision = "0017_badge_replacements"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("max_attempts", sa.Integer(), nullable=False, server_default="3"))
        batch_op.add_column(sa.Column("runner", sa.String(length=16), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("worker", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("on_abandon", sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f("ix_jobs_heartbeat_at"), ["heartbeat_at"], unique=False)
    # Jobs left "running" by a killed worker before leases existed are reaped like any other:
    # their areas settle what they left (a book "building", a campaign "sending").
    for kind, step in (
        ("proceedings", "eventsys.proceedings.services:settle_abandoned_build"),
        ("mail_campaign", "eventsys.messages.campaigns:settle_abandoned_job"),
    ):
        op.execute(sa.text("UPDATE jobs SET on_abandon = :step WHERE kind = :kind").bindparams(step=step, kind=kind))


def downgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_heartbeat_at"))
        batch_op.drop_column("on_abandon")
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("worker")
        batch_op.drop_column("runner")
        batch_op.drop_column("max_attempts")
