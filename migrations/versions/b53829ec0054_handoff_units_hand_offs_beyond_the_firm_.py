"""handoff: units, hand-offs beyond the firm (转办), unit asks and their escalations

Ticket.handling_org gains `residents_committee` and the ladder clock `unit_reply`: both are plain
string columns (no native enum), so neither needs a change here.

Revision ID: b53829ec0054
Revises: 3c9a1f2e7b60
Create Date: 2026-12-03 16:43:22.094122

"""
from alembic import op
import sqlalchemy as sa

import app.db_types


# revision identifiers, used by Alembic.
revision = 'b53829ec0054'
down_revision = '3c9a1f2e7b60'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.Enum('utility', 'government', 'developer', 'other', name='unitkind', native_enum=False, length=24), nullable=False),
    sa.Column('contact', sa.String(length=64), nullable=True),
    sa.Column('reply_seconds', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit')),
    sa.UniqueConstraint('name', name=op.f('uq_unit_name'))
    )
    op.create_table('handoff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('cycle', sa.SmallInteger(), server_default='0', nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=True),
    sa.Column('to', sa.Enum('branch', 'residents_committee', name='handoffto', native_enum=False, length=24), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('handed_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('by_person_id', sa.Integer(), nullable=True),
    sa.Column('by_label', sa.String(length=64), nullable=False),
    sa.Column('holder_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['by_person_id'], ['person.id'], name=op.f('fk_handoff_by_person_id_person')),
    sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], name=op.f('fk_handoff_firm_id_firm')),
    sa.ForeignKeyConstraint(['holder_id'], ['person.id'], name=op.f('fk_handoff_holder_id_person')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_handoff_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoff')),
    sa.UniqueConstraint('ticket_id', 'cycle', name=op.f('uq_handoff_ticket_id_cycle'))
    )
    with op.batch_alter_table('handoff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoff_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_handoff_handed_at'), ['handed_at'], unique=False)

    op.create_table('unit_ask',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('handoff_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('asked_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('asked_by_label', sa.String(length=64), nullable=False),
    sa.Column('reply_due_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('said', sa.Text(), nullable=True),
    sa.Column('said_at', app.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('recorded_at', app.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reply_seconds', sa.Integer(), nullable=True),
    sa.Column('reply_met', sa.Boolean(), nullable=True),
    sa.Column('next_check_at', app.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['handoff_id'], ['handoff.id'], name=op.f('fk_unit_ask_handoff_id_handoff')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_ask_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_ask'))
    )
    with op.batch_alter_table('unit_ask', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_ask_handoff_id'), ['handoff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_ask_next_check_at'), ['next_check_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_ask_unit_id'), ['unit_id'], unique=False)

    op.create_table('unit_ask_escalation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ask_id', sa.Integer(), nullable=False),
    sa.Column('rung', sa.SmallInteger(), nullable=False),
    sa.Column('due_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('fired_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('notified', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['ask_id'], ['unit_ask.id'], name=op.f('fk_unit_ask_escalation_ask_id_unit_ask')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_ask_escalation')),
    sa.UniqueConstraint('ask_id', 'rung', name=op.f('uq_unit_ask_escalation_ask_id_rung'))
    )


def downgrade():
    op.drop_table('unit_ask_escalation')
    with op.batch_alter_table('unit_ask', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_ask_unit_id'))
        batch_op.drop_index(batch_op.f('ix_unit_ask_next_check_at'))
        batch_op.drop_index(batch_op.f('ix_unit_ask_handoff_id'))

    op.drop_table('unit_ask')
    with op.batch_alter_table('handoff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_handed_at'))
        batch_op.drop_index(batch_op.f('ix_handoff_firm_id'))

    op.drop_table('handoff')
    op.drop_table('unit')
