"""tracking: escalation cycle (a reopened ticket climbs its ladders again)

Revision ID: e00b3e031342
Revises: 79c840455a5c
Create Date: 2026-11-21 10:52:59.759579

"""
from alembic import op
import sqlalchemy as sa

import app.db_types


# revision identifiers, used by Alembic.
revision = 'e00b3e031342'
down_revision = '79c840455a5c'
branch_labels = None
depends_on = None


def upgrade():
    # Rows fired so far belong to the first cycle (0); the key now includes the cycle.
    with op.batch_alter_table('escalation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cycle', sa.SmallInteger(), server_default='0', nullable=False))
        batch_op.drop_constraint(batch_op.f('uq_escalation_ticket_id_clock_rung'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_escalation_ticket_id_cycle_clock_rung'), ['ticket_id', 'cycle', 'clock', 'rung'])


def downgrade():
    # The old key (ticket, clock, rung) cannot hold a second cycle's rungs: those rows are dropped.
    op.execute("DELETE FROM escalation WHERE cycle > 0")
    with op.batch_alter_table('escalation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_escalation_ticket_id_cycle_clock_rung'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_escalation_ticket_id_clock_rung'), ['ticket_id', 'clock', 'rung'])
        batch_op.drop_column('cycle')
