"""per-event teams: invitations, who granted roles and when, report editors, separation of duties

Revision ID: 0010_teams
Revises: 0009_audit
Create Date: 2026-11-30 22:10:00

"""

from alembic import op
import sqlalchemy as sa

import eventsys.db


# revision identifiers, used by Alembic.
revision = "0010_teams"
down_revision = "0009_audit"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event_roles", schema=None) as batch_op:
        # Grants made before this migration keep NULL: nobody recorded when or by whom.
        batch_op.add_column(sa.Column("granted_at", eventsys.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("granted_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_event_roles_granted_by_id_users"), "users", ["granted_by_id"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("separation_of_duties", sa.Boolean(), server_default=sa.true(), nullable=False))
    op.create_table(
        "team_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("nonce", sa.String(length=32), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("expires_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("accepted_at", eventsys.db.UTCDateTime(), nullable=True),
        sa.Column("accepted_by_id", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", eventsys.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_team_invitations_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"], ["users.id"], name=op.f("fk_team_invitations_invited_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["accepted_by_id"], ["users.id"], name=op.f("fk_team_invitations_accepted_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_invitations")),
        sa.UniqueConstraint("event_id", "email", name=op.f("uq_team_invitations_event_id_email")),
    )
    with op.batch_alter_table("team_invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_invitations_event_id"), ["event_id"], unique=False)
    op.create_table(
        "report_editors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("granted_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["summit_reports.id"],
            name=op.f("fk_report_editors_report_id_summit_reports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_report_editors_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["granted_by_id"], ["users.id"], name=op.f("fk_report_editors_granted_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_editors")),
        sa.UniqueConstraint("report_id", "user_id", name=op.f("uq_report_editors_report_id_user_id")),
    )
    with op.batch_alter_table("report_editors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_editors_report_id"), ["report_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_editors_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("report_editors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_editors_user_id"))
        batch_op.drop_index(batch_op.f("ix_report_editors_report_id"))
    op.drop_table("report_editors")
    with op.batch_alter_table("team_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_invitations_event_id"))
    op.drop_table("team_invitations")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("separation_of_duties")
    with op.batch_alter_table("event_roles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_event_roles_granted_by_id_users"), type_="foreignkey")
        batch_op.drop_column("granted_by_id")
        batch_op.drop_column("granted_at")
