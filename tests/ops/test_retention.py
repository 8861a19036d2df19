"""Retention: raw messages and finished pushes' payloads are blanked past RAW_RETENTION_DAYS; tickets stay."""
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.pushes.models import Push, PushStatus
from app.scheduler import build_scheduler
from app.tickets.models import Ticket, TicketEvent
from app.wechat.models import InboundMessage
from app.wechat.simulator import sign, text_xml
from tests.factories import create_estate, create_push, create_ticket

WORDS = "3号楼漏水了，电话13912345678"


def post(client, ctx, msg_id: int):
    signed = sign(text_xml("o_res", WORDS, msg_id=msg_id), token=ctx.config["WECHAT_TOKEN"])
    response = client.post("/wechat", query_string=signed.query, data=signed.body, content_type="text/xml")
    assert response.status_code == 200


def run_retention(ctx):
    db.session.rollback()  # the job writes in its own transaction; hold no SQLite lock meanwhile
    build_scheduler(ctx).get_job("retention").func()


def message(msg_id: int) -> InboundMessage:
    db.session.expire_all()
    return db.session.scalar(sa.select(InboundMessage).where(InboundMessage.dedupe_key == f"msg:{msg_id}"))


def test_messages_older_than_the_retention_period_are_blanked_and_tickets_stay(ctx, client, clock):
    ticket = create_ticket(create_estate(), now=clock.moment, description=WORDS)
    post(client, ctx, msg_id=1)
    sent = create_push(now=clock.moment, payload={"text": WORDS})
    db.session.execute(sa.update(Push).where(Push.id == sent.id)
                       .values(status=PushStatus.SENT, response={"errcode": 0, "msgid": 7}))
    db.session.commit()
    clock.advance(days=175)
    post(client, ctx, msg_id=2)
    clock.advance(days=6)  # the first message is 181 days old, the second 6

    run_retention(ctx)

    old, recent = message(1), message(2)
    assert (old.raw, old.content, old.reply) == ("", None, None)
    assert old.openid == "o_res" and old.received_at is not None  # figures still count it
    assert WORDS in recent.raw and recent.content == WORDS
    push = db.session.get(Push, sent.id)
    assert (push.payload, push.response, push.status) == ({}, None, PushStatus.SENT)
    assert db.session.get(Ticket, ticket.id).description == WORDS
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TicketEvent)
                             .where(TicketEvent.ticket_id == ticket.id)) >= 1
    from app.ops import retention
    assert retention.forget_raw_payloads(now=clock.moment, keep=timedelta(days=180)) == retention.Forgotten(0, 0)


def test_a_second_run_blanks_nothing_more_and_a_pending_push_keeps_its_payload(ctx, clock):
    from app.ops import retention

    waiting = create_push(now=clock.moment)
    clock.advance(days=200)
    assert retention.forget_raw_payloads(now=clock.moment, keep=timedelta(days=180)) == retention.Forgotten(0, 0)
    assert db.session.get(Push, waiting.id).payload["data"] == {"thing1": "3号楼漏水"}


def test_the_retention_period_is_a_setting(ctx, client, clock, monkeypatch):
    monkeypatch.setitem(ctx.config, "RAW_RETENTION_DAYS", 7)
    post(client, ctx, msg_id=3)
    clock.advance(days=8)
    run_retention(ctx)
    assert message(3).raw == ""
