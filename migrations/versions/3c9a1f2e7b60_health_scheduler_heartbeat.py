"""health: the scheduler's heartbeat per deployment and job

Revision ID: 3c9a1f2e7b60
Revises: 7c3d9e5a1f42
Create Date: 2026-12-03 10:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.db_types


# revision identifiers, used by Alembic.
revision = '3c9a1f2e7b60'
down_revision = '7c3d9e5a1f42'
branch_labels = None
depends_on = None


def upgrade():
    # One row per (deployment, job), rewritten after each pass: /healthz answers 503 when it is old.
    op.create_table('heartbeat',
    sa.Column('deployment', sa.String(length=64), nullable=False),
    sa.Column('job', sa.String(length=48), nullable=False),
    sa.Column('started_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('deployment', 'job', name=op.f('pk_heartbeat'))
    )


def downgrade():
    op.drop_table('heartbeat')
