"""wechat: signed requests seen lately (the webhook's replay guard)

Revision ID: 5b7e2c91d0a4
Revises: 5b1e7c3a9d20
Create Date: 2026-12-03 10:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.db_types


# revision identifiers, used by Alembic.
revision = '5b7e2c91d0a4'
down_revision = '5b1e7c3a9d20'
branch_labels = None
depends_on = None


def upgrade():
    # One row per (timestamp, nonce) WeChat signed a webhook request with, kept while the timestamp
    # is inside the replay window; the primary key is what refuses a second body for the same pair.
    op.create_table('signed_request',
    sa.Column('signed_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('body_sha256', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('signed_at', 'nonce', name=op.f('pk_signed_request'))
    )


def downgrade():
    op.drop_table('signed_request')
