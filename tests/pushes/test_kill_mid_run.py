"""A sender killed with SIGKILL in the middle of a run: every push is still delivered, and once.

The sender is a real OS process sending to the fake WeChat API over HTTP. The fake takes the
fourth push (WeChat has it) and never answers, and the test kills the process right then; a second
run delivers the rest at once, and when the lease ends the push that was in flight is marked failed
as interrupted — never sent a second time.
"""
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.clock import utcnow
from app.extensions import db
from app.pushes.models import Push, PushStatus
from app.wechat.outbox import RunReport, run_outbox
from app.wechat.client import build_client
from app.wechat.fake_api import FakeWeChat
from factories import create_push
from live_server import serving

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PUSHES, KILLED_AT = 12, 4
TEMPLATE_SEND = "/cgi-bin/message/template/send"


class WeChatThatHangs:
    """The fake WeChat API; the `hang_at`-th template send is taken (recorded) and then not answered."""

    def __init__(self, fake: FakeWeChat, hang_at: int):
        self.fake, self.hang_at, self.sends = fake, hang_at, 0
        self.hanging, self.release = threading.Event(), threading.Event()
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        answer = self.fake.app(environ, start_response)
        if environ["PATH_INFO"] == TEMPLATE_SEND:
            with self._lock:
                self.sends += 1
                hang = self.sends == self.hang_at
            if hang:
                self.hanging.set()
                self.release.wait(timeout=60)
        return answer


def start_sender(ctx, api_url: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": ctx.config["SQLALCHEMY_DATABASE_URI"], "RED_STEWARD_CONFIG": "test"}
    return subprocess.Popen([sys.executable, "-m", "tests.pushes.outbox_once", api_url], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_sender_killed_mid_run_leaves_no_push_undelivered_and_none_sent_twice(ctx, monkeypatch):
    config = ctx.config
    fake = FakeWeChat(apps={config["WECHAT_APP_ID"]: config["WECHAT_APP_SECRET"],
                            config["MINIPROGRAM_APP_ID"]: config["MINIPROGRAM_APP_SECRET"]})
    wechat = WeChatThatHangs(fake, hang_at=KILLED_AT)
    openids = [f"o_kill_{i:02}" for i in range(PUSHES)]
    for openid in openids:
        create_push(now=utcnow() - timedelta(seconds=1), recipient_openid=openid)
    db.session.rollback()  # hold no lock while the sender runs

    with serving(wechat) as api_url:
        sender = start_sender(ctx, api_url)
        try:
            assert wechat.hanging.wait(timeout=60), "the sender never reached the push it is killed on"
            os.kill(sender.pid, signal.SIGKILL)
            assert sender.wait(timeout=10) == -signal.SIGKILL
        finally:
            wechat.release.set()
            if sender.poll() is None:
                sender.kill()
        in_flight = fake.sent[-1]["touser"]

        monkeypatch.setitem(config, "WECHAT_API_BASE_URL", api_url)
        client = build_client(ctx)
        assert run_outbox(now=utcnow(), client=client).sent == PUSHES - KILLED_AT  # at once: no lease to wait for
        # The sender's own clock set the lease (another process: the test's clock may stand elsewhere).
        lease_end = db.session.scalar(sa.select(Push.next_attempt_at).where(Push.recipient_openid == in_flight))
        db.session.rollback()
        assert run_outbox(now=lease_end + timedelta(seconds=1), client=client) == RunReport()  # not resent

    assert Counter(s["touser"] for s in fake.sent) == Counter(openids)  # every push delivered, once
    db.session.expire_all()
    pushes = {p.recipient_openid: p for p in db.session.scalars(sa.select(Push))}
    assert {o: p.status for o, p in pushes.items() if p.status != PushStatus.SENT} == {in_flight: PushStatus.FAILED}
    assert "interrupted" in pushes[in_flight].last_error and pushes[in_flight].attempts == 1
