"""exhibitors: applications, profiles, halls and booths

Revision ID: 0023_exhibitors
Revises: 0022_feedback
Create Date: 2026-12-01 19:30:00

"""

from alembic import op
import sqlalchemy as sa

import eventsys.db


# revision identifiers, used by Alembic.
revision = "0023_exhibitors"
down_revision = "0022_feedback"
branch_labels = None
depends_on = None

STATUS = sa.Enum("pending", "accepted", "declined", name="exhibitorstatus", native_enum=False, length=24)
KIND = sa.Enum("city", "agency", "company", "partner", name="exhibitorkind", native_enum=False, length=24)


def upgrade():
    op.create_table(
        "exhibition_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("applications_open", sa.Boolean(), nullable=False),
        sa.Column("updated_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_exhibition_settings_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibition_settings")),
        sa.UniqueConstraint("event_id", name=op.f("uq_exhibition_settings_event_id")),
    )
    op.create_table(
        "exhibitors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("kind", KIND, nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_th", sa.String(length=200), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("description_th", sa.Text(), nullable=False),
        sa.Column("website", sa.String(length=300), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("logo_path", sa.String(length=200), nullable=True),
        sa.Column("logo_type", sa.String(length=20), nullable=True),
        sa.Column("decided_at", eventsys.db.UTCDateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["city_id"], ["cities.id"], name=op.f("fk_exhibitors_city_id_cities")),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_exhibitors_decided_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_exhibitors_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibitors")),
    )
    op.create_index(op.f("ix_exhibitors_event_id"), "exhibitors", ["event_id"], unique=False)
    op.create_table(
        "exhibitor_topics",
        sa.Column("exhibitor_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exhibitor_id"],
            ["exhibitors.id"],
            name=op.f("fk_exhibitor_topics_exhibitor_id_exhibitors"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topics.id"], name=op.f("fk_exhibitor_topics_topic_id_topics"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("exhibitor_id", "topic_id", name=op.f("pk_exhibitor_topics")),
    )
    op.create_table(
        "exhibitor_staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("exhibitor_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("created_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_exhibitor_staff_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["exhibitor_id"],
            ["exhibitors.id"],
            name=op.f("fk_exhibitor_staff_exhibitor_id_exhibitors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibitor_staff")),
        sa.UniqueConstraint("event_id", "email", name=op.f("uq_exhibitor_staff_event_id_email")),
    )
    op.create_index(op.f("ix_exhibitor_staff_exhibitor_id"), "exhibitor_staff", ["exhibitor_id"], unique=False)
    op.create_table(
        "exhibition_halls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("name_th", sa.String(length=120), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("width > 0 AND height > 0", name=op.f("ck_exhibition_halls_hall_size_positive")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_exhibition_halls_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibition_halls")),
        sa.UniqueConstraint("event_id", "name_en", name=op.f("uq_exhibition_halls_event_id_name_en")),
    )
    op.create_index(op.f("ix_exhibition_halls_event_id"), "exhibition_halls", ["event_id"], unique=False)
    op.create_table(
        "exhibition_booths",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("x", sa.Integer(), nullable=False),
        sa.Column("y", sa.Integer(), nullable=False),
        sa.Column("w", sa.Integer(), nullable=False),
        sa.Column("h", sa.Integer(), nullable=False),
        sa.Column("exhibitor_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("x >= 0 AND y >= 0 AND w > 0 AND h > 0", name=op.f("ck_exhibition_booths_booth_geometry")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_exhibition_booths_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["exhibitor_id"],
            ["exhibitors.id"],
            name=op.f("fk_exhibition_booths_exhibitor_id_exhibitors"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["hall_id"],
            ["exhibition_halls.id"],
            name=op.f("fk_exhibition_booths_hall_id_exhibition_halls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibition_booths")),
        sa.UniqueConstraint("event_id", "number", name=op.f("uq_exhibition_booths_event_id_number")),
        sa.UniqueConstraint("exhibitor_id", name=op.f("uq_exhibition_booths_exhibitor_id")),
    )
    op.create_index(op.f("ix_exhibition_booths_hall_id"), "exhibition_booths", ["hall_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_exhibition_booths_hall_id"), table_name="exhibition_booths")
    op.drop_table("exhibition_booths")
    op.drop_index(op.f("ix_exhibition_halls_event_id"), table_name="exhibition_halls")
    op.drop_table("exhibition_halls")
    op.drop_index(op.f("ix_exhibitor_staff_exhibitor_id"), table_name="exhibitor_staff")
    op.drop_table("exhibitor_staff")
    op.drop_table("exhibitor_topics")
    op.drop_index(op.f("ix_exhibitors_event_id"), table_name="exhibitors")
    op.drop_table("exhibitors")
    op.drop_table("exhibition_settings")
