"""A photo through the signed webhook, with an open ticket and nothing being taken down."""
import sqlalchemy as sa

from app.extensions import db
from app.tickets.models import Ticket
from app.wechat.models import InboundMessage
from app.wechat.simulator import message_xml
from bots import messages
from factories import create_estate, create_ticket


def test_a_photo_through_the_webhook_attaches_and_the_message_row_names_the_ticket(wechat, ctx, now):
    ticket = create_ticket(create_estate(), now=now, resident_openid="o_res")
    response = wechat.post(message_xml("o_res", "image", {"PicUrl": "http://mmbiz/x.jpg", "MediaId": "m-9"}))
    assert wechat.reply_of(response) == messages.photo_added_to_ticket(ticket.number)
    assert [a.media_id for a in db.session.get(Ticket, ticket.id).attachments] == ["m-9"]
    assert db.session.scalar(sa.select(InboundMessage.ticket_id).where(InboundMessage.media_id == "m-9")) == ticket.id
