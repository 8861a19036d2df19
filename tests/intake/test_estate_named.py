"""converse(): a first message that names its estate is read back at once and opens there."""
import sqlalchemy as sa

from app.extensions import db
from app.intake.service import converse
from app.tickets.models import Ticket
from bots import messages
from bots.models import Incoming
from factories import create_estate, create_steward


def say(openid, text, now):
    return converse(openid, Incoming(text=text), now=now)


def test_a_request_naming_its_estate_is_not_asked_which_estate_and_opens_there(ctx, now):
    create_estate(code="XFL", name="幸福里小区", buildings=("1", "2"))
    sunny = create_estate(code="YGHY", name="阳光花园", buildings=("3",))
    create_steward(sunny, skills="plumbing")
    first = say("o_res", "阳光花园3号楼2单元501水管漏水 13812345678", now)
    assert len(first) == 1 and first[0].startswith("请核对：【报修】3号楼2单元501") and "哪个小区" not in first[0]
    opened = say("o_res", "1", now)
    ticket = db.session.scalar(sa.select(Ticket))
    assert opened == [messages.ticket_opened(ticket.number, "repair")]
    assert (ticket.estate.code, ticket.building.code, ticket.room) == ("YGHY", "3", "501")


def test_a_building_the_named_estate_does_not_have_is_refused_with_its_own_buildings(ctx, now):
    create_estate(code="XFL", name="幸福里小区", buildings=("1", "2", "3"))
    create_estate(code="YGHY", name="阳光花园", buildings=("5", "7"))
    assert say("o_res", "阳光3号楼2单元501水管漏水 13812345678", now) == [messages.unknown_building("3", ("5", "7"))]
