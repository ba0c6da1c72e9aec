"""documents: letters and certificates with verification codes, per-event layouts

Revision ID: 0021_documents
Revises: 0020_visa_letter_requests
Create Date: 2026-12-01 19:30:00

"""

from alembic import op
import sqlalchemy as sa

import eventsys.db


# revision identifiers, used by Alembic.
revision = "0021_documents"
down_revision = "0020_visa_letter_requests"
branch_labels = None
depends_on = None

KIND = sa.Enum("letter", "certificate", name="documentkind", native_enum=False, length=20)


def upgrade():
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("kind", KIND, nullable=False),
        sa.Column("code", sa.String(length=14), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("created_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("revoked_at", eventsys.db.UTCDateTime(), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_by", sa.String(length=254), nullable=True),
        sa.Column("revoke_reason", sa.String(length=500), nullable=True),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_documents_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_documents_registration_id_registrations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_documents_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"], ["users.id"], name=op.f("fk_documents_revoked_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["superseded_by_id"],
            ["documents.id"],
            name=op.f("fk_documents_superseded_by_id_documents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("code", name=op.f("uq_documents_code")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_registration_id"), ["registration_id"], unique=False)

    op.create_table(
        "document_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("organisation_en", sa.String(length=200), nullable=False),
        sa.Column("organisation_th", sa.String(length=200), nullable=False),
        sa.Column("signatory_name_en", sa.String(length=200), nullable=False),
        sa.Column("signatory_name_th", sa.String(length=200), nullable=False),
        sa.Column("signatory_title_en", sa.String(length=200), nullable=False),
        sa.Column("signatory_title_th", sa.String(length=200), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_type", sa.String(length=20), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        sa.Column("signature_type", sa.String(length=20), nullable=False),
        sa.Column("updated_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_document_settings_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_settings")),
        sa.UniqueConstraint("event_id", name=op.f("uq_document_settings_event_id")),
    )
    op.create_table(
        "document_layouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", KIND, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", eventsys.db.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_document_layouts_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_layouts")),
        sa.UniqueConstraint("event_id", "kind", name=op.f("uq_document_layouts_event_id_kind")),
    )
    with op.batch_alter_table("document_layouts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_layouts_event_id"), ["event_id"], unique=False)


def downgrade():
    op.drop_table("document_layouts")
    op.drop_table("document_settings")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_registration_id"))
        batch_op.drop_index(batch_op.f("ix_documents_event_id"))
    op.drop_table("documents")
