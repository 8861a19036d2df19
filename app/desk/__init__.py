"""Tickets staff open for a resident who phoned or came in (代报), and what residents are told (三告知)."""
