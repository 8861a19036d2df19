"""Indexes the dashboard's queries need on the ticket table (every figure is a period × scope scan)."""
import sqlalchemy as sa

from app.tickets.models import Ticket

# Each scope (community, grid, firm) reads one period at a time.
sa.Index("ix_ticket_community_opened", Ticket.community_id, Ticket.opened_at)
sa.Index("ix_ticket_grid_opened", Ticket.grid_id, Ticket.opened_at)
sa.Index("ix_ticket_firm_opened", Ticket.firm_id, Ticket.opened_at)
