"""The webhook with an LLM reader configured (a local fake endpoint): its reading is used when valid;
when it hangs or answers nonsense the local reader answers, fast, and nothing is lost."""
import time

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.tickets.models import Category, Ticket
from app.wechat.models import InboundMessage, InboundStatus
from factories import create_estate, create_steward

REQUEST = "3号楼2单元501厨房水管漏水了，电话13812345678"
BUDGET = 1.0  # the llm fixture's INTAKE_LLM_TIMEOUT_SECONDS


@pytest.fixture
def estate(ctx):
    estate = create_estate(buildings=("1", "3"), name="幸福里小区")
    create_steward(estate, skills="plumbing")
    return estate


def timed_say(wechat, text: str) -> tuple[str, float]:
    started = time.monotonic()
    reply = wechat.say("o_res", text)
    return reply, time.monotonic() - started


def test_the_llms_category_and_place_are_taken_and_the_phone_never_leaves(wechat, llm, estate):
    llm.answers(category="dispute", building="3", unit="2", room="502")
    reply, _ = timed_say(wechat, "3栋2单元502楼上天天漏水下来他家也不管 13812345678")
    assert "【纠纷】3号楼2单元502" in reply
    assert "13812345678" not in str(llm.last["body"]) and "138****5678" in str(llm.last["body"])
    assert "1, 3" in llm.last["body"]["messages"][0]["content"]


def test_a_request_the_local_reader_would_ask_about_is_filed_as_the_llm_reads_it(wechat, llm, estate):
    llm.answers(category="complaint")
    reply, _ = timed_say(wechat, "垃圾")
    assert "请回复数字" not in reply  # the category question
    assert "【投诉】" in wechat.say("o_res", "13812345678")


@pytest.mark.parametrize("failure", ["hang", "html", "429", "500", "not json", "unknown category"])
def test_when_the_llm_fails_the_local_reader_answers_fast_and_nothing_is_lost(wechat, llm, estate, failure):
    if failure == "not json":
        llm.says("好的，这是一条报修。")
    elif failure == "unknown category":
        llm.answers(category="maintenance", building="1")
    else:
        llm.fails(failure)
    reply, took = timed_say(wechat, REQUEST)
    assert "【报修】3号楼2单元501" in reply and took < BUDGET + 1.5  # a hang (HANG_SECONDS) was given up on
    assert_answered_and_opens(wechat, reply)


def test_a_building_the_llm_made_up_is_dropped_and_the_local_place_stands(wechat, llm, estate):
    llm.answers(category="repair", building="99", unit="9", room="909")
    reply, _ = timed_say(wechat, REQUEST)
    assert "【报修】3号楼2单元501" in reply and "99" not in reply
    assert_answered_and_opens(wechat, reply)


def test_the_llm_cannot_take_an_emergency_away_from_the_rules(wechat, llm, estate):
    llm.answers(category="inquiry")
    reply, _ = timed_say(wechat, "3号楼电梯里有人被困住了")
    assert "紧急" in reply or "困" in reply
    assert db.session.scalar(sa.select(Ticket.category)) == Category.EMERGENCY
    assert llm.requests == []


def assert_answered_and_opens(wechat, reply: str) -> None:
    row = db.session.scalar(sa.select(InboundMessage).where(InboundMessage.reply == reply))
    assert row.status == InboundStatus.ANSWERED
    wechat.say("o_res", "1")
    ticket = db.session.scalar(sa.select(Ticket))
    assert (ticket.category, ticket.building.code, ticket.room) == (Category.REPAIR, "3", "501")
