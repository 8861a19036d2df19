"""intake: staff corrections (改类重派) kept as labelled examples; a ticket's opened category

Revision ID: 7c3d9e5a1f42
Revises: d9fa1606f683
Create Date: 2026-12-03 10:45:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.db_types


# revision identifiers, used by Alembic.
revision = '7c3d9e5a1f42'
down_revision = 'd9fa1606f683'
branch_labels = None
depends_on = None


def upgrade():
    # NULL until staff first reclassify the ticket: then the category it was opened with (the bot's
    # reading), which the dashboard's bot precision is counted from.
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opened_category', sa.Enum('repair', 'emergency', 'dispute', 'complaint', 'inquiry', 'praise', name='category', native_enum=False, length=24), nullable=True))

    op.create_table('intake_correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('from_category', sa.Enum('repair', 'emergency', 'dispute', 'complaint', 'inquiry', 'praise', name='category', native_enum=False, length=24), nullable=False),
    sa.Column('to_category', sa.Enum('repair', 'emergency', 'dispute', 'complaint', 'inquiry', 'praise', name='category', native_enum=False, length=24), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('by_label', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_intake_correction_person_id_person')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_intake_correction_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_correction'))
    )
    with op.batch_alter_table('intake_correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intake_correction_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_intake_correction_ticket_id'), ['ticket_id'], unique=False)


def downgrade():
    with op.batch_alter_table('intake_correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intake_correction_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_intake_correction_at'))

    op.drop_table('intake_correction')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_column('opened_category')
