"""One ticket per problem (residents following a ticket, merged tickets) and notices to residents (公告).

Revision ID: 1ab5c55659cc
Revises: 5c257f18554f
Create Date: 2026-12-03 16:45:54.604736

"""
from alembic import op
import sqlalchemy as sa

import app.db_types


# revision identifiers, used by Alembic.
revision = '1ab5c55659cc'
down_revision = '5c257f18554f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('estate_id', sa.Integer(), nullable=True),
    sa.Column('buildings', sa.JSON(), nullable=False),
    sa.Column('kind', sa.Enum('water', 'power', 'gas', 'lift', 'storm', 'event', 'other', name='noticekind', native_enum=False, length=24), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('starts_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('by_label', sa.String(length=64), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('sent_customer', sa.Integer(), server_default='0', nullable=False),
    sa.Column('sent_template', sa.Integer(), server_default='0', nullable=False),
    sa.Column('not_reached', sa.Integer(), server_default='0', nullable=False),
    sa.Column('not_reached_why', sa.JSON(), nullable=False),
    sa.Column('answered', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_notice_community_id_community')),
    sa.ForeignKeyConstraint(['estate_id'], ['estate.id'], name=op.f('fk_notice_estate_id_estate')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_notice_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice'))
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index('ix_notice_active', ['community_id', 'ends_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_estate_id'), ['estate_id'], unique=False)

    op.create_table('ticket_follower',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('resident_openid', sa.String(length=64), nullable=False),
    sa.Column('via', sa.Enum('me_too', 'merge', name='followedvia', native_enum=False, length=24), nullable=False),
    sa.Column('joined_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_ticket_follower_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_follower')),
    sa.UniqueConstraint('ticket_id', 'resident_openid', name=op.f('uq_ticket_follower_ticket_id_resident_openid'))
    )
    with op.batch_alter_table('ticket_follower', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_follower_resident_openid'), ['resident_openid'], unique=False)
        batch_op.create_index(batch_op.f('ix_ticket_follower_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('ticket_merge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('merged_id', sa.Integer(), nullable=False),
    sa.Column('survivor_id', sa.Integer(), nullable=False),
    sa.Column('at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('by_label', sa.String(length=64), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['merged_id'], ['ticket.id'], name=op.f('fk_ticket_merge_merged_id_ticket')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_ticket_merge_person_id_person')),
    sa.ForeignKeyConstraint(['survivor_id'], ['ticket.id'], name=op.f('fk_ticket_merge_survivor_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_merge')),
    sa.UniqueConstraint('merged_id', name=op.f('uq_ticket_merge_merged_id'))
    )
    with op.batch_alter_table('ticket_merge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_merge_survivor_id'), ['survivor_id'], unique=False)



def downgrade():
    with op.batch_alter_table('ticket_merge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_merge_survivor_id'))

    op.drop_table('ticket_merge')
    with op.batch_alter_table('ticket_follower', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_follower_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_ticket_follower_resident_openid'))

    op.drop_table('ticket_follower')
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_estate_id'))
        batch_op.drop_index('ix_notice_active')

    op.drop_table('notice')
