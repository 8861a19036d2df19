"""tickets: index on (assignee_id, status) for a person's load

Revision ID: 0e8e61aef2b5
Revises: e00b3e031342
Create Date: 2026-11-21 11:00:48.892552

"""
from alembic import op
import sqlalchemy as sa

import app.db_types


# revision identifiers, used by Alembic.
revision = '0e8e61aef2b5'
down_revision = 'e00b3e031342'
branch_labels = None
depends_on = None


def upgrade():
    # The tracker counts each backup candidate's unfinished tickets; with ix_ticket_assignee_id alone
    # that visited every closed ticket of theirs in the heap (bench/bench_sweep.py, docs/tracking.md).
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_assignee_id_status', ['assignee_id', 'status'], unique=False)


def downgrade():
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_assignee_id_status')
