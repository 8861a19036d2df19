"""Tickets (工单): a resident's request from opening to closing, every step on record."""
