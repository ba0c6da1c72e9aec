"""feedback: surveys per event and session, answers

Revision ID: 0022_feedback
Revises: 0021_documents
Create Date: 2026-12-01 19:30:00

"""

from alembic import op
import sqlalchemy as sa

import eventsys.db


# revision identifiers, used by Alembic.
revision = "0022_feedback"
down_revision = "0021_documents"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "feedback_surveys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("opens_at", eventsys.db.UTCDateTime(), nullable=True),
        sa.Column("closes_at", eventsys.db.UTCDateTime(), nullable=True),
        sa.Column("question_en", sa.String(length=300), server_default="", nullable=False),
        sa.Column("question_th", sa.String(length=300), server_default="", nullable=False),
        sa.Column("invitations_job_id", sa.String(length=64), nullable=True),
        sa.Column("invitations_queued", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_feedback_surveys_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_surveys")),
        sa.UniqueConstraint("event_id", name=op.f("uq_feedback_surveys_event_id")),
    )
    op.create_table(
        "feedback_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("queued_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_feedback_invitations_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_feedback_invitations_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_invitations")),
        sa.UniqueConstraint(
            "event_id", "registration_id", name=op.f("uq_feedback_invitations_event_id_registration_id")
        ),
    )
    op.create_index(op.f("ix_feedback_invitations_event_id"), "feedback_invitations", ["event_id"], unique=False)
    op.create_table(
        "feedback_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("target", sa.String(length=40), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), server_default="", nullable=False),
        sa.Column("extra_answer", sa.Text(), server_default="", nullable=False),
        sa.Column("named", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("language", sa.String(length=5), server_default="en", nullable=False),
        sa.Column("created_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("rating >= 1 AND rating <= 5", name=op.f("ck_feedback_responses_rating_range")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_feedback_responses_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_feedback_responses_registration_id_registrations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["agenda_sessions.id"],
            name=op.f("fk_feedback_responses_session_id_agenda_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_responses")),
        sa.UniqueConstraint("registration_id", "target", name=op.f("uq_feedback_responses_registration_id_target")),
    )
    op.create_index(op.f("ix_feedback_responses_event_id"), "feedback_responses", ["event_id"], unique=False)
    op.create_index(op.f("ix_feedback_responses_session_id"), "feedback_responses", ["session_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_feedback_responses_session_id"), table_name="feedback_responses")
    op.drop_index(op.f("ix_feedback_responses_event_id"), table_name="feedback_responses")
    op.drop_table("feedback_responses")
    op.drop_index(op.f("ix_feedback_invitations_event_id"), table_name="feedback_invitations")
    op.drop_table("feedback_invitations")
    op.drop_table("feedback_surveys")
