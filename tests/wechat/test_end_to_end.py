"""The whole intake through the signed webhook: a first message, the read-back, "1", a dispatched ticket."""
import sqlalchemy as sa

from app.extensions import db
from app.pushes.models import Push
from app.tickets.models import Status, Ticket
from app.wechat.models import InboundMessage
from bots import messages
from factories import create_estate, create_steward


def test_a_first_message_confirmed_with_1_opens_and_dispatches_a_ticket_through_the_webhook(wechat, ctx):
    estate = create_estate(buildings=("1", "3"), name="幸福里小区")
    steward = create_steward(estate, skills="plumbing", openid="o_steward_li")
    read_back = wechat.say("o_res", "3号楼2单元501厨房水管漏水了 13812345678")
    assert read_back.endswith(messages.CONFIRM_PROMPT) and "3号楼2单元501" in read_back
    opened = wechat.say("o_res", "1")
    ticket = db.session.scalar(sa.select(Ticket))
    assert opened == messages.ticket_opened(ticket.number, "repair")
    assert (ticket.status, ticket.assignee_id, ticket.building.code, ticket.room) == (
        Status.DISPATCHED, steward.id, "3", "501")
    push = db.session.scalar(sa.select(Push).where(Push.ticket_id == ticket.id))
    assert push.template == "task_assigned" and push.recipient_person_id == steward.id
    row = db.session.scalars(sa.select(InboundMessage).order_by(InboundMessage.id.desc())).first()
    assert row.ticket_id == ticket.id
