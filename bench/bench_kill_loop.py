"""Workers killed in a loop: does the service keep acknowledging every message, once? (issue #21, item 7)

Run: DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/SCRATCH .venv/bin/python bench/bench_kill_loop.py \
         [--period 0.5] [--duration 30] [--workers 4] [--senders 4]

SCRATCH is emptied and migrated first: never point it at a database you keep. gunicorn runs with
gunicorn.conf.py (the app preloaded) on a loopback port; senders post signed messages and, as
WeChat does, try a message up to four times until it is answered 200; one worker is SIGKILLed every
PERIOD seconds. The last line: sent, acknowledged, retried, stored, acknowledged-but-missing, doubled.
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from app.wechat.simulator import sign, text_xml  # noqa: E402

TOKEN = "testtoken"  # RED_STEWARD_CONFIG=test's


def main() -> None:
    args = _args()
    url = os.environ["DATABASE_URL"]
    env = {**os.environ, "RED_STEWARD_CONFIG": "test"}
    _fresh(url, env)
    port = _free_port()
    master = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind",
                               f"127.0.0.1:{port}", "-w", str(args.workers), "wsgi:app"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, master, args.workers)
        results, kills = _run(base, master, args)
    finally:
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=30)
    _report(url, results, kills, args)


def _args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--period", type=float, default=0.5)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--senders", type=int, default=4)
    return parser.parse_args()


def _fresh(url: str, env: dict) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _workers(master) -> list[int]:
    return [int(p) for p in Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()]


def _wait_ready(base: str, master, workers: int) -> None:
    while True:
        try:
            if requests.get(f"{base}/healthz?live=1", timeout=2).ok and len(_workers(master)) == workers:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)


def _run(base: str, master, args):
    stop, results, lock = time.monotonic() + args.duration, [], threading.Lock()

    def sender(n: int) -> None:
        i = 0
        while time.monotonic() < stop:
            i += 1
            outcome = _deliver(base, n * 1_000_000 + i, n)
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=sender, args=(n,)) for n in range(args.senders)]
    for thread in threads:
        thread.start()
    kills = 0
    while time.monotonic() < stop:
        try:
            os.kill(_workers(master)[0], signal.SIGKILL)
            kills += 1
        except (IndexError, ProcessLookupError):
            pass
        time.sleep(args.period)
    for thread in threads:
        thread.join()
    return results, kills


def _deliver(base: str, msg_id: int, n: int) -> tuple[int, bool, int]:
    """As WeChat does: the first try and up to three retries of the same signed message."""
    signed = sign(text_xml(f"o_kill_{n}", "你好", msg_id=msg_id), token=TOKEN, timestamp=str(int(time.time())))
    for attempt in range(4):
        try:
            answer = requests.post(f"{base}/wechat", params=signed.query, data=signed.body,
                                   headers={"Content-Type": "text/xml"}, timeout=5)
            if answer.status_code == 200:
                return msg_id, True, attempt
        except requests.RequestException:
            pass
    return msg_id, False, 3


def _report(url: str, results, kills: int, args) -> None:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT dedupe_key, count(*) FROM inbound_message GROUP BY dedupe_key")).all()
    engine.dispose()
    keys = {key for key, _ in stored}
    acked = [msg_id for msg_id, ok, _ in results if ok]
    print(f"period={args.period}s duration={args.duration}s workers={args.workers} kills={kills} "
          f"sent={len(results)} acked={len(acked)} retried={sum(1 for *_, tries in results if tries)} "
          f"stored={len(keys)} acked_but_missing={sum(1 for m in acked if f'msg:{m}' not in keys)} "
          f"doubled={sum(1 for _, count in stored if count > 1)}")


if __name__ == "__main__":
    main()
