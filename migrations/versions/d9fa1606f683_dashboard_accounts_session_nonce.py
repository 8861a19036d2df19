"""dashboard accounts: a server-side session nonce, so logging out ends the session

Revision ID: d9fa1606f683
Revises: 5b7e2c91d0a4
Create Date: 2026-12-03 09:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd9fa1606f683'
down_revision = '5b7e2c91d0a4'
branch_labels = None
depends_on = None


def upgrade():
    # Sessions opened before this revision carry no nonce and end at their next page: everyone logs in once.
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_nonce', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_column('session_nonce')
