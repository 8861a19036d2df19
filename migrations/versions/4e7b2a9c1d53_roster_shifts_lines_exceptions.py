"""roster: a firm's shifts, its weekly pattern and the exceptions to it (排班)

Revision ID: 4e7b2a9c1d53
Revises: b53829ec0054
Create Date: 2026-12-03 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4e7b2a9c1d53'
down_revision = 'b53829ec0054'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('shift',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('start_minute', sa.Integer(), nullable=False),
    sa.Column('end_minute', sa.Integer(), nullable=False),
    sa.Column('overnight', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], name=op.f('fk_shift_firm_id_firm')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shift')),
    sa.UniqueConstraint('firm_id', 'code', name=op.f('uq_shift_firm_id_code'))
    )
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shift_firm_id'), ['firm_id'], unique=False)

    op.create_table('roster_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('shift_id', sa.Integer(), nullable=False),
    sa.Column('weekdays', sa.String(length=7), nullable=False),
    sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], name=op.f('fk_roster_line_firm_id_firm')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_roster_line_person_id_person')),
    sa.ForeignKeyConstraint(['shift_id'], ['shift.id'], name=op.f('fk_roster_line_shift_id_shift'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_line')),
    sa.UniqueConstraint('person_id', 'shift_id', name=op.f('uq_roster_line_person_id_shift_id'))
    )
    with op.batch_alter_table('roster_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_line_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roster_line_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roster_line_shift_id'), ['shift_id'], unique=False)

    op.create_table('roster_exception',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('leave', 'swap', 'extra', 'holiday', name='exceptionkind', native_enum=False, length=16), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('other_id', sa.Integer(), nullable=True),
    sa.Column('shift_id', sa.Integer(), nullable=True),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], name=op.f('fk_roster_exception_firm_id_firm')),
    sa.ForeignKeyConstraint(['other_id'], ['person.id'], name=op.f('fk_roster_exception_other_id_person')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_roster_exception_person_id_person')),
    sa.ForeignKeyConstraint(['shift_id'], ['shift.id'], name=op.f('fk_roster_exception_shift_id_shift'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_exception'))
    )
    with op.batch_alter_table('roster_exception', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_exception_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roster_exception_last_day'), ['last_day'], unique=False)
        batch_op.create_index(batch_op.f('ix_roster_exception_person_id'), ['person_id'], unique=False)


def downgrade():
    op.drop_table('roster_exception')
    op.drop_table('roster_line')
    op.drop_table('shift')
