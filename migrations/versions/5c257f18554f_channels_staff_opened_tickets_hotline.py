"""channels: a ticket's channel and call-back flag, 12345 hotline orders, staff numbers and Party members

Revision ID: 5c257f18554f
Revises: b7e2c4d91a05
Create Date: 2026-12-03 16:40:08.017781

"""
from alembic import op
import sqlalchemy as sa

import app.db_types


# revision identifiers, used by Alembic.
revision = '5c257f18554f'
down_revision = 'b7e2c4d91a05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('hotline_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('sign_due_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reply_due_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('received_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reply', sa.Text(), nullable=True),
    sa.Column('replied_at', app.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('returned_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('returned_at', app.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('return_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_hotline_order_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hotline_order')),
    sa.UniqueConstraint('number', name=op.f('uq_hotline_order_number')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_hotline_order_ticket_id'))
    )
    with op.batch_alter_table('hotline_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hotline_order_replied_at'), ['replied_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_hotline_order_reply_due_at'), ['reply_due_at'], unique=False)

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('staff_number', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('party_member', sa.Boolean(), server_default=sa.false(), nullable=False))

    # The free-text source becomes the channel (渠道): the webhook's tickets are wechat, the resident
    # API's miniprogram; nothing else was ever written.
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.Enum('wechat', 'miniprogram', 'phone', 'walk_in', 'hotline_12345', 'patrol', name='channel', native_enum=False, length=16), nullable=True))
        batch_op.add_column(sa.Column('call_back', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute("UPDATE ticket SET channel = CASE WHEN source = 'miniprogram' THEN 'miniprogram' ELSE 'wechat' END")
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.alter_column('channel', existing_type=sa.Enum('wechat', 'miniprogram', 'phone', 'walk_in', 'hotline_12345', 'patrol', name='channel', native_enum=False, length=16), nullable=False)
        batch_op.drop_column('source')


def downgrade():
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.VARCHAR(length=16), nullable=True))
    # A staff-opened ticket had no source before: it reads as the resident's own (miniprogram).
    op.execute("UPDATE ticket SET source = CASE WHEN channel = 'wechat' THEN 'wechat' ELSE 'miniprogram' END")
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.alter_column('source', existing_type=sa.VARCHAR(length=16), nullable=False)
        batch_op.drop_column('call_back')
        batch_op.drop_column('channel')

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('party_member')
        batch_op.drop_column('staff_number')

    with op.batch_alter_table('hotline_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hotline_order_reply_due_at'))
        batch_op.drop_index(batch_op.f('ix_hotline_order_replied_at'))

    op.drop_table('hotline_order')
