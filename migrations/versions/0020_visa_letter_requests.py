"""visa invitation letter requests (encrypted passport details)

Revision ID: 0020_visa_letter_requests
Revises: 0019_hot_path_indexes
Create Date: 2026-12-01 19:30:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0020_visa_letter_requests"
down_revision = "0019_hot_path_indexes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "visa_letter_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("requested", "approved", "declined", name="visaletterstatus", native_enum=False, length=24),
            nullable=False,
        ),
        # One Fernet token (eventsys/crypto.py) holding the passport details; NULL once erased.
        sa.Column("details_encrypted", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_visa_letter_requests_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_visa_letter_requests_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visa_letter_requests")),
        sa.UniqueConstraint("registration_id", name=op.f("uq_visa_letter_requests_registration_id")),
    )


def downgrade():
    op.drop_table("visa_letter_requests")
