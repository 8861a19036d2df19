"""An emergency through the conversation: a number to call back, and the same emergency said again."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.pushes.models import Push
from app.residents.models import Resident
from app.intake.service import converse
from app.tickets.models import Ticket
from bots import messages
from bots.models import Incoming
from factories import create_estate, create_steward

LIFT = "1号楼电梯困人了，我妈被关在里面"


def say(openid, text, now):
    return converse(openid, Incoming(text=text), now=now)


def all_tickets():
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Ticket).order_by(Ticket.id)))


def purposes(ticket):
    return [p.purpose for p in db.session.scalars(sa.select(Push).where(Push.ticket_id == ticket.id)
                                                  .order_by(Push.id))]


@pytest.fixture
def estate(ctx):
    estate = create_estate()
    create_steward(estate, skills="lift", name="王建国")
    create_steward(estate, skills="gas")
    return estate


def test_an_emergency_carries_the_residents_known_phone(estate, now):
    db.session.add(Resident(openid="o_res", phone="13800138000", created_at=now))
    db.session.commit()
    replies = say("o_res", LIFT, now)
    [ticket] = all_tickets()
    assert ticket.resident_phone == "13800138000"
    assert replies[-1] == messages.ticket_opened(ticket.number, "emergency", phone=True)


def test_with_no_phone_the_bot_asks_for_one_after_opening_and_puts_it_on_the_ticket(estate, now):
    replies = say("o_res", LIFT, now)
    [ticket] = all_tickets()
    assert ticket.resident_phone is None
    assert replies[-1].endswith(messages.ASK_EMERGENCY_PHONE) and ticket.number in replies[-1]

    assert say("o_res", "13912345678", now + timedelta(minutes=1)) == [messages.phone_added(ticket.number)]
    [ticket] = all_tickets()
    assert ticket.resident_phone == "13912345678"
    assert [e.action for e in ticket.events][-1] == "add_phone"
    assert purposes(ticket).count("phone_added") == 1  # the holder is told; the push names no number
    assert "13912345678" not in str(db.session.scalars(sa.select(Push.payload)).all())
    assert db.session.scalar(sa.select(Resident.phone).where(Resident.openid == "o_res")) == "13912345678"


def test_the_same_emergency_again_minutes_later_is_attached_not_opened_twice(estate, now):
    say("o_res", LIFT, now)
    [ticket] = all_tickets()
    alerts = purposes(ticket).count("emergency_alert")

    replies = say("o_res", "电梯里还关着人，快来人啊", now + timedelta(minutes=3))
    assert replies[-1] == messages.merged_into(ticket.number)
    [same] = all_tickets()
    assert same.events[-1].action == "merge" and same.events[-1].reason == "电梯里还关着人，快来人啊"
    assert purposes(same).count("emergency_alert") == alerts
    assert purposes(same).count("emergency_repeat") == 1  # only the holder hears it again


def test_an_emergency_after_the_window_opens_a_new_ticket(estate, now, app):
    say("o_res", LIFT, now)
    say("o_res", "电梯困人了，快来", now + timedelta(minutes=app.config["EMERGENCY_MERGE_MINUTES"] + 1))
    assert len(all_tickets()) == 2


def test_another_residents_emergency_or_one_at_another_estate_is_its_own_ticket(estate, now):
    other_estate = create_estate(name="阳光花园")
    create_steward(other_estate, skills="lift")
    say("o_res", "测试小区" + LIFT, now)
    say("o_neighbour", "测试小区" + LIFT, now)
    say("o_res", "阳光花园1号楼电梯困人了", now)
    assert [(t.resident_openid, t.estate_id) for t in all_tickets()] == [
        ("o_res", estate.id), ("o_neighbour", estate.id), ("o_res", other_estate.id)]


def test_a_repeat_that_gives_a_number_puts_it_on_the_open_emergency(estate, now):
    say("o_res", LIFT, now)
    say("o_res", "不方便", now + timedelta(minutes=1))
    say("o_res", "电梯还困着人，我电话13912345678", now + timedelta(minutes=2))
    [ticket] = all_tickets()
    assert ticket.resident_phone == "13912345678"
    assert [e.action for e in ticket.events][-2:] == ["merge", "add_phone"]
