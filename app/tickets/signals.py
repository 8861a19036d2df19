"""In-transaction hooks: other domains react to a ticket's change before it commits.

Listeners (routing, pushes, tracking) write their rows in the same session so that
the change and its consequences commit together; they never commit themselves.
"""
from blinker import Namespace

_signals = Namespace()

# sender: the Ticket; kwargs: action (the timeline event's, e.g. "accept"), now (aware UTC datetime)
ticket_changed = _signals.signal("ticket-changed")

# sender: a Ticket opened in this transaction, about to be inserted by a plain INSERT rather than
# a session flush (app.tickets.opening.insert_new): listeners that would set its columns in
# before_flush set them now.
ticket_inserting = _signals.signal("ticket-inserting")
