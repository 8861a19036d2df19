"""Writers queueing on SQLite's write lock: SQLite's own busy handler against app.db_types.begin_immediate.

Run: .venv/bin/python bench/bench_sqlite_write_lock.py [--seconds 5] [--rounds 2]

Each writer loops: 2 ms of Python CPU outside the lock (a webhook's read phase and bot turn), then
BEGIN IMMEDIATE, one INSERT, 2 ms of CPU inside the lock (its write phase), COMMIT. Writers are
processes (gunicorn's sync workers) or threads of one process (a threaded server). Each case runs
both ways, alternately, in the same run; the figures are transactions per second (the lock's
ceiling is 500/s) and the CPU the writers used.
"""
from __future__ import annotations

import argparse
import multiprocessing
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.db_types import SQLITE_BUSY_TIMEOUT_MS, begin_immediate  # noqa: E402

CPU_SECONDS = 0.002


def spin(seconds: float) -> None:
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        pass


def writer(path: str, polled: bool, stop: float) -> tuple[int, float]:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    done = 0
    while time.time() < stop:
        spin(CPU_SECONDS)
        if polled:
            begin_immediate(conn)
        else:
            conn.execute("BEGIN IMMEDIATE")  # SQLite's busy handler: sleeps 1, 2, 5, 10… ms
        conn.execute("INSERT INTO t VALUES (1)")
        spin(CPU_SECONDS)
        conn.execute("COMMIT")
        done += 1
    conn.close()
    return done, time.process_time()


def _in_process(path: str, polled: bool, stop: float, results) -> None:
    results.put(writer(path, polled, stop))


def run(kind: str, writers: int, polled: bool, seconds: float) -> tuple[float, float]:
    path = f"{tempfile.mkdtemp()}/lock.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (x INTEGER)")
    conn.close()
    stop = time.time() + seconds
    if kind == "processes":
        results = multiprocessing.Queue()
        pool = [multiprocessing.Process(target=_in_process, args=(path, polled, stop, results))
                for _ in range(writers)]
        for p in pool:
            p.start()
        outcome = [results.get() for _ in pool]
        for p in pool:
            p.join()
        done, cpu = sum(o[0] for o in outcome), sum(o[1] for o in outcome)
    else:
        counts: list[int] = []
        cpu0 = time.process_time()
        pool = [threading.Thread(target=lambda: counts.append(writer(path, polled, stop)[0])) for _ in range(writers)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        done, cpu = sum(counts), time.process_time() - cpu0
    return done / seconds, cpu / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    print(f"{'writers':<22}{'busy handler tx/s':>19}{'polled tx/s':>13}{'ratio':>7}   CPU (cores) busy / polled")
    for kind, writers in (("processes", 2), ("processes", 4), ("threads", 2), ("threads", 8)):
        busy, polled = [], []
        for _ in range(args.rounds):
            busy.append(run(kind, writers, False, args.seconds))
            polled.append(run(kind, writers, True, args.seconds))
        b, p = statistics.median(r for r, _ in busy), statistics.median(r for r, _ in polled)
        print(f"{writers} {kind:<20}{b:>19.0f}{p:>13.0f}{p / b:>7.2f}   "
              f"{statistics.median(c for _, c in busy):.2f} / {statistics.median(c for _, c in polled):.2f}")


if __name__ == "__main__":
    main()
