"""Ticket search (number, the resident's words, the resident's phone), each only where the reader may read it.

The two conditions below are the SQL twins of access.sees_content and access.sees_phone (tests/dashboard/
test_search.py holds them to the same answers): a search must never find a ticket by words or a number the
reader is not shown — finding it would tell them what it hides."""
from __future__ import annotations

import re

import sqlalchemy as sa

from app.staff.access import StaffScope
from app.staff.redact import redact
from app.tickets.models import Category, Ticket

PHONE = re.compile(r"\+?\d[\d -]{5,18}\d\Z")
# Four digits in a row could be the hidden middle of a phone (138****5678): words with such a run are searched
# only where the reader sees numbers in full, and so are words the mask would change (a phone, an ID number).
DIGITS = re.compile(r"\d{4}")


def matching(text: str, viewer: StaffScope) -> sa.ColumnElement[bool]:
    """Tickets whose number or words contain `text`, or whose resident's phone is `text`."""
    text = text.strip()
    found = [Ticket.number.contains(text.upper(), autoescape=True)]
    words = Ticket.description.icontains(text, autoescape=True)
    hides_numbers = redact(text) != text or DIGITS.search(text)
    found.append(sa.and_(words, content_visible(viewer), phone_visible(viewer) if hides_numbers else sa.true()))
    if PHONE.match(text):
        found.append(sa.and_(Ticket.resident_phone == re.sub(r"[ -]", "", text), phone_visible(viewer)))
    return sa.or_(*found)


def content_visible(viewer: StaffScope) -> sa.ColumnElement[bool]:
    """access.sees_content: a dispute's words are for the grid's branch and the community's supervisor."""
    return sa.or_(Ticket.category != Category.DISPUTE,
                  Ticket.grid_id.in_(viewer.secretary_grids | viewer.mediator_grids),
                  Ticket.community_id.in_(viewer.supervised_communities))


def phone_visible(viewer: StaffScope) -> sa.ColumnElement[bool]:
    """access.sees_phone: the resident's number is for the person who holds the ticket (the page's scope
    already keeps the search to where the reader works)."""
    return Ticket.assignee_id == viewer.person_id if viewer.person_id else sa.false()
