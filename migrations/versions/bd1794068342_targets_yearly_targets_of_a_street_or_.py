"""targets: yearly targets of a street or community; households per estate

Revision ID: bd1794068342
Revises: b7d4e2a91c05
Create Date: 2026-12-04 16:34:05.041538

"""
from alembic import op
import sqlalchemy as sa

import app.db_types


# revision identifiers, used by Alembic.
revision = 'bd1794068342'
down_revision = 'b7d4e2a91c05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('street_id', sa.Integer(), nullable=True),
    sa.Column('community_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('kind', sa.Enum('complaint_rate', 'mediation_rate', 'response_in_time', name='targetkind', native_enum=False, length=24), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('baseline', sa.Float(), nullable=True),
    sa.Column('baseline_entered', sa.Boolean(), nullable=False),
    sa.Column('set_by', sa.String(length=64), nullable=False),
    sa.Column('set_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(street_id IS NULL) <> (community_id IS NULL)', name=op.f('ck_target_one_place')),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_target_community_id_community')),
    sa.ForeignKeyConstraint(['street_id'], ['street.id'], name=op.f('fk_target_street_id_street')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target')),
    sa.UniqueConstraint('community_id', 'year', 'kind', name=op.f('uq_target_community_id_year_kind')),
    sa.UniqueConstraint('street_id', 'year', 'kind', name=op.f('uq_target_street_id_year_kind'))
    )
    # 户数 per estate, from the organisation file (NULL: not given).
    with op.batch_alter_table('estate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('households', sa.Integer(), nullable=True))


def downgrade():
    # In place (SQLite 3.35+ drops a column itself): copying the table would drop `estate`, which tickets refer to.
    with op.batch_alter_table('estate', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('households')
    op.drop_table('target')
