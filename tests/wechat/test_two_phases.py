"""The webhook takes the bot's turn between a read phase and a write phase; a concurrent change redoes it."""
import pytest
import sqlalchemy as sa
from wechatpy import parse_message

from app.clock import utcnow
from app.extensions import db
from app.residents.models import Resident
from app.wechat import inbound
from app.wechat.models import InboundMessage
from app.wechat.simulator import text_xml
from bots.dialogue import step as real_step


@pytest.fixture(autouse=True)
def sqlite_only(ctx):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the two phases free SQLite's write lock; PostgreSQL answers in one transaction")


def test_a_turn_taken_on_a_state_another_message_changed_meanwhile_is_taken_again_on_the_new_one(wechat, monkeypatch):
    turns = []  # (state the turn was taken on, text, new state)

    def step(state, incoming, ctx, now):
        turn = real_step(state, incoming, ctx, now)
        turns.append((state, incoming.text, turn.new_state))
        if len(turns) == 1:  # between the first turn and its write phase, the resident's other message lands
            other = text_xml("o_res", "厨房水管漏水了", msg_id=902)
            inbound.receive(parse_message(other), other, now=utcnow())
        return turn

    monkeypatch.setattr("app.wechat.inbound.step", step)
    reply = wechat.reply_of(wechat.post(text_xml("o_res", "3号楼漏水了", msg_id=901)))

    [first, other, again] = turns
    assert first[:2] == (None, "3号楼漏水了") and other[:2] == (None, "厨房水管漏水了") and other[2]
    assert again[:2] == (other[2], "3号楼漏水了")  # taken again on the state the other message left
    resident = db.session.scalar(sa.select(Resident).where(Resident.openid == "o_res"))
    db.session.refresh(resident)
    assert resident.dialogue_state == again[2]
    rows = db.session.scalars(sa.select(InboundMessage).order_by(InboundMessage.id)).all()
    assert [(r.content, r.reply) for r in rows] == [("厨房水管漏水了", rows[0].reply), ("3号楼漏水了", reply)]
    assert reply and rows[0].reply != reply


def test_a_copy_already_stored_is_answered_from_the_read_phase_without_taking_a_turn(wechat, monkeypatch):
    xml = text_xml("o_res", "3号楼漏水了", msg_id=903)
    first = wechat.reply_of(wechat.post(xml))
    monkeypatch.setattr("app.wechat.inbound.step", lambda *_: (_ for _ in ()).throw(AssertionError("bot ran")))
    assert wechat.reply_of(wechat.post(xml)) == first
    assert db.session.scalar(sa.select(sa.func.count()).select_from(InboundMessage)) == 1
