"""The webhook's replay guard: a signed timestamp is recent, and a signed (timestamp, nonce) is good for
one body only — WeChat's own retry of the same request goes through, a replay with another body not."""
from datetime import timedelta

import sqlalchemy as sa

from app.clock import utcnow
from app.extensions import db
from app.residents.models import Resident
from app.scheduler import JOBS, build_scheduler
from app.wechat import replay
from app.wechat.models import InboundMessage, SignedRequest
from app.wechat.simulator import sign, text_xml
from bots import messages


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def post_signed(client, ctx, xml: str, *, seconds_ago: int = 0, nonce: str | None = None):
    at = str(int(utcnow().timestamp()) - seconds_ago)
    signed = sign(xml, token=ctx.config["WECHAT_TOKEN"], timestamp=at, nonce=nonce)
    return signed, client.post("/wechat", query_string=signed.query, data=signed.body, content_type="text/xml")


def test_the_same_signed_request_twice_gets_the_same_answer_and_is_stored_once(client, ctx, wechat):
    signed, first = post_signed(client, ctx, text_xml("o_res", "你好", msg_id=71))
    again = client.post("/wechat", query_string=signed.query, data=signed.body, content_type="text/xml")
    assert wechat.reply_of(first) == wechat.reply_of(again) == messages.HELP
    assert (count(InboundMessage), count(SignedRequest)) == (1, 1)


def test_a_used_signature_with_another_body_is_refused_with_403_and_stores_nothing(client, ctx):
    signed, first = post_signed(client, ctx, text_xml("o_res", "你好", msg_id=72))
    forged = text_xml("o_victim", "3号楼漏水 13812345678", msg_id=73).encode()
    replayed = client.post("/wechat", query_string=signed.query, data=forged, content_type="text/xml")
    assert (first.status_code, replayed.status_code) == (200, 403)
    assert "already used" in replayed.get_data(as_text=True)
    assert (count(InboundMessage), count(SignedRequest)) == (1, 1)
    assert db.session.scalar(sa.select(Resident).where(Resident.openid == "o_victim")) is None


def test_a_timestamp_older_than_the_window_is_refused_with_403_and_stores_nothing(client, ctx):
    _, old = post_signed(client, ctx, text_xml("o_res", "你好"), seconds_ago=301)
    assert old.status_code == 403 and "window" in old.get_data(as_text=True)
    assert (count(InboundMessage), count(SignedRequest)) == (0, 0)


def test_a_signature_from_years_ago_is_refused(client, ctx):
    _, ancient = post_signed(client, ctx, text_xml("o_res", "你好"), seconds_ago=9 * 365 * 24 * 3600)
    assert ancient.status_code == 403 and count(InboundMessage) == 0


def test_a_timestamp_ahead_of_the_window_is_refused_and_one_inside_it_is_taken(client, ctx):
    _, ahead = post_signed(client, ctx, text_xml("o_res", "你好"), seconds_ago=-301)
    _, inside = post_signed(client, ctx, text_xml("o_res", "你好"), seconds_ago=280)
    assert (ahead.status_code, inside.status_code) == (403, 200)


def test_the_window_is_a_setting(client, ctx, monkeypatch):
    monkeypatch.setitem(ctx.config, "WECHAT_REPLAY_WINDOW_SECONDS", 60)
    _, late = post_signed(client, ctx, text_xml("o_res", "你好"), seconds_ago=120)
    assert late.status_code == 403


def test_a_signed_timestamp_that_is_not_a_number_is_refused_with_400(client, ctx):
    signed = sign(text_xml("o_res", "你好"), token=ctx.config["WECHAT_TOKEN"], timestamp="soon")
    answer = client.post("/wechat", query_string=signed.query, data=signed.body)
    assert answer.status_code == 400 and count(InboundMessage) == 0


def test_a_nonce_longer_than_wechat_sends_is_refused_with_400(client, ctx):
    _, answer = post_signed(client, ctx, text_xml("o_res", "你好"), nonce="9" * 65)
    assert answer.status_code == 400 and count(SignedRequest) == 0


def test_the_url_check_refuses_an_old_timestamp(client, ctx):
    old = str(int(utcnow().timestamp()) - 3600)
    signed = sign("<xml/>", token=ctx.config["WECHAT_TOKEN"], timestamp=old)
    assert client.get("/wechat", query_string={**signed.query, "echostr": "4711"}).status_code == 403


def test_a_message_signed_by_the_simulator_follows_the_apps_clock_when_it_is_shifted(wechat, monkeypatch):
    """Under libfaketime (+400 days) or a clock set by a test, signer and webhook read the same time."""
    shifted = lambda: utcnow() + timedelta(days=400)  # noqa: E731
    monkeypatch.setattr("app.wechat.views.utcnow", shifted)
    monkeypatch.setattr("app.wechat.simulator.utcnow", shifted)
    assert wechat.say("o_res", "你好") == messages.HELP


def test_signed_requests_outside_the_window_are_forgotten_by_a_scheduled_job(ctx, now):
    replay.admit(signed_at=now - timedelta(minutes=6), nonce="1", body=b"old")
    replay.admit(signed_at=now - timedelta(minutes=4), nonce="2", body=b"recent")
    assert replay.forget_old(now=now, window=timedelta(minutes=5)) == 1
    assert db.session.scalars(sa.select(SignedRequest.nonce)).all() == ["2"]
    job = build_scheduler(ctx).get_job("signed_requests")
    assert "signed_requests" in JOBS and job.trigger.interval == timedelta(seconds=300)


def test_wechats_retry_of_a_request_that_got_503_goes_through_with_the_same_signature(client, ctx, wechat):
    from test_lose_nothing import database_refuses

    xml = text_xml("o_res", "你好", msg_id=74)
    with database_refuses("INSERT INTO INBOUND_MESSAGE"):
        signed, failed = post_signed(client, ctx, xml)
    retry = client.post("/wechat", query_string=signed.query, data=signed.body, content_type="text/xml")
    assert (failed.status_code, wechat.reply_of(retry)) == (503, messages.HELP)
    assert (count(InboundMessage), count(SignedRequest)) == (1, 1)
