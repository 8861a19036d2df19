"""p50/p99 of 签收 (POST …/accept) over HTTP on loopback under load, against GET /healthz?live=1 in the same run.

Run: .venv/bin/python bench/bench_accept.py [--workers 2] [--clients 8] [--tickets 400]
     (DATABASE_URL=postgresql+psycopg://… to measure PostgreSQL; default a fresh SQLite file)

It also counts, in-process, the SQL statements and transactions of one accept (a fresh session, as in
a gunicorn worker), so that a change in the figures can be told apart from noise on the machine.

The app runs under gunicorn (sync workers) as in production; each accept is a real use case:
token check, access rules, the transition with its compare-and-set, the resident's push in the outbox.
"""
from __future__ import annotations

import argparse
import os
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SECRET = "bench-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict, n: int) -> list[tuple[int, str]]:
    """Migrate, load the demo street, open n repairs; (ticket id, its assignee's token) for each."""
    os.environ.update(env)
    from flask_migrate import upgrade

    from app import create_app
    from app.api.auth import issue_token
    from app.clock import utcnow
    from app.extensions import db
    from app.org.models import Person
    from app.org.importer import import_org
    from app.routing.service import open_and_route
    from app.tickets.actors import Actor
    from app.tickets.models import Category
    from app.tickets.service import TicketDraft
    from tests.conftest import drop_everything

    app = create_app()
    with app.app_context():
        drop_everything()
        upgrade(directory=str(ROOT / "migrations"), revision="heads")
        import_org((ROOT / "app/org/data/demo.yaml").read_text(encoding="utf-8"))
        jobs, now = [], utcnow()
        for i in range(n):
            draft = TicketDraft(category=Category.REPAIR, estate_code="YGHY", building=("1", "2", "3")[i % 3],
                                description="厨房水管漏水", skill="plumbing" if i % 2 else "electrical",
                                resident_openid=f"o_bench_{i}", resident_phone="13800138000")
            ticket = open_and_route(draft, now=now, by=Actor.resident(draft.resident_openid))
            if ticket.assignee_id is not None:
                jobs.append((ticket.id, issue_token(db.session.get(Person, ticket.assignee_id), now=now)))
        return jobs


def statements_per_accept(env: dict, ticket_id: int, tok: str) -> tuple[int, int]:
    """(statements, transactions) of one accept through the Flask test client, counted on the engine."""
    import sqlalchemy as sa

    from app import create_app
    from app.extensions import db

    app, seen = create_app(), {"statements": 0, "transactions": 0}
    with app.app_context():
        def on_statement(*_):
            seen["statements"] += 1

        def on_begin(_conn):
            seen["transactions"] += 1

        sa.event.listen(db.engine, "before_cursor_execute", on_statement)
        sa.event.listen(db.engine, "begin", on_begin)
        status = app.test_client().post(f"/api/v1/staff/tickets/{ticket_id}/accept",
                                        headers={"Authorization": f"Bearer {tok}"}).status_code
        db.engine.dispose()
    if status != 200:
        raise SystemExit(f"the counted accept answered {status}")
    return seen["statements"], seen["transactions"]


def serve(env: dict, port: int, workers: int) -> subprocess.Popen:
    cmd = [str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level",
           "warning", "wsgi:app"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env})
    for _ in range(200):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz?live=1", timeout=5).status_code == 200:
                return proc
        except requests.RequestException:
            time.sleep(0.05)
    proc.terminate()
    raise SystemExit("gunicorn did not come up")


def load(clients: int, calls: list[tuple[str, str, dict]]) -> tuple[list[float], list[int], float]:
    """Run the calls from `clients` threads; latencies (ms), statuses, wall time (s)."""
    work: queue.Queue = queue.Queue()
    for call in calls:
        work.put(call)
    latencies, statuses, lock = [], [], threading.Lock()

    def client() -> None:
        with requests.Session() as http:
            while True:
                try:
                    method, url, headers = work.get_nowait()
                except queue.Empty:
                    return
                t0 = time.perf_counter()
                status = http.request(method, url, headers=headers, timeout=30).status_code
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(ms)
                    statuses.append(status)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, statuses, time.perf_counter() - start


def figures(name: str, latencies: list[float], wall: float) -> tuple[float, float]:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    print(f"{name:<22} n={len(ordered):>5}  p50={p50:7.2f} ms  p99={p99:7.2f} ms  {len(ordered) / wall:8.0f} req/s")
    return p50, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--tickets", type=int, default=400)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench_accept_")
    env = {"DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite",
           "SECRET_KEY": SECRET, "WECHAT_API_BASE_URL": "local-fake", "RED_STEWARD_CONFIG": "default"}
    jobs = prepare(env, args.tickets + 2)
    statements_per_accept(env, *jobs.pop())  # first request of a process: caches warm up
    statements, transactions = statements_per_accept(env, *jobs.pop())
    port = free_port()
    proc = serve(env, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        health = [("GET", f"{base}/healthz?live=1", {})] * len(jobs)
        load(args.clients, health[:50])  # warm up every worker
        h_lat, h_status, h_wall = load(args.clients, health)
        accepts = [("POST", f"{base}/api/v1/staff/tickets/{tid}/accept", {"Authorization": f"Bearer {tok}"})
                   for tid, tok in jobs]
        a_lat, a_status, a_wall = load(args.clients, accepts)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    dialect = env["DATABASE_URL"].split(":", 1)[0]
    print(f"accept under load: gunicorn {args.workers} sync workers, {args.clients} clients, {dialect}, "
          f"{len(jobs)} tickets")
    hp50, hp99 = figures("baseline GET /healthz?live=1", h_lat, h_wall)
    ap50, ap99 = figures("POST …/accept", a_lat, a_wall)
    print(f"ratio accept/baseline: p50 x{ap50 / hp50:.1f}, p99 x{ap99 / hp99:.1f}")
    print(f"one accept in-process: {statements} SQL statements in {transactions} transaction(s)")
    bad = [s for s in a_status + h_status if s != 200]
    print(f"non-200 answers: {len(bad)}")
    if bad:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
