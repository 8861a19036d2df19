"""merge the gateway, routing, tracking and dashboard branches

Revision ID: 79c840455a5c
Revises: 064c796abd94, c4faceb05d05, e431e3986e77, fd1975761b1c
Create Date: 2026-11-21 10:38:40.026498

"""
from alembic import op
import sqlalchemy as sa

import app.db_types


# revision identifiers, used by Alembic.
revision = '79c840455a5c'
down_revision = ('064c796abd94', 'c4faceb05d05', 'e431e3986e77', 'fd1975761b1c')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
