"""Which steps a member of staff may take on a ticket now, read from the ticket's own rules (the transition
table) and the access rules, so that the mobile page offers only the buttons the API would accept."""
from __future__ import annotations

from app.staff import access
from app.staff.access import StaffScope, TicketFacts
from app.tickets import rules
from app.tickets.models import Ticket

HOLDER_STEPS = ("accept", "arrive", "pause", "resume", "resolve", "return", "transfer", "reply")


def allowed(action: str, ticket: Ticket) -> bool:
    """The rules' answer for this ticket's status and category, without trying the step."""
    if not rules.has_step(ticket.category, action):
        return False
    if action in rules.IN_PLACE:
        return ticket.status in rules.IN_PLACE[action]
    return ticket.status in rules.TRANSITIONS[action][0]


def steps_for(ticket: Ticket, staff: StaffScope, facts: TicketFacts) -> list[str]:
    if access.holds(staff, facts):
        wanted = HOLDER_STEPS
    elif access.offered(staff, facts):
        wanted = ("accept",)
    else:
        return []
    return [action for action in wanted if allowed(action, ticket)]
