"""tickets: partial index of the tickets in someone's hands, for routing's load count

Revision ID: a50666632d62
Revises: 0e8e61aef2b5
Create Date: 2026-11-21 12:05:54.842767

"""
from alembic import op
import sqlalchemy as sa

import app.db_types


# revision identifiers, used by Alembic.
revision = 'a50666632d62'
down_revision = '0e8e61aef2b5'
branch_labels = None
depends_on = None


# Frozen here (not imported from the model): a migration says what it did when it was written.
IN_HANDS = "status IN ('dispatched', 'accepted', 'on_site', 'paused', 'transferred')"


def upgrade():
    # Routing counts each candidate's tickets in hand on every opening; (assignee_id, status) made
    # PostgreSQL walk the person's whole closed history with the statuses as a filter.
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_active_assignee', ['assignee_id'], unique=False,
                              postgresql_where=sa.text(IN_HANDS), sqlite_where=sa.text(IN_HANDS))


def downgrade():
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_active_assignee')
