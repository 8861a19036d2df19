"""surveys: satisfaction surveys per estate and period, answers per household, running tallies

Revision ID: fc8ff0b57c69
Revises: bd1794068342
Create Date: 2026-12-04 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.db_types


# revision identifiers, used by Alembic.
revision = 'fc8ff0b57c69'
down_revision = 'bd1794068342'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('survey',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('estate_id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=True),
    sa.Column('grid_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('first', sa.Date(), nullable=False),
    sa.Column('last', sa.Date(), nullable=False),
    sa.Column('questions', sa.JSON(), nullable=False),
    sa.Column('open_question', sa.String(length=60), nullable=False),
    sa.Column('started_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closes_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', app.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('by_label', sa.String(length=64), nullable=False),
    sa.Column('sent_customer', sa.Integer(), server_default='0', nullable=False),
    sa.Column('sent_template', sa.Integer(), server_default='0', nullable=False),
    sa.Column('not_reached', sa.JSON(), nullable=False),
    sa.Column('answers', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_survey_community_id_community')),
    sa.ForeignKeyConstraint(['estate_id'], ['estate.id'], name=op.f('fk_survey_estate_id_estate')),
    sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], name=op.f('fk_survey_firm_id_firm')),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], name=op.f('fk_survey_grid_id_grid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey'))
    )
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_community_id'), ['community_id'], unique=False)
        batch_op.create_index('ix_survey_estate_period', ['estate_id', 'first', 'last'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_firm_id'), ['firm_id'], unique=False)

    op.create_table('survey_tally',
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('question', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_tally_survey_id_survey')),
    sa.PrimaryKeyConstraint('survey_id', 'question', name=op.f('pk_survey_tally'))
    )
    op.create_table('survey_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('household', sa.String(length=64), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('answered_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], name=op.f('fk_survey_answer_resident_id_resident')),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_answer_survey_id_survey')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answer')),
    sa.UniqueConstraint('survey_id', 'household', name=op.f('uq_survey_answer_survey_id_household'))
    )
    with op.batch_alter_table('survey_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_answer_resident_id'), ['resident_id'], unique=False)

    op.create_table('survey_score',
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('question', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.CheckConstraint('score BETWEEN 1 AND 5', name=op.f('ck_survey_score_score_1_to_5')),
    sa.ForeignKeyConstraint(['answer_id'], ['survey_answer.id'], name=op.f('fk_survey_score_answer_id_survey_answer')),
    sa.PrimaryKeyConstraint('answer_id', 'question', name=op.f('pk_survey_score'))
    )
    # The survey pushed to a resident and not yet answered: the chat reads it off the resident's row.
    with op.batch_alter_table('resident', schema=None) as batch_op:
        batch_op.add_column(sa.Column('survey_pending_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_resident_survey_pending_id'), ['survey_pending_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_resident_survey_pending_id_survey'), 'survey', ['survey_pending_id'], ['id'])



def downgrade():
    with op.batch_alter_table('resident', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_resident_survey_pending_id_survey'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_resident_survey_pending_id'))
        batch_op.drop_column('survey_pending_id')

    op.drop_table('survey_score')
    with op.batch_alter_table('survey_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_answer_resident_id'))

    op.drop_table('survey_answer')
    op.drop_table('survey_tally')
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_firm_id'))
        batch_op.drop_index('ix_survey_estate_period')
        batch_op.drop_index(batch_op.f('ix_survey_community_id'))

    op.drop_table('survey')
