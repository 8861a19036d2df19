"""Notices to residents (公告): 停水, 停电, … posted by staff, pushed to residents, answered in the chat."""
