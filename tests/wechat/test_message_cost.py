"""What one resident message costs the database through the webhook: counted statements, not
timings (bench/bench_burst_kinds.py and bench/bench_webhook.py time it)."""
import sqlalchemy as sa

from app.extensions import db
from app.residents.models import Resident
from app.wechat.models import InboundMessage
from bots import messages
from factories import create_estate, create_steward
from sql_counting import counted


def test_a_read_back_costs_at_most_6_statements_with_the_replay_guard(wechat, ctx):
    estate = create_estate(buildings=("3",), name="幸福里小区")
    create_steward(estate, skills="plumbing")
    db.session.commit()
    wechat.say("o_res", "你好")  # a known resident, as in the burst
    db.session.remove()

    with counted() as seen:
        reply = wechat.say("o_res", "3号楼2单元501厨房水管漏水了 13812345678")

    assert "3号楼2单元501" in reply
    # the guard, the message, the resident, the dialogue state and the reply
    assert len(seen) <= 6, "\n".join(seen)
    db.session.remove()
    state = db.session.scalar(sa.select(Resident.dialogue_state).where(Resident.openid == "o_res"))
    stored = db.session.scalars(sa.select(InboundMessage.reply).order_by(InboundMessage.id.desc())).first()
    assert state["awaiting"] == "confirm" and stored == reply


def test_a_digit_with_nothing_awaiting_a_rating_is_not_taken_as_one(wechat, ctx):
    estate = create_estate(buildings=("3",), name="幸福里小区")
    create_steward(estate, skills="plumbing")
    db.session.commit()
    wechat.say("o_res", "3号楼2单元501厨房水管漏水了 13812345678")
    wechat.say("o_res", "1")

    reply = wechat.say("o_res", "5")

    assert reply != messages.rating_thanks(5)


def test_a_copy_of_an_answered_message_gets_the_stored_reply_in_at_most_3_statements(wechat, ctx):
    from app.wechat.simulator import text_xml

    xml = text_xml("o_res", "你好")
    first = wechat.reply_of(wechat.post(xml))
    with counted() as seen:
        again = wechat.reply_of(wechat.post(xml))
    assert again == first
    assert len(seen) <= 3, seen  # the guard (a retry is signed anew), the message, its stored reply
    assert db.session.scalar(sa.select(sa.func.count()).select_from(InboundMessage)) == 1
