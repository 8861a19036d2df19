"""gunicorn with gunicorn.conf.py: the app built once in the master (--preload) and forked answers;
the scheduler never runs in a web worker; with a worker killed every second the service keeps
answering and acknowledges every message once; the workers' webhook counters add up in /metrics.

A real gunicorn on a free loopback port over a SQLite file of its own. Messages are signed with the
system clock, which the server reads too.
"""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from app.wechat.models import InboundMessage
from app.wechat.simulator import sign, text_xml
from config import TestConfig

# Under CI's shifted clock gunicorn's master did not stop within 30 s of SIGTERM: libfaketime shifts the
# monotonic clock too, and a timed wait in a thread of the server's processes then blocks for the whole
# shift. This test is about processes, not the calendar: it runs in the real-clock runs (SQLite and
# PostgreSQL) and is skipped under the shifted ones.
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif("faketime" in os.environ.get("LD_PRELOAD", ""),
                                 reason="a server process under libfaketime cannot stop (timed waits in threads)")]
ROOT = Path(__file__).resolve().parent.parent
TOKEN = "metrics-token-for-the-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def database(tmp_path):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'web.sqlite'}"

    app = create_app(Config)
    with app.app_context():
        upgrade(revision="heads")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def gunicorn(database, tmp_path):
    port = free_port()
    env = {**os.environ, "RED_STEWARD_CONFIG": "test", "DATABASE_URL": database.config["SQLALCHEMY_DATABASE_URI"],
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"), "METRICS_TOKEN": TOKEN}
    master = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
                               "--bind", f"127.0.0.1:{port}", "--workers", "2", "wsgi:app"],
                              cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: answers(url), seconds=60)
        wait_until(lambda: len(workers(master)) == 2, seconds=10)  # the second fork may come a moment later
        yield master, url
    finally:
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=30)


def answers(url) -> bool:
    try:
        return requests.get(f"{url}/healthz?live=1", timeout=2).status_code == 200
    except requests.ConnectionError:
        return False


def wait_until(condition, seconds: float) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "gave up waiting"
        time.sleep(0.02)
    return time.monotonic() - started


def workers(master) -> list[int]:
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def post(url, msg_id: int) -> int:
    signed = sign(text_xml("o_res", "你好", msg_id=msg_id), token=TestConfig.WECHAT_TOKEN,
                  timestamp=str(int(time.time())))
    return requests.post(f"{url}/wechat", params=signed.query, data=signed.body,
                         headers={"Content-Type": "text/xml"}, timeout=10).status_code


def test_the_preloaded_forked_app_answers_and_runs_no_scheduler(gunicorn):
    master, url = gunicorn
    assert len(workers(master)) == 2
    assert post(url, 1) == 200
    health = requests.get(f"{url}/healthz", timeout=5)
    assert health.status_code == 503  # nothing in the web workers ran the tracker or the outbox
    assert health.json()["scheduler"]["tracker"]["last_finished_at"] is None


def test_with_a_worker_killed_every_second_every_message_is_acknowledged_once(gunicorn, database):
    master, url = gunicorn
    sent, answered, back_in = 0, 0, []
    for round_ in range(8):
        started = time.monotonic()
        victim = workers(master)[0]
        os.kill(victim, signal.SIGKILL)
        back_in.append(wait_until(lambda: victim not in workers(master) and len(workers(master)) == 2, 10))
        for i in range(3):
            sent += 1
            answered += post(url, 1000 + round_ * 10 + i) == 200
        time.sleep(max(0.0, 1 - (time.monotonic() - started)))
    assert answered == sent == 24
    assert max(back_in) < 2  # a forked replacement, not a fresh import of the app
    with database.app_context():
        keys = db.session.scalars(sa.select(InboundMessage.dedupe_key)).all()
    assert sorted(keys) == sorted({f"msg:{1000 + r * 10 + i}" for r in range(8) for i in range(3)})

    metrics = requests.get(f"{url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5).text
    assert 'red_steward_webhook_requests_total{outcome="answered"} 24.0' in metrics


def test_gunicorn_refuses_to_start_on_a_database_without_a_schema(tmp_path):
    env = {**os.environ, "RED_STEWARD_CONFIG": "test", "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite'}"}
    done = subprocess.run([sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
                           "--bind", f"127.0.0.1:{free_port()}", "wsgi:app"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "has no schema: run `flask --app wsgi db upgrade` first" in done.stderr
