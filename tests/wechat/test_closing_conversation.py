"""Through the signed webhook: '谢谢' never traps a resident in a menu, a rating after it is kept,
and asking after an open ticket gets its progress (issue #17, 'ask when unsure, never drop a request')."""
import sqlalchemy as sa

from app.extensions import db
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Status, Ticket
from bots import messages
from factories import create_estate, create_steward, create_ticket, dispatch_to


def resolved_ticket(now, openid="o_res"):
    estate = create_estate(code="YGHY", name="阳光花园", buildings=("5", "6"))
    steward = create_steward(estate, name="王建国")
    ticket = dispatch_to(create_ticket(estate, now=now, building="5", resident_openid=openid), steward, now=now)
    by = Actor.person(steward.id)
    tickets.accept(ticket.id, now=now, by=by)
    tickets.resolve(ticket.id, note="已修好", now=now, by=by)
    return ticket


def rating_of(ticket):
    db.session.expire_all()
    return db.session.get(Ticket, ticket.id)


def test_thanks_then_a_5_rates_the_resolved_ticket(wechat, ctx, now):
    ticket = resolved_ticket(now)
    assert wechat.say("o_res", "好的谢谢师傅") == messages.YOU_ARE_WELCOME
    assert wechat.say("o_res", "5") == messages.rating_thanks(5)
    assert rating_of(ticket).rating == 5


def test_thanks_then_a_2_rates_the_ticket_and_reopens_it(wechat, ctx, now):
    ticket = resolved_ticket(now)
    assert wechat.say("o_res", "谢谢") == messages.YOU_ARE_WELCOME
    assert wechat.say("o_res", "2") == messages.rating_reopened(ticket.number)
    rated = rating_of(ticket)
    assert rated.rating == 2 and rated.status != Status.RESOLVED


def test_asking_when_the_open_ticket_is_done_shows_its_progress_and_opens_nothing(wechat, ctx, now):
    estate = create_estate(code="YGHY", name="阳光花园", buildings=("5", "6"))
    ticket = dispatch_to(create_ticket(estate, now=now, building="5", resident_openid="o_res"),
                         create_steward(estate), now=now)
    reply = wechat.say("o_res", "我的电梯到底什么时候修好？")
    assert ticket.number in reply and "催单" in reply and "哪个小区" not in reply
    assert wechat.say("o_res", "谢谢") == messages.YOU_ARE_WELCOME
    assert wechat.say("o_res", "催单") == messages.ticket_urged(ticket.number)
    assert db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 1

