"""h5: a steward's photos kept with the ticket's attachments (their type and checked bytes)

Revision ID: b7e2c4d91a05
Revises: bd19cfa04ef0
Create Date: 2026-12-03 16:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2c4d91a05'
down_revision = 'bd19cfa04ef0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_type', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('content', sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_column('content')
        batch_op.drop_column('content_type')
