"""the call for city projects: submissions, criteria, reviews, action item links

Revision ID: 0024_projects
Revises: 0023_exhibitors
Create Date: 2026-12-01 19:30:00

"""

from alembic import op
import sqlalchemy as sa

import eventsys.db


# revision identifiers, used by Alembic.
revision = "0024_projects"
down_revision = "0023_exhibitors"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "project_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("closes_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("intro_en", sa.Text(), server_default="", nullable=False),
        sa.Column("intro_th", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_project_calls_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_calls")),
        sa.UniqueConstraint("event_id", name=op.f("uq_project_calls_event_id")),
    )
    op.create_table(
        "project_review_criteria",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_th", sa.String(length=200), server_default="", nullable=False),
        sa.Column("weight", sa.Integer(), server_default="1", nullable=False),
        sa.Column("scale_max", sa.Integer(), server_default="5", nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["project_calls.id"],
            name=op.f("fk_project_review_criteria_call_id_project_calls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_review_criteria")),
    )
    op.create_index(op.f("ix_project_review_criteria_call_id"), "project_review_criteria", ["call_id"], unique=False)
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("title_en", sa.String(length=250), nullable=False),
        sa.Column("title_th", sa.String(length=250), server_default="", nullable=False),
        sa.Column("description_en", sa.Text(), server_default="", nullable=False),
        sa.Column("description_th", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "stage",
            sa.Enum(
                "idea", "planning", "pilot", "scaling", "operating", name="projectstage", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column(
            "budget_range",
            sa.Enum(
                "under_100k",
                "100k_1m",
                "1m_10m",
                "10m_50m",
                "over_50m",
                name="budgetrange",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("seeking", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("submitted", "accepted", "declined", name="projectstatus", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("submitter_registration_id", sa.Integer(), nullable=True),
        sa.Column("submitter_user_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=5), server_default="en", nullable=False),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.Column("pitch_session_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", eventsys.db.UTCDateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("notified_status", sa.String(length=24), nullable=True),
        sa.Column("created_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["city_id"], ["cities.id"], name=op.f("fk_projects_city_id_cities")),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_projects_decided_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_projects_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["pitch_session_id"],
            ["agenda_sessions.id"],
            name=op.f("fk_projects_pitch_session_id_agenda_sessions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["previous_id"], ["projects.id"], name=op.f("fk_projects_previous_id_projects"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["submitter_registration_id"],
            ["registrations.id"],
            name=op.f("fk_projects_submitter_registration_id_registrations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["submitter_user_id"], ["users.id"], name=op.f("fk_projects_submitter_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
    )
    op.create_index(op.f("ix_projects_city_id"), "projects", ["city_id"], unique=False)
    op.create_index(op.f("ix_projects_event_id"), "projects", ["event_id"], unique=False)
    op.create_index(op.f("ix_projects_previous_id"), "projects", ["previous_id"], unique=False)
    op.create_index(
        op.f("ix_projects_submitter_registration_id"), "projects", ["submitter_registration_id"], unique=False
    )
    op.create_table(
        "project_action_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=40), nullable=False),
        sa.Column("created_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_action_links_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["agenda_sessions.id"],
            name=op.f("fk_project_action_links_session_id_agenda_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_action_links")),
        sa.UniqueConstraint(
            "project_id", "session_id", "item_id", name=op.f("uq_project_action_links_project_id_session_id_item_id")
        ),
    )
    op.create_index(op.f("ix_project_action_links_project_id"), "project_action_links", ["project_id"], unique=False)
    op.create_index(op.f("ix_project_action_links_session_id"), "project_action_links", ["session_id"], unique=False)
    op.create_table(
        "project_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_reviews_project_id_projects"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["users.id"], name=op.f("fk_project_reviews_reviewer_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_reviews")),
        sa.UniqueConstraint("project_id", "reviewer_id", name=op.f("uq_project_reviews_project_id_reviewer_id")),
    )
    op.create_index(op.f("ix_project_reviews_project_id"), "project_reviews", ["project_id"], unique=False)
    op.create_table(
        "project_topics",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_topics_project_id_projects"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topics.id"], name=op.f("fk_project_topics_topic_id_topics"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("project_id", "topic_id", name=op.f("pk_project_topics")),
    )


def downgrade():
    op.drop_table("project_topics")
    op.drop_index(op.f("ix_project_reviews_project_id"), table_name="project_reviews")
    op.drop_table("project_reviews")
    op.drop_index(op.f("ix_project_action_links_session_id"), table_name="project_action_links")
    op.drop_index(op.f("ix_project_action_links_project_id"), table_name="project_action_links")
    op.drop_table("project_action_links")
    op.drop_index(op.f("ix_projects_submitter_registration_id"), table_name="projects")
    op.drop_index(op.f("ix_projects_previous_id"), table_name="projects")
    op.drop_index(op.f("ix_projects_event_id"), table_name="projects")
    op.drop_index(op.f("ix_projects_city_id"), table_name="projects")
    op.drop_table("projects")
    op.drop_index(op.f("ix_project_review_criteria_call_id"), table_name="project_review_criteria")
    op.drop_table("project_review_criteria")
    op.drop_table("project_calls")
