"""WeChat's retries arriving at the same time as the first copy, over real HTTP (threaded server)."""
import threading
import urllib.request
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.tickets.models import Ticket
from app.wechat.models import InboundMessage
from app.wechat.simulator import read_reply, sign, text_xml
from factories import create_estate, create_steward

ROUNDS = 6


def post_twice_at_once(url: str, query: dict, body: bytes) -> list[tuple[int, bytes]]:
    barrier, answers = threading.Barrier(2), [None, None]

    def post(i):
        request = urllib.request.Request(f"{url}?{urlencode(query)}", data=body,
                                         headers={"Content-Type": "text/xml"})
        barrier.wait()
        with urllib.request.urlopen(request, timeout=15) as response:
            answers[i] = (response.status, response.read())

    threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_two_copies_of_a_message_at_the_same_time_get_the_same_reply_and_are_stored_once(ctx, server):
    estate = create_estate(buildings=("3",), name="阳光花园")
    create_steward(estate, skills="lift,plumbing")
    token = ctx.config["WECHAT_TOKEN"]
    texts = ["3号楼电梯困人了，快来人", "3号楼2单元501厨房水管漏水了 13812345678"]
    for round_ in range(ROUNDS):
        # a new resident each round: the copies also race to create the resident
        signed = sign(text_xml(f"o_twin_{round_}", texts[round_ % 2], msg_id=9000 + round_), token=token)
        first, second = post_twice_at_once(f"{server}/wechat", signed.query, signed.body)
        assert first[0] == second[0] == 200
        reply = read_reply(first[1].decode(), token=token)
        assert reply and read_reply(second[1].decode(), token=token) == reply
    db.session.expire_all()
    keys = db.session.scalars(sa.select(InboundMessage.dedupe_key)).all()
    assert sorted(keys) == sorted(f"msg:{9000 + r}" for r in range(ROUNDS))
    opened = db.session.scalars(sa.select(Ticket.resident_openid)).all()
    assert sorted(opened) == sorted(f"o_twin_{r}" for r in range(0, ROUNDS, 2))  # emergencies open at once
