"""the participant list is opt-in: registrations are not listed unless the delegate ticks the box;
delegates may opt out of organizers' announcements; invitations remember the invitee's language

Every existing registration becomes not listed. Before this revision nobody could opt in: the form,
the API and the imports never asked, and `listed_as_participant` was true only because that was
the column's default, which the consent text never mentioned. A delegate who wants to appear in the
published participant list and the proceedings ticks the box on their manage page.

Revision ID: 0015_registration_listed
Revises: 0014_mail
Create Date: 2026-12-01 04:00:00

"""

from alembic import op
import sqlalchemy as sa

import eventsys.db


# revision identifiers, used by Alembic.
revision = "0015_registration_listed"
down_revision = "0014_mail"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.alter_column(
            "listed_as_participant", existing_type=sa.Boolean(), existing_nullable=False, server_default=sa.false()
        )
        batch_op.add_column(sa.Column("announcements_opt_out_at", eventsys.db.UTCDateTime(), nullable=True))
    op.execute(sa.text("UPDATE registrations SET listed_as_participant = :no").bindparams(no=False))
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=5), nullable=False, server_default="en"))


def downgrade():
    # The opt-ins given since stay as they are: a downgrade lists nobody who did not agree.
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_column("announcements_opt_out_at")
        batch_op.alter_column(
            "listed_as_participant", existing_type=sa.Boolean(), existing_nullable=False, server_default=None
        )
