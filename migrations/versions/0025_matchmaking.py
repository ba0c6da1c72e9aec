"""matchmaking: slots, tables, participants, meeting requests

Revision ID: 0025_matchmaking
Revises: 0024_projects
Create Date: 2026-12-01 19:30:00

"""

from alembic import op
import sqlalchemy as sa

import eventsys.db


# revision identifiers, used by Alembic.
revision = "0025_matchmaking"
down_revision = "0024_projects"
branch_labels = None
depends_on = None

STATUS = sa.Enum("pending", "accepted", "declined", "cancelled", name="meetingstatus", native_enum=False, length=24)


def upgrade():
    op.create_table(
        "matchmaking_setups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("opens_at", eventsys.db.UTCDateTime(), nullable=True),
        sa.Column("closes_at", eventsys.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_matchmaking_setups_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matchmaking_setups")),
        sa.UniqueConstraint("event_id", name=op.f("uq_matchmaking_setups_event_id")),
    )
    op.create_table(
        "matchmaking_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("ends_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_matchmaking_slots_slot_order")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_matchmaking_slots_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matchmaking_slots")),
        sa.UniqueConstraint("event_id", "starts_at", name=op.f("uq_matchmaking_slots_event_id_starts_at")),
    )
    op.create_index(op.f("ix_matchmaking_slots_event_id"), "matchmaking_slots", ["event_id"], unique=False)
    op.create_table(
        "matchmaking_tables",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_matchmaking_tables_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matchmaking_tables")),
        sa.UniqueConstraint("event_id", "number", name=op.f("uq_matchmaking_tables_event_id_number")),
    )
    op.create_index(op.f("ix_matchmaking_tables_event_id"), "matchmaking_tables", ["event_id"], unique=False)
    op.create_table(
        "matchmaking_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("offers_en", sa.String(length=500), server_default="", nullable=False),
        sa.Column("offers_th", sa.String(length=500), server_default="", nullable=False),
        sa.Column("seeks_en", sa.String(length=500), server_default="", nullable=False),
        sa.Column("seeks_th", sa.String(length=500), server_default="", nullable=False),
        sa.Column("created_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_matchmaking_participants_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_matchmaking_participants_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matchmaking_participants")),
        sa.UniqueConstraint("registration_id", name=op.f("uq_matchmaking_participants_registration_id")),
    )
    op.create_index(
        op.f("ix_matchmaking_participants_event_id"), "matchmaking_participants", ["event_id"], unique=False
    )
    op.create_table(
        "matchmaking_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("invitee_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), server_default="", nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("table_id", sa.Integer(), nullable=True),
        sa.Column("created_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("decided_at", eventsys.db.UTCDateTime(), nullable=True),
        sa.Column("cancelled_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("requester_id <> invitee_id", name=op.f("ck_matchmaking_meetings_two_people")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_matchmaking_meetings_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["matchmaking_slots.id"],
            name=op.f("fk_matchmaking_meetings_slot_id_matchmaking_slots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["registrations.id"],
            name=op.f("fk_matchmaking_meetings_requester_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invitee_id"],
            ["registrations.id"],
            name=op.f("fk_matchmaking_meetings_invitee_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_matchmaking_meetings_project_id_projects"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["table_id"],
            ["matchmaking_tables.id"],
            name=op.f("fk_matchmaking_meetings_table_id_matchmaking_tables"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["cancelled_by_id"],
            ["registrations.id"],
            name=op.f("fk_matchmaking_meetings_cancelled_by_id_registrations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matchmaking_meetings")),
        # One meeting per table and slot; meetings holding no table (NULL) never collide.
        sa.UniqueConstraint("slot_id", "table_id", name=op.f("uq_matchmaking_meetings_slot_id_table_id")),
    )
    op.create_index(
        "ix_matchmaking_meetings_event_status", "matchmaking_meetings", ["event_id", "status"], unique=False
    )
    op.create_index(op.f("ix_matchmaking_meetings_slot_id"), "matchmaking_meetings", ["slot_id"], unique=False)
    op.create_index(
        op.f("ix_matchmaking_meetings_requester_id"), "matchmaking_meetings", ["requester_id"], unique=False
    )
    op.create_index(op.f("ix_matchmaking_meetings_invitee_id"), "matchmaking_meetings", ["invitee_id"], unique=False)
    op.create_table(
        "matchmaking_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["matchmaking_slots.id"],
            name=op.f("fk_matchmaking_bookings_slot_id_matchmaking_slots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_matchmaking_bookings_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["matchmaking_meetings.id"],
            name=op.f("fk_matchmaking_bookings_meeting_id_matchmaking_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matchmaking_bookings")),
        # One meeting per person and slot.
        sa.UniqueConstraint("slot_id", "registration_id", name=op.f("uq_matchmaking_bookings_slot_id_registration_id")),
    )
    op.create_index(
        op.f("ix_matchmaking_bookings_registration_id"), "matchmaking_bookings", ["registration_id"], unique=False
    )
    op.create_index(op.f("ix_matchmaking_bookings_meeting_id"), "matchmaking_bookings", ["meeting_id"], unique=False)


def downgrade():
    op.drop_table("matchmaking_bookings")
    op.drop_table("matchmaking_meetings")
    op.drop_table("matchmaking_participants")
    op.drop_table("matchmaking_tables")
    op.drop_table("matchmaking_slots")
    op.drop_table("matchmaking_setups")
