"""A resident's 取消工单 tells whoever holds the ticket or was offered it that it needs nothing more."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.intake.service import converse
from app.org.models import RoleKind
from app.pushes.models import Push
from app.routing import service as routing
from app.routing.models import TaskOffer
from app.routing.service import open_and_route
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Category, Status, Ticket
from app.tickets.service import TicketDraft
from bots import messages
from bots.models import Incoming
from factories import create_estate, create_person, create_pool_member, create_steward, create_ticket

RESIDENT = Actor.resident("o_res")


def draft(estate, **kw):
    base = dict(category=Category.REPAIR, estate_code=estate.code, description="厨房水管漏水", building="1",
                unit="2", room="501", skill="plumbing", resident_openid="o_res")
    return TicketDraft(**{**base, **kw})


def cancelled_pushes(ticket):
    return db.session.scalars(sa.select(Push).where(Push.ticket_id == ticket.id, Push.purpose == "cancelled")
                              .order_by(Push.id)).all()


@pytest.fixture
def estate(ctx):
    return create_estate()


def test_the_holder_of_a_dispatched_ticket_the_resident_cancels_is_told_not_to_come(estate, now):
    steward = create_steward(estate, skills="plumbing")
    ticket = open_and_route(draft(estate), now=now, by=RESIDENT)

    assert converse("o_res", Incoming(text=f"取消工单 {ticket.number}"), now=now) == [
        messages.ticket_cancelled(ticket.number)]
    [push] = cancelled_pushes(ticket)
    assert (push.recipient_person_id, push.template) == (steward.id, "ticket_progress")
    assert push.payload["data"]["note"] == "工单已撤销，无需处理"
    assert db.session.get(Ticket, ticket.id).status is Status.CANCELLED


def test_everyone_offered_a_cancelled_emergency_is_told_and_the_offers_close(estate, now):
    holder = create_steward(estate, skills="lift")
    other = create_steward(estate, skills="lift")
    ticket = open_and_route(draft(estate, category=Category.EMERGENCY, skill="lift", description="电梯困人"),
                            now=now, by=RESIDENT)
    routing.cancel(ticket.id, now=now + timedelta(minutes=1), by=RESIDENT, reason="居民撤销")

    assert {p.recipient_person_id for p in cancelled_pushes(ticket)} == {holder.id, other.id}
    assert db.session.scalar(sa.select(sa.func.count()).where(
        TaskOffer.ticket_id == ticket.id, TaskOffer.closed_at.is_(None))) == 0


def test_a_pool_member_offered_the_task_is_told_too(estate, now):
    lender = create_person()
    create_pool_member(lender, estate.grid.community_id, skills="lift")
    ticket = open_and_route(draft(estate, skill="lift", description="电梯按钮不亮"), now=now, by=RESIDENT)
    assert ticket.assignee_id is None  # nobody in the firm: offered to the pool
    routing.cancel(ticket.id, now=now, by=RESIDENT)
    assert [p.recipient_person_id for p in cancelled_pushes(ticket)] == [lender.id]


def test_a_ticket_nobody_was_given_cancels_with_no_push(estate, now):
    ticket = create_ticket(estate, now=now, resident_openid="o_res")
    routing.cancel(ticket.id, now=now, by=RESIDENT)
    assert cancelled_pushes(ticket) == []


def test_a_ticket_being_handled_is_refused_and_nobody_is_told(estate, now):
    steward = create_steward(estate, skills="plumbing")
    ticket = open_and_route(draft(estate), now=now, by=RESIDENT)
    tickets.accept(ticket.id, now=now, by=Actor.person(steward.id))
    with pytest.raises(tickets.TicketError):
        routing.cancel(ticket.id, now=now, by=RESIDENT)
    assert cancelled_pushes(ticket) == []
