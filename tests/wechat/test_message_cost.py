"""What one resident message costs the database through the webhook: counted statements, not
timings (bench/bench_burst_kinds.py and bench/bench_webhook.py time it)."""
import sqlalchemy as sa

from app.extensions import db
from app.residents.models import Resident
from app.wechat.models import InboundMessage
from bots import messages
from factories import create_estate, create_steward
from sql_counting import counted


def ticket_reads(seen):
    return [s for s in seen if s.startswith("SELECT") and "FROM ticket" in s]


GUARD = "INSERT INTO signed_request"  # the replay guard's own transaction comes first (app/wechat/replay.py)


def test_a_read_back_costs_3_statements_after_the_guard_on_postgresql_and_does_not_read_the_tickets(wechat, ctx):
    estate = create_estate(buildings=("3",), name="幸福里小区")
    create_steward(estate, skills="plumbing")
    db.session.commit()
    wechat.say("o_res", "你好")  # a known resident, as in the burst
    db.session.remove()

    with counted() as seen:
        reply = wechat.say("o_res", "3号楼2单元501厨房水管漏水了 13812345678")

    assert "3号楼2单元501" in reply
    if db.engine.dialect.name == "postgresql":
        # the message, the resident touched, then the reply and the dialogue state in one statement;
        # the dialogue did not look at the resident's tickets, so they were not read
        assert [s.split(" (")[0].split(" SET")[0] for s in seen] == [
            GUARD, "INSERT INTO inbound_message", "INSERT INTO resident", "WITH saved_state AS"], seen
    else:
        # the read phase (a stored copy? the resident: one statement), then the write phase:
        # message, resident, state, reply; the tickets are not read either
        assert [s.split(" (")[0].split(" SET")[0].split(" AS ")[0] for s in seen] == [
            GUARD, "SELECT inbound_message.id", "INSERT INTO inbound_message", "INSERT INTO resident", "UPDATE resident",
            "UPDATE inbound_message"], seen
    db.session.remove()
    state = db.session.scalar(sa.select(Resident.dialogue_state).where(Resident.openid == "o_res"))
    stored = db.session.scalars(sa.select(InboundMessage.reply).order_by(InboundMessage.id.desc())).first()
    assert state["awaiting"] == "confirm" and stored == reply  # both halves of the one statement landed


def test_a_rating_like_reply_reads_the_tickets_and_rates_the_one_awaiting(wechat, ctx):
    estate = create_estate(buildings=("3",), name="幸福里小区")
    create_steward(estate, skills="plumbing")
    db.session.commit()
    wechat.say("o_res", "3号楼2单元501厨房水管漏水了 13812345678")
    wechat.say("o_res", "1")

    with counted() as seen:
        reply = wechat.say("o_res", "5")  # nothing is awaiting a rating: the digit is not taken as one
    assert len(ticket_reads(seen)) == 1 and reply != messages.rating_thanks(5)


def test_a_copy_of_an_answered_message_gets_the_stored_reply_from_its_insert_on_postgresql(wechat, ctx):
    from app.wechat.simulator import text_xml

    xml = text_xml("o_res", "你好")
    first = wechat.reply_of(wechat.post(xml))
    with counted() as seen:
        again = wechat.reply_of(wechat.post(xml))
    assert again == first
    assert len(seen) == 2 and seen[0].startswith(GUARD), seen  # a retry signed anew: a new pair
    if db.engine.dialect.name == "postgresql":
        assert seen[1].startswith("INSERT INTO inbound_message"), seen
    else:  # the read phase finds the stored copy
        assert seen[1].startswith("SELECT inbound_message.id AS stored_id"), seen
    assert db.session.scalar(sa.select(sa.func.count()).select_from(InboundMessage)) == 1
