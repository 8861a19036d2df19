"""org: person.token_version, carried by API tokens and raised when roles change

Revision ID: 5b1e7c3a9d20
Revises: a50666632d62
Create Date: 2026-12-03 10:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1e7c3a9d20'
down_revision = 'a50666632d62'
branch_labels = None
depends_on = None


def upgrade():
    # Tokens issued before this revision carry no version and are refused: everyone logs in once more.
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('token_version')
