"""In-process CPU of each kind of message in bench_webhook.py's burst, against the minimal handler, in the same run.

Run: .venv/bin/python bench/bench_burst_kinds.py [--db postgres|sqlite] [--n 600] [--profile KIND]
     [--sort cumulative|tottime] [--top 40] [--dump FILE]

The burst's registered residents post through the Flask test client (no HTTP, no gunicorn): each
kind's wall median and CPU per message (this process only: SQLAlchemy, psycopg, the bot, Flask),
and that CPU as a multiple of the minimal handler's (signature + parse + one insert) measured in
the same run — the figure to compare between runs on a noisy machine. Kinds: `open` (a praise or
an emergency: a ticket opened and routed), `readback` (a repair read back for confirmation),
`twin` (the same message again: the stored reply), `first` (bench_webhook.py's real handler: a new
resident's first message, a repair with its place and phone). `--profile open|readback|twin` prints a
cProfile of that kind's CPU time (process time: waits on the database left out), own code and
libraries, by cumulative time unless --sort says otherwise; --dump also saves it for pstats.

PostgreSQL: database `bench_kinds`, recreated. SQLite: a temp file.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="postgres", choices=("postgres", "sqlite"))
    parser.add_argument("--n", type=int, default=600, help="registered residents (one burst message each)")
    parser.add_argument("--profile", choices=("open", "readback", "twin", "first"))
    parser.add_argument("--sort", default="cumulative", help="pstats sort key for --profile")
    parser.add_argument("--top", type=int, default=40, help="lines of --profile printed")
    parser.add_argument("--dump", help="also save --profile's stats to this file")
    args = parser.parse_args()
    from bench import bench_webhook as bw
    from bench.bench_webhook_app import create

    url = bw.fresh_postgres("bench_kinds") if args.db == "postgres" else f"sqlite:///{tempfile.mkdtemp()}/kinds.sqlite"

    bw.prepare(url, args.n)
    client = create(url).test_client()
    profiler = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not waits

    def post(request, kind: str, times: dict, cpu: dict) -> None:
        if profiler and kind == args.profile:
            profiler.enable()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        answer = client.post(request.path, data=request.body, content_type="text/xml")
        times.setdefault(kind, []).append((time.perf_counter() - wall0) * 1000)
        cpu[kind] = cpu.get(kind, 0.0) + time.process_time() - cpu0
        if profiler:
            profiler.disable()
        if answer.status_code != 200:
            raise SystemExit(f"{kind}: HTTP {answer.status_code}")

    texts = [bw.BURST_TEXTS[i % len(bw.BURST_TEXTS)] for i in range(args.n)]
    burst = [(opens, bw.signed("/wechat", f"o_burst_{i}", text)) for i, (text, opens) in enumerate(texts)]
    minimal = [bw.signed("/bench/minimal", f"o_min_{i}", bw.FIRST_CONTACT) for i in range(args.n)]
    first = [bw.signed("/wechat", f"o_new_{i}", bw.FIRST_CONTACT) for i in range(args.n)]
    warm, times, cpu = 50, {}, {}
    for (_, request), base, new in zip(burst[:warm], minimal[:warm], first[:warm]):  # warm up: caches
        post(request, "warm", {}, {})
        post(base, "warm", {}, {})
        post(new, "warm", {}, {})
    for (opens, request), base, new in zip(burst[warm:], minimal[warm:], first[warm:]):  # interleaved
        post(base, "minimal", times, cpu)
        post(request, "open" if opens else "readback", times, cpu)
        post(request, "twin", times, cpu)
        post(new, "first", times, cpu)

    base_cpu = cpu["minimal"] / len(times["minimal"])
    print(f"{args.db}: {args.n - warm} burst messages, each posted twice, interleaved with the minimal handler")
    print(f"{'kind':<10}{'n':>5}{'wall p50 ms':>13}{'cpu/msg ms':>12}{'cpu x minimal':>15}")
    for kind in ("minimal", "open", "readback", "twin", "first"):
        per = cpu[kind] / len(times[kind])
        print(f"{kind:<10}{len(times[kind]):>5}{statistics.median(times[kind]):>13.2f}{per * 1000:>12.2f}"
              f"{per / base_cpu:>15.2f}")
    if profiler:
        if args.dump:
            profiler.dump_stats(args.dump)
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
