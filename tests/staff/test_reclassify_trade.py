"""改类 to a repair or an emergency reads the trade again from the resident's words, so the ticket goes
to a steward who can fix it (a lift fault once reclassified from a complaint went to a plumber)."""
from datetime import timedelta

import pytest

from app.routing.models import TaskOffer
from app.staff.reclassify import reclassify_ticket
from app.staff.scopes import staff_scope
from app.routing.service import open_and_route
from app.extensions import db
from app.tickets.actors import Actor
from app.tickets.models import Category
from app.tickets.service import TicketDraft
from tests.api.helpers import build_street

import sqlalchemy as sa

M = timedelta(minutes=1)


@pytest.fixture
def street(ctx, now):
    return build_street(now)


def opened(street, now, **kw):
    base = dict(category=Category.COMPLAINT, estate_code=street.estate.code, building="1", unit="2", room="501",
                skill=None, resident_openid=street.resident.openid, resident_phone="13800138000")
    return open_and_route(TicketDraft(**{**base, **kw}), now=now, by=Actor.resident(street.resident.openid))


def reclassify(ticket, person, category, *, now):
    return reclassify_ticket(ticket.id, category=category, reason="其实是报修", now=now,
                             staff=staff_scope(person.id), by=Actor.person(person.id, person.code))


def test_a_lift_fault_reclassified_from_a_complaint_goes_to_lift_people_not_the_plumber(street, now):
    ticket = opened(street, now, description="3号楼电梯又坏了，物业一直不修")
    ticket = reclassify(ticket, street.secretary, Category.REPAIR, now=now + 2 * M)

    assert ticket.skill == "lift"
    assert ticket.assignee_id != street.steward.id  # 王建国 is a plumber
    offered = set(db.session.scalars(sa.select(TaskOffer.person_id).where(TaskOffer.ticket_id == ticket.id)))
    assert offered == {street.lender.id, street.lender2.id}  # nobody in the firm has the trade: the pool


def test_a_light_out_reclassified_to_a_repair_goes_to_the_electrician(street, now):
    ticket = opened(street, now, description="楼道灯不亮半个月了，投诉物业没人管")
    ticket = reclassify(ticket, street.manager, Category.REPAIR, now=now + 2 * M)
    assert (ticket.skill, ticket.assignee_id) == ("electrical", street.colleague.id)


def test_a_ticket_reclassified_away_from_the_trades_keeps_the_skill_it_had(street, now):
    ticket = opened(street, now, category=Category.REPAIR, skill="plumbing", description="厨房水管漏水")
    ticket = reclassify(ticket, street.manager, Category.COMPLAINT, now=now + 2 * M)
    assert ticket.skill == "plumbing"
