"""assessments: owners' committee members and their monthly assessment of the firm

Revision ID: 05c32cae828c
Revises: a3794a663894
Create Date: 2026-12-04 16:34:18.350195

"""
from alembic import op
import sqlalchemy as sa

import app.db_types


# revision identifiers, used by Alembic.
revision = '05c32cae828c'
down_revision = 'a3794a663894'
branch_labels = None
depends_on = None


def upgrade():
    # 业委会委员, named in the organisation file; kept inactive when the file drops them (their assessments stay).
    op.create_table('committee_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('openid', sa.String(length=64), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.ForeignKeyConstraint(['committee_id'], ['owners_committee.id'], name=op.f('fk_committee_member_committee_id_owners_committee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_member')),
    sa.UniqueConstraint('committee_id', 'name', name=op.f('uq_committee_member_committee_id_name'))
    )
    with op.batch_alter_table('committee_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_member_openid'), ['openid'], unique=False)

    op.create_table('assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('estate_id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.Column('grid_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('mean', sa.Float(), nullable=False),
    sa.Column('comment', sa.Text(), server_default='', nullable=False),
    sa.Column('submitted_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_assessment_community_id_community')),
    sa.ForeignKeyConstraint(['estate_id'], ['estate.id'], name=op.f('fk_assessment_estate_id_estate')),
    sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], name=op.f('fk_assessment_firm_id_firm')),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], name=op.f('fk_assessment_grid_id_grid')),
    sa.ForeignKeyConstraint(['member_id'], ['committee_member.id'], name=op.f('fk_assessment_member_id_committee_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment')),
    sa.UniqueConstraint('member_id', 'estate_id', 'month', name=op.f('uq_assessment_member_id_estate_id_month'))
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_month'), ['month'], unique=False)

    op.create_table('assessment_score',
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=32), nullable=False),
    sa.Column('score', sa.SmallInteger(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_assessment_score_assessment_id_assessment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assessment_id', 'item', name=op.f('pk_assessment_score'))
    )


def downgrade():
    op.drop_table('assessment_score')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_month'))
        batch_op.drop_index(batch_op.f('ix_assessment_firm_id'))

    op.drop_table('assessment')
    with op.batch_alter_table('committee_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_member_openid'))

    op.drop_table('committee_member')
