"""dashboard accounts and ticket period indexes

Revision ID: e431e3986e77
Revises: 96fc4724e57d
Create Date: 2026-11-21 10:19:05.370225

"""
from alembic import op
import sqlalchemy as sa

import app.db_types


# revision identifiers, used by Alembic.
revision = 'e431e3986e77'
down_revision = '96fc4724e57d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('community_id', sa.Integer(), nullable=True),
    sa.Column('firm_id', sa.Integer(), nullable=True),
    sa.Column('grid_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', app.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_account_community_id_community')),
    sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], name=op.f('fk_account_firm_id_firm')),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], name=op.f('fk_account_grid_id_grid')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_account_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('username', name=op.f('uq_account_username'))
    )
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_person_id'), ['person_id'], unique=False)

    # The dashboard reads one period of one scope at a time.
    op.create_index('ix_ticket_community_opened', 'ticket', ['community_id', 'opened_at'], unique=False)
    op.create_index('ix_ticket_firm_opened', 'ticket', ['firm_id', 'opened_at'], unique=False)
    op.create_index('ix_ticket_grid_opened', 'ticket', ['grid_id', 'opened_at'], unique=False)



def downgrade():
    op.drop_index('ix_ticket_grid_opened', table_name='ticket')
    op.drop_index('ix_ticket_firm_opened', table_name='ticket')
    op.drop_index('ix_ticket_community_opened', table_name='ticket')

    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_person_id'))

    op.drop_table('account')
